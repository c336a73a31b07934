// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch reporting.
 *
 * Oops and panic reports must say what was killed: a function that returns
 * early is the first suspect of any crash that follows. The notifiers run
 * in contexts that may not sleep or take ks_lock, so they read a fixed,
 * static history table (written under ks_lock) instead of the target list:
 * nothing they read can be freed under them.
 */
#include <linux/kdebug.h>
#include <linux/kernel.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "ks_engine.h"
#include "ks_report.h"

#define KS_HISTORY	64

struct ks_history_entry {
	char name[KS_MODULE_MAX + KS_SYMBOL_MAX];
	long retval;
	bool active;
};

static struct ks_history_entry ks_history[KS_HISTORY];
static unsigned int ks_history_used;
static unsigned int ks_history_dropped;	/* engagements the full table lost */

void ks_audit(const struct ks_actor *who, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_notice("%pV by uid=%u auid=%u ses=%u pid=%d comm=%s%s\n", &vaf,
		  who->uid, who->auid, who->ses, who->pid, who->comm,
		  who->at_load ? " (not via the control file)" : "");
	va_end(args);
}

/* A refusal names who asked as the audit lines do (the caller's task). */
void ks_report_refusal(const char *verb, const char *target, int err,
		       const char *why)
{
	const char *name = ks_errno_name(err);
	struct ks_actor who;
	char num[16];

	ks_actor_current(&who, false);
	if (!name) {
		snprintf(num, sizeof(num), "%d", err);
		name = num;
	}
	pr_warn("%s %s: refused (%s%s): %s [uid=%u auid=%u ses=%u pid=%d comm=%s]\n",
		verb, target, name != num ? "-" : "", name, why, who.uid,
		who.auid, who.ses, who.pid, who.comm);
}

void ks_history_note(const struct ks_target *t, bool active)
{
	struct ks_history_entry *e = NULL;
	char name[sizeof(e->name)];
	unsigned int i;

	if (t->name.module[0])
		snprintf(name, sizeof(name), "%s:%s", t->name.module,
			 t->name.symbol);
	else
		strscpy(name, t->name.symbol, sizeof(name));

	for (i = 0; i < ks_history_used; i++)
		if (!strcmp(ks_history[i].name, name))
			e = &ks_history[i];
	/* Observed, pending, trying: not killing, so nothing to remember. */
	if (!e && !(active && t->state == KS_STATE_ENGAGED))
		return;
	if (!e && ks_history_used < KS_HISTORY)
		e = &ks_history[ks_history_used];
	if (!e) {
		/* Full: reuse an inactive slot, else keep the oldest record. */
		for (i = 0; i < KS_HISTORY && !e; i++)
			if (!ks_history[i].active)
				e = &ks_history[i];
		if (!e) {
			WRITE_ONCE(ks_history_dropped, ks_history_dropped + 1);
			return;
		}
	}
	if (e == &ks_history[ks_history_used])
		WRITE_ONCE(ks_history_used, ks_history_used + 1);
	strscpy(e->name, name, sizeof(e->name));
	e->retval = t->state == KS_STATE_TRYING ? t->try_retval : t->retval;
	e->active = active && t->state == KS_STATE_ENGAGED;
}

void ks_taint(void)
{
	if (!test_taint(KS_TAINT))
		pr_warn("tainting the kernel (bit %d): a function's body no longer runs; reboot to clear\n",
			KS_TAINT);
	add_taint(KS_TAINT, LOCKDEP_STILL_OK);
}

void ks_report_callers(struct ks_target *t)
{
	struct ks_caller c[KS_CALLERS];
	unsigned int i;

	ks_callers_copy(t, c);
	for (i = 0; i < KS_CALLERS; i++)
		if (c[i].ip)
			pr_warn("  %s called by comm=%s pid=%d uid=%u from %pS\n",
				t->name.symbol, c[i].comm, c[i].pid, c[i].uid,
				(void *)c[i].ip);
}

static void ks_report_crash(const char *what)
{
	unsigned int i, n = READ_ONCE(ks_history_used);

	if (!n)
		return;
	pr_emerg("%s with killswitch engagements (current and past, until reboot):\n",
		 what);
	for (i = 0; i < n && i < KS_HISTORY; i++)
		pr_emerg("  %.*s retval=%ld %s\n",
			 (int)sizeof(ks_history[i].name) - 1,
			 ks_history[i].name, ks_history[i].retval,
			 ks_history[i].active ? "ENGAGED" : "was engaged");
	if (READ_ONCE(ks_history_dropped))
		pr_emerg("  ... and %u more engagements not recorded (the table holds %d)\n",
			 READ_ONCE(ks_history_dropped), KS_HISTORY);
}

static int ks_die_event(struct notifier_block *nb, unsigned long val,
			void *data)
{
	if (val == DIE_OOPS)
		ks_report_crash("oops");
	return NOTIFY_DONE;
}

static int ks_panic_event(struct notifier_block *nb, unsigned long val,
			  void *data)
{
	ks_report_crash("panic");
	return NOTIFY_DONE;
}

static struct notifier_block ks_die_nb = {
	.notifier_call = ks_die_event,
};

static struct notifier_block ks_panic_nb = {
	.notifier_call = ks_panic_event,
};

int ks_report_init(void)
{
	int ret = register_die_notifier(&ks_die_nb);

	if (ret)
		return ret;
	atomic_notifier_chain_register(&panic_notifier_list, &ks_panic_nb);
	return 0;
}

void ks_report_exit(void)
{
	atomic_notifier_chain_unregister(&panic_notifier_list, &ks_panic_nb);
	unregister_die_notifier(&ks_die_nb);
}
