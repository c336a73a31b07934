// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch timers: automatic revert ("commit confirmed") and tryengage
 * deadlines, checked once a second by one delayed work while any target
 * has a deadline. One work for all targets, so no work item's lifetime has
 * to be tied to a target's.
 */
#include <linux/audit.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "ks_engine.h"
#include "ks_report.h"

static bool ks_timer_stopped;

static void ks_tick(struct work_struct *work);
static DECLARE_DELAYED_WORK(ks_tick_work, ks_tick);

/*
 * Check deadlines within a second. Called with ks_lock held. A tick already
 * queued stays where it is: pushing it back on every write would let a
 * stream of writes postpone every revert and trial for ever.
 */
void ks_timer_kick(void)
{
	if (!ks_timer_stopped)
		queue_delayed_work(system_wq, &ks_tick_work, HZ);
}

/*
 * (Re)start a tryengage's trial: at the write, and again when the module of
 * a pending one loads (the trial is about calls into the loaded code). Zero
 * means "no deadline", so a deadline never lands on jiffies == 0.
 */
void ks_try_start(struct ks_target *t)
{
	t->try_until = (jiffies + t->try_secs * HZ) ?: 1;
	t->revert_at = t->revert_secs ?
		       (t->try_until + t->revert_secs * HZ) ?: 1 : 0;
}

static void ks_tick(struct work_struct *work)
{
	struct ks_actor who = { .comm = "killswitch-timer", .auid = (uid_t)-1,
				.ses = AUDIT_SID_UNSET, .at_load = true };
	LIST_HEAD(expired);
	struct ks_target *t, *tmp;
	bool again = false;

	mutex_lock(&ks_lock);
	list_for_each_entry_safe(t, tmp, &ks_targets, node) {
		/* A trial, and its revert, start when its module loads. */
		if (t->state == KS_STATE_PENDING && t->try_until)
			continue;
		if (t->state == KS_STATE_TRYING) {
			if (ks_hits(t)) {
				pr_warn("tryengage %s: gave up: the function was called (see callers below); nothing engaged\n",
					t->name.symbol);
				ks_report_callers(t);
				list_add_tail(&t->batch, &expired);
				continue;
			}
			if (time_after_eq(jiffies, t->try_until)) {
				WRITE_ONCE(t->retval, t->try_retval);
				/* Pairs with the handler's acquire of observe. */
				smp_store_release(&t->observe, false);
				t->state = KS_STATE_ENGAGED;
				t->try_until = 0;
				ks_taint();
				ks_history_note(t, true);
				ks_audit(&who, "tryengage %s: not called while observed; engaged retval=%ld",
					 t->name.symbol, t->retval);
			} else {
				again = true;
			}
		}
		if (t->revert_at && time_after_eq(jiffies, t->revert_at)) {
			pr_warn("revert: %s was not confirmed in time; disengaging\n",
				t->name.symbol);
			list_add_tail(&t->batch, &expired);
			continue;
		}
		again |= t->revert_at || t->try_until;
	}
	ks_remove_list(&expired, "disengage (automatic)", &who);
	if (again)
		ks_timer_kick();
	mutex_unlock(&ks_lock);
}

void ks_timer_start(void)
{
	ks_timer_stopped = false;
}

void ks_timer_stop(void)
{
	mutex_lock(&ks_lock);
	ks_timer_stopped = true;
	mutex_unlock(&ks_lock);
	cancel_delayed_work_sync(&ks_tick_work);
}
