// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch and modules coming and going. A pending target is armed when
 * its module loads, from the MODULE_STATE_COMING notifier: that runs before
 * the module's init function, so no instruction of the target runs
 * unprotected. When the module unloads the target goes back to pending.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/string.h>

#include "ks_engine.h"
#include "ks_report.h"

static void ks_module_coming(struct module *mod)
{
	struct ks_target *t;
	const char *why = NULL;
	struct ks_actor who;
	int ret;

	/* The task loading the module (modprobe, or request_module()'s). */
	ks_actor_current(&who, true);

	list_for_each_entry(t, &ks_targets, node) {
		char lookup[KS_MODULE_MAX + KS_SYMBOL_MAX];

		if (t->state != KS_STATE_PENDING || strcmp(t->home, mod->name))
			continue;
		snprintf(lookup, sizeof(lookup), "%s:%s", mod->name,
			 t->name.symbol);
		ret = ks_probe(t, lookup, t->force, &why);
		if (!ret) {
			/* Init code goes soon after init: kprobes, not ftrace. */
			t->in_init = within_module_init((unsigned long)t->kp.addr,
							mod);
			ret = ks_arm(t, &why);
			if (ret)
				ks_disarm(t);
		}
		if (ret) {
			t->state = KS_STATE_FAILED;
			t->reason = why;
			strscpy(t->home, mod->name, sizeof(t->home));
			pr_err("%s:%s: FAILED to arm as %s loads (%s, %d): the module runs UNPROTECTED\n",
			       mod->name, t->name.symbol, mod->name, why, ret);
			continue;
		}
		t->state = t->try_until ? KS_STATE_TRYING :
			   t->observe ? KS_STATE_OBSERVING : KS_STATE_ENGAGED;
		t->reason = NULL;
		if (t->state == KS_STATE_TRYING) {
			ks_try_start(t);
			ks_timer_kick();
		}
		if (t->state == KS_STATE_ENGAGED) {
			ks_taint();
			ks_history_note(t, true);
		}
		ks_audit(&who, "armed %s:%s as %s loads (before its init runs)",
			 mod->name, t->name.symbol, mod->name);
	}
}

/* Its code is going away: disarm t, to be armed again on the next load. */
static void ks_back_to_pending(struct ks_target *t)
{
	ks_disarm(t);
	if (t->state == KS_STATE_ENGAGED)
		ks_history_note(t, false);
	t->state = KS_STATE_PENDING;
	t->reason = NULL;
	t->in_init = false;
}

static void ks_module_going(struct module *mod)
{
	struct ks_target *t;

	list_for_each_entry(t, &ks_targets, node) {
		if (strcmp(t->home, mod->name) ||
		    (!t->armed && t->state != KS_STATE_FAILED))
			continue;
		ks_back_to_pending(t);
		pr_notice("%s:%s: module %s unloaded; pending until it loads again\n",
			  mod->name, t->name.symbol, mod->name);
	}
}

/*
 * The module's init has run and its init code is about to be freed (kprobes
 * has just dropped its probes there): a target in it goes back to pending,
 * armed again before init runs at the next load.
 */
static void ks_module_live(struct module *mod)
{
	struct ks_target *t;

	list_for_each_entry(t, &ks_targets, node) {
		if (!t->armed || !t->in_init || strcmp(t->home, mod->name))
			continue;
		ks_back_to_pending(t);
		pr_notice("%s:%s: init code of %s, freed now that its init has run; pending until it loads again\n",
			  mod->name, t->name.symbol, mod->name);
	}
}

static int ks_module_event(struct notifier_block *nb, unsigned long action,
			   void *data)
{
	if (action != MODULE_STATE_COMING && action != MODULE_STATE_GOING &&
	    action != MODULE_STATE_LIVE)
		return NOTIFY_DONE;
	mutex_lock(&ks_lock);
	if (action == MODULE_STATE_COMING)
		ks_module_coming(data);
	else if (action == MODULE_STATE_LIVE)
		ks_module_live(data);
	else
		ks_module_going(data);
	mutex_unlock(&ks_lock);
	return NOTIFY_OK;
}

static struct notifier_block ks_module_nb = {
	.notifier_call = ks_module_event,
};

int ks_modules_init(void)
{
	return register_module_notifier(&ks_module_nb);
}

void ks_modules_exit(void)
{
	unregister_module_notifier(&ks_module_nb);
}
