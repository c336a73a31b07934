// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch engine: targets, their kprobes, and the all-or-nothing
 * application of a batch of commands.
 *
 * One mutex (ks_lock) guards everything here: the list of targets, the two
 * hash tables, every target's state, and the securityfs nodes. The kprobe
 * pre-handler takes no lock: it reads live/retval/scope with READ_ONCE and
 * observe with acquire, and counts hits per CPU.
 */
#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/user_namespace.h>

#include "ks_control.h"
#include "ks_engine.h"
#include "ks_guard.h"
#include "ks_report.h"

DEFINE_MUTEX(ks_lock);
LIST_HEAD(ks_targets);
static DEFINE_HASHTABLE(ks_names, 9);	/* key: symbol */
static bool ks_closing;			/* module exit has begun */
static unsigned long ks_last_id;		/* of targets, under ks_lock */

void ks_actor_current(struct ks_actor *who, bool at_load)
{
	who->uid = from_kuid(&init_user_ns, current_uid());
	who->auid = from_kuid(&init_user_ns, audit_get_loginuid(current));
	who->ses = audit_get_sessionid(current);
	who->pid = task_tgid_nr(current);
	get_task_comm(who->comm, current);
	who->at_load = at_load;
}

const char *ks_state_name(enum ks_state state)
{
	static const char * const names[] = {
		[KS_STATE_PENDING] = "pending",
		[KS_STATE_ENGAGED] = "engaged",
		[KS_STATE_OBSERVING] = "observing",
		[KS_STATE_TRYING] = "trying",
		[KS_STATE_FAILED] = "failed",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "?";
}

unsigned long ks_hits(const struct ks_target *t)
{
	unsigned long sum = t->hits_base + ks_fast_hits_of(t);
	int cpu;

	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(t->hits, cpu);
	return sum;
}

static u32 ks_name_hash(const char *s)
{
	return full_name_hash(NULL, s, strlen(s));
}

struct ks_target *ks_find(const char *symbol)
{
	struct ks_target *t;

	lockdep_assert_held(&ks_lock);
	hash_for_each_possible(ks_names, t, by_name, ks_name_hash(symbol))
		if (!strcmp(t->name.symbol, symbol))
			return t;
	return NULL;
}

struct ks_target *ks_find_id(unsigned long id)
{
	struct ks_target *t;

	lockdep_assert_held(&ks_lock);
	list_for_each_entry(t, &ks_targets, node)
		if (t->id == id)
			return t;
	return NULL;
}

static void ks_format_target(const struct ks_target_name *n, char *buf,
			     size_t size)
{
	if (n->module[0])
		snprintf(buf, size, "%s:%s", n->module, n->symbol);
	else
		snprintf(buf, size, "%s", n->symbol);
}

/* ------------------------------------------------------------------ */
/* Targets: allocation and removal.                                   */

static struct ks_target *ks_target_alloc(const struct ks_cmd *cmd)
{
	struct ks_target *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	t->hits = alloc_percpu(unsigned long);
	if (!t->hits) {
		kfree(t);
		return NULL;
	}
	t->id = ++ks_last_id;
	t->name = cmd->target;
	t->scope = cmd->scope;
	t->force = cmd->force;
	t->fast_slot = -1;
	raw_spin_lock_init(&t->callers_lock);
	INIT_LIST_HEAD(&t->batch);
	return t;
}

static void ks_target_free(struct ks_target *t)
{
	free_percpu(t->hits);
	kfree(t);
}

/* Unlink a target that is no longer armed and free it. */
static void ks_target_drop(struct ks_target *t)
{
	WARN_ON_ONCE(t->armed);
	ks_control_del_target(t);
	hash_del(&t->by_name);
	list_del(&t->node);
	ks_target_free(t);
}

/*
 * Disarm and drop many targets with one RCU grace period for their kprobes
 * (the batch form of unregister_kprobe() waits once for all of them) and
 * one ftrace_ops per fast-path group that loses its last member.
 */
void ks_remove_list(struct list_head *victims, const char *verb,
		    const struct ks_actor *who)
{
	struct ks_fast_group **groups = NULL;
	unsigned int n = 0, ng = 0, i;
	struct ks_target *t, *tmp;
	struct kprobe **kps;

	list_for_each_entry(t, victims, batch)
		n += t->armed;
	kps = n ? kvmalloc_array(n, sizeof(*kps), GFP_KERNEL) : NULL;
	groups = kps ? kvmalloc_array(n, sizeof(*groups), GFP_KERNEL) : NULL;
	if (!groups) {
		kvfree(kps);
		kps = NULL;
	}
	n = 0;
	list_for_each_entry(t, victims, batch) {
		if (!t->armed)
			continue;
		if (kps) {
			struct ks_fast_group *g = ks_fast_disarm(t);

			if (g)
				groups[ng++] = g;
			ks_unhash(t);
			kps[n++] = &t->kp;
		} else {
			ks_disarm(t);	/* no memory: one at a time */
		}
	}
	/* Nothing is killed any more; now wait for the stragglers. */
	if (n)
		unregister_kprobes(kps, n);
	for (i = 0; i < ng; i++)
		ks_fast_release(groups[i]);
	kvfree(groups);
	kvfree(kps);

	list_for_each_entry_safe(t, tmp, victims, batch) {
		list_del_init(&t->batch);
		/* Engaged and dropped in the same write: never was a target. */
		if (t->fresh) {
			ks_target_drop(t);
			continue;
		}
		/* Replaced: its history entry is its replacement's now. */
		if (!t->replaced_by)
			ks_history_note(t, false);
		if (verb)
			ks_audit(who, "%s %s%s%s hits=%lu", verb,
				 t->name.module, t->name.module[0] ? ":" : "",
				 t->name.symbol, ks_hits(t));
		ks_target_drop(t);
	}
}

/* ------------------------------------------------------------------ */
/* Batches.                                                            */

struct ks_batch {
	struct list_head added;		/* new targets */
	struct list_head doomed;	/* existing targets to remove */
	struct list_head confirmed;	/* existing targets to confirm */
	const struct ks_actor *who;
};

static bool ks_in_batch(const struct ks_target *t)
{
	return !list_empty(&t->batch);
}

static int ks_refuse(const struct ks_cmd *cmd, int err, const char *why)
{
	char name[KS_MODULE_MAX + KS_SYMBOL_MAX];

	ks_format_target(&cmd->target, name, sizeof(name));
	ks_report_refusal(ks_verb_name(cmd->verb), name, err, why);
	return err;
}

static int ks_prepare_new(const struct ks_cmd *cmd, struct ks_batch *b)
{
	bool observe = cmd->verb == KS_VERB_OBSERVE;
	struct ks_target *t, *old;
	const char *why = NULL;
	int ret;

	/*
	 * A target disengaged earlier in this write may be engaged again in
	 * it: the new one replaces the old one when the write commits.
	 */
	old = ks_find(cmd->target.symbol);
	if (old && !ks_in_batch(old))
		return ks_refuse(cmd, -EBUSY,
				 "already a target (disengage it first, or in the same write to replace it)");
	if (old && (!old->doomed || old->replaced_by || old->fresh))
		return ks_refuse(cmd, -EINVAL, "named twice in one write");

	/*
	 * Lockdown: killing is changing the kernel's code paths (integrity);
	 * observing only places a kprobe, which confidentiality forbids, as
	 * it does for tracefs kprobes. Module parameters are no exception:
	 * root can reload the module with new ones at any time, so honouring
	 * them would let root kill, say, module signature checking.
	 */
	ret = security_locked_down(observe ? LOCKDOWN_KPROBES :
				   LOCKDOWN_INTEGRITY_MAX);
	if (ret)
		return ks_refuse(cmd, ret, observe ?
				 "kernel lockdown (confidentiality) forbids kprobes" :
				 b->who->at_load ?
				 "kernel lockdown (integrity) forbids changing kernel code, also from module parameters (the module can be reloaded at any time)" :
				 "kernel lockdown (integrity) forbids changing kernel code at runtime");

	t = ks_target_alloc(cmd);
	if (!t)
		return ks_refuse(cmd, -ENOMEM, "out of memory");

	switch (cmd->verb) {
	case KS_VERB_ENGAGE:
		t->retval = cmd->retval;
		t->state = KS_STATE_ENGAGED;
		if (cmd->revert_secs)
			t->revert_at = jiffies + cmd->revert_secs * HZ;
		break;
	case KS_VERB_TRYENGAGE:
		t->observe = true;
		t->try_retval = cmd->retval;
		t->state = KS_STATE_TRYING;
		t->try_secs = cmd->observe_secs;
		t->revert_secs = cmd->revert_secs;
		ks_try_start(t);
		break;
	default:
		t->observe = true;
		t->state = KS_STATE_OBSERVING;
		break;
	}

	t->replaces = old;
	ret = ks_resolve(t, cmd->force, &why);
	if (ret) {
		ks_target_free(t);
		return ks_refuse(cmd, ret, why);
	}

	t->fresh = true;
	hash_add(ks_names, &t->by_name, ks_name_hash(t->name.symbol));
	list_add_tail(&t->node, &ks_targets);
	list_add_tail(&t->batch, &b->added);

	if (old) {
		/* Its fn/ files and their id pass to the new one at commit. */
		old->replaced_by = t;
		t->id = old->id;
		return 0;
	}
	ret = ks_control_add_target(t);
	if (ret) {
		list_del_init(&t->batch);
		ks_disarm(t);
		ks_target_drop(t);
		return ks_refuse(cmd, ret, "cannot create fn/<symbol>/ files");
	}
	return 0;
}

static int ks_prepare(const struct ks_cmd *cmd, struct ks_batch *b)
{
	struct ks_target *t;

	switch (cmd->verb) {
	case KS_VERB_ENGAGE:
	case KS_VERB_TRYENGAGE:
	case KS_VERB_OBSERVE:
		return ks_prepare_new(cmd, b);
	case KS_VERB_DISENGAGE:
	case KS_VERB_CONFIRM:
		t = ks_find(cmd->target.symbol);
		if (!t)
			return ks_refuse(cmd, -ENOENT, "not a target");
		if (cmd->target.module[0] &&
		    strcmp(cmd->target.module, t->name.module) &&
		    strcmp(cmd->target.module, t->home))
			return ks_refuse(cmd, -ENOENT,
					 "not a target in that module");
		if (ks_in_batch(t))
			return ks_refuse(cmd, -EINVAL, "named twice in one write");
		if (cmd->verb == KS_VERB_CONFIRM && !t->revert_at)
			return ks_refuse(cmd, -EINVAL,
					 "no automatic revert to confirm");
		list_add_tail(&t->batch, cmd->verb == KS_VERB_CONFIRM ?
			      &b->confirmed : &b->doomed);
		t->doomed = cmd->verb == KS_VERB_DISENGAGE;
		return 0;
	case KS_VERB_DISENGAGE_ALL:
		list_for_each_entry(t, &ks_targets, node) {
			if (t->doomed)
				continue;
			t->doomed = true;
			/* A replacement dropped again: the old one just goes. */
			if (t->replaces)
				t->replaces->replaced_by = NULL;
			/* New in this batch: stays on "added", never enabled. */
			if (!ks_in_batch(t))
				list_add_tail(&t->batch, &b->doomed);
			else
				list_move_tail(&t->batch, &b->doomed);
		}
		return 0;
	default:
		return 0;
	}
}

static void ks_rollback(struct ks_batch *b)
{
	struct ks_target *t, *tmp;
	LIST_HEAD(all);

	list_splice_init(&b->added, &all);
	list_splice_init(&b->doomed, &all);
	list_splice_init(&b->confirmed, &all);
	list_for_each_entry_safe(t, tmp, &all, batch) {
		list_del_init(&t->batch);
		t->doomed = false;
		t->replaced_by = NULL;
		if (t->fresh) {
			/* Never enabled, or enabling failed half way. */
			ks_fast_give_back(t);
			ks_disarm(t);
			ks_target_drop(t);
		}
	}
}

static void ks_log_new(const struct ks_target *t, const struct ks_actor *who)
{
	const char *mod = t->name.module, *sep = mod[0] ? ":" : "";

	switch (t->state) {
	case KS_STATE_OBSERVING:
		ks_audit(who, "observe %s%s%s", mod, sep, t->name.symbol);
		break;
	case KS_STATE_TRYING:
		ks_audit(who, "tryengage %s%s%s retval=%ld scope=%s",
			 mod, sep, t->name.symbol, t->try_retval,
			 ks_scope_name(t->scope));
		break;
	default:
		ks_audit(who, "engage %s%s%s retval=%ld scope=%s%s%s",
			 mod, sep, t->name.symbol, t->retval,
			 ks_scope_name(t->scope),
			 t->state == KS_STATE_PENDING ? " (pending: module not loaded)" : "",
			 t->revert_at ? " revert armed" : "");
		break;
	}
}

static int ks_commit(struct ks_batch *b, const struct ks_cmd *cmds,
		     unsigned int n, unsigned int *bad)
{
	struct ks_target *t, *tmp;
	const char *why = NULL;
	bool ticking = false;
	int ret;

	/* Arm every new target; a failure here still undoes the batch. */
	ret = ks_arm_list(&b->added, &t, &why);
	if (ret) {
		for (*bad = 0; *bad < n - 1; (*bad)++)
			if (!strcmp(cmds[*bad].target.symbol, t->name.symbol))
				break;
		return ks_refuse(&cmds[*bad], ret, why);
	}

	/* Past this point nothing can fail: start killing, all at once. */
	ks_go_live(&b->added);
	list_for_each_entry_safe(t, tmp, &b->added, batch) {
		list_del_init(&t->batch);
		t->fresh = false;
		if (t->replaces) {
			t->fs = t->replaces->fs;
			t->replaces->fs = NULL;
			t->replaces = NULL;
			t->took_over = false;
		}
		ks_log_new(t, b->who);
		ks_history_note(t, true);
		if (t->state == KS_STATE_ENGAGED && t->armed)
			ks_taint();
		ticking |= t->revert_at || t->try_until;
	}
	list_for_each_entry_safe(t, tmp, &b->confirmed, batch) {
		list_del_init(&t->batch);
		t->revert_at = 0;
		ks_audit(b->who, "confirm %s%s%s", t->name.module,
			 t->name.module[0] ? ":" : "", t->name.symbol);
	}
	ks_remove_list(&b->doomed, "disengage", b->who);
	if (ticking)
		ks_timer_kick();
	return 0;
}

int ks_apply(const struct ks_cmd *cmds, unsigned int n,
	     const struct ks_actor *who, unsigned int *bad)
{
	struct ks_batch b = { .who = who };
	unsigned int i;
	int ret = 0;

	INIT_LIST_HEAD(&b.added);
	INIT_LIST_HEAD(&b.doomed);
	INIT_LIST_HEAD(&b.confirmed);

	mutex_lock(&ks_lock);
	if (ks_closing) {
		ret = -ENODEV;
		*bad = 0;
		goto out;
	}
	for (i = 0; i < n; i++) {
		ret = ks_prepare(&cmds[i], &b);
		if (ret) {
			*bad = i;
			break;
		}
	}
	if (!ret)
		ret = ks_commit(&b, cmds, n, bad);
	if (ret)
		ks_rollback(&b);
out:
	mutex_unlock(&ks_lock);
	return ret;
}

int ks_set_retval(struct ks_target *t, long val, const struct ks_actor *who)
{
	int ret;

	lockdep_assert_held(&ks_lock);
	ret = security_locked_down(LOCKDOWN_INTEGRITY_MAX);
	if (ret) {
		ks_report_refusal("retval", t->name.symbol, ret,
				  "kernel lockdown (integrity) forbids changing kernel code at runtime");
		return ret;
	}
	if (t->try_until) {
		t->try_retval = val;
	} else {
		WRITE_ONCE(t->retval, val);
		ks_fast_set_retval(t);
		ks_history_note(t, true);
	}
	ks_audit(who, "retval %s%s%s %ld", t->name.module,
		 t->name.module[0] ? ":" : "", t->name.symbol, val);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Views.                                                             */

void ks_show_target(struct seq_file *m, const struct ks_target *t)
{
	if (t->name.module[0])
		seq_printf(m, "%s:", t->name.module);
	seq_printf(m, "%s retval=%ld hits=%lu state=%s", t->name.symbol,
		   t->try_until ? t->try_retval : t->retval,
		   ks_hits(t), ks_state_name(t->state));
	seq_printf(m, " path=%s scope=%s module=%s", ks_path_name(t),
		   ks_scope_name(t->scope), t->home[0] ? t->home : "vmlinux");
	if (t->revert_at)
		seq_printf(m, " revert_in=%lu",
			   time_after(t->revert_at, jiffies) ?
			   DIV_ROUND_UP(t->revert_at - jiffies, HZ) : 0);
	/* A pending trial starts in full when its module loads. */
	if (t->try_until)
		seq_printf(m, " try_in=%lu",
			   t->state == KS_STATE_PENDING ? t->try_secs :
			   time_after(t->try_until, jiffies) ?
			   DIV_ROUND_UP(t->try_until - jiffies, HZ) : 0);
	if (t->observe && !t->try_until)
		seq_puts(m, " observe=1");
	if (t->force)
		seq_puts(m, " force=1");
	if (t->reason)
		seq_printf(m, " reason=\"%s\"", t->reason);
	seq_putc(m, '\n');
}

void ks_show_all(struct seq_file *m)
{
	struct ks_target *t;

	lockdep_assert_held(&ks_lock);
	list_for_each_entry(t, &ks_targets, node)
		ks_show_target(m, t);
}

/* A consistent copy of t's callers (the handler writes them). */
void ks_callers_copy(struct ks_target *t, struct ks_caller c[KS_CALLERS])
{
	unsigned long flags;

	raw_spin_lock_irqsave(&t->callers_lock, flags);
	memcpy(c, t->callers, sizeof(t->callers));
	raw_spin_unlock_irqrestore(&t->callers_lock, flags);
}

void ks_show_callers(struct seq_file *m, struct ks_target *t)
{
	struct ks_caller c[KS_CALLERS];
	unsigned int i;

	ks_callers_copy(t, c);
	for (i = 0; i < KS_CALLERS; i++)
		if (c[i].ip)
			seq_printf(m, "comm=%s pid=%d uid=%u caller=%pS\n",
				   c[i].comm, c[i].pid, c[i].uid,
				   (void *)c[i].ip);
}

/* ------------------------------------------------------------------ */

void ks_engine_init(void)
{
	ks_fast_init();
	ks_closing = false;
	ks_timer_start();
}

void ks_engine_exit(void)
{
	LIST_HEAD(all);
	struct ks_target *t;
	struct ks_actor who;

	ks_actor_current(&who, false);
	mutex_lock(&ks_lock);
	ks_closing = true;
	mutex_unlock(&ks_lock);
	ks_timer_stop();

	mutex_lock(&ks_lock);
	list_for_each_entry(t, &ks_targets, node)
		list_add_tail(&t->batch, &all);
	ks_remove_list(&all, "disengage (unload)", &who);
	mutex_unlock(&ks_lock);

	/*
	 * unregister_kprobes() waited for every handler to finish, but a task
	 * may have been preempted after its handler returned and before it
	 * executed ks_arch_return_stub, which lives in this module's text.
	 * Such a task has not done a voluntary context switch since, which is
	 * exactly what an RCU-tasks grace period waits for. (The fast path's
	 * ftrace_ops already waited for its entry when they were unregistered.)
	 */
	synchronize_rcu_tasks();
	ks_fast_exit();
}

