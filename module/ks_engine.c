// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch engine: targets, their kprobes, and the all-or-nothing
 * application of a batch of commands.
 *
 * One mutex (ks_lock) guards everything here: the list of targets, the two
 * hash tables, every target's state, and the securityfs nodes. The kprobe
 * pre-handler takes no lock: it reads retval/scope/observe with READ_ONCE
 * and counts hits per CPU.
 */
#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/jiffies.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/user_namespace.h>
#include <linux/workqueue.h>

#include "ks_arch.h"
#include "ks_control.h"
#include "ks_engine.h"
#include "ks_guard.h"
#include "ks_report.h"

#define KS_HASH_BITS	9

DEFINE_MUTEX(ks_lock);
static LIST_HEAD(ks_targets);
static DEFINE_HASHTABLE(ks_names, KS_HASH_BITS);
static DEFINE_HASHTABLE(ks_addrs, KS_HASH_BITS);
static bool ks_closing;		/* module exit has begun */

static void ks_tick(struct work_struct *work);
static DECLARE_DELAYED_WORK(ks_tick_work, ks_tick);

/* ------------------------------------------------------------------ */
/* The hot path: runs on every call of an armed target.               */

static bool ks_scope_match(enum ks_scope scope)
{
	/*
	 * Scopes describe the task that makes the call. In interrupt context
	 * "current" is whoever was interrupted, so a scoped target never
	 * matches there: the real function runs.
	 */
	if (!in_task())
		return false;
	switch (scope) {
	case KS_SCOPE_UNPRIV:
		return !uid_eq(current_uid(), GLOBAL_ROOT_UID);
	case KS_SCOPE_USERNS:
		return current_user_ns() != &init_user_ns;
	default:
		return true;
	}
}
NOKPROBE_SYMBOL(ks_scope_match);

static void ks_record_caller(struct ks_target *t, struct pt_regs *regs)
{
	unsigned long ip = ks_arch_caller(regs);
	pid_t pid = in_task() ? task_pid_nr(current) : 0;
	unsigned long flags;
	unsigned int i;

	/* Never wait in the handler: a contended record is simply skipped. */
	if (!raw_spin_trylock_irqsave(&t->callers_lock, flags))
		return;
	for (i = 0; i < KS_CALLERS; i++) {
		if (t->callers[i].ip == ip && t->callers[i].pid == pid)
			goto out;
	}
	i = t->callers_next++ % KS_CALLERS;
	t->callers[i].ip = ip;
	t->callers[i].pid = pid;
	t->callers[i].uid = in_task() ?
		from_kuid(&init_user_ns, current_uid()) : 0;
	if (in_task())
		memcpy(t->callers[i].comm, current->comm,
		       sizeof(t->callers[i].comm));
	else
		strscpy(t->callers[i].comm, "<irq>", sizeof(t->callers[i].comm));
	t->callers[i].comm[sizeof(t->callers[i].comm) - 1] = '\0';
out:
	raw_spin_unlock_irqrestore(&t->callers_lock, flags);
}
NOKPROBE_SYMBOL(ks_record_caller);

static int ks_pre_handler(struct kprobe *kp, struct pt_regs *regs)
{
	struct ks_target *t = container_of(kp, struct ks_target, kp);
	enum ks_scope scope;

	if (unlikely(READ_ONCE(t->observe))) {
		this_cpu_inc(*t->hits);
		ks_record_caller(t, regs);
		return 0;
	}
	scope = READ_ONCE(t->scope);
	if (scope != KS_SCOPE_ALL && !ks_scope_match(scope))
		return 0;
	this_cpu_inc(*t->hits);
	ks_arch_override_return(regs, READ_ONCE(t->retval));
	return 1;	/* resume at the new ip: do not single-step */
}
NOKPROBE_SYMBOL(ks_pre_handler);

/*
 * An empty post-handler is not decoration: a kprobe that has one is never
 * jump-optimized (an optimized probe cannot change the ip), and on ftrace
 * sites it is armed through the IPMODIFY ftrace_ops, so that a conflict
 * with livepatch or another ip-modifying user is refused with EBUSY instead
 * of being shared silently.
 */
static void ks_post_handler(struct kprobe *kp, struct pt_regs *regs,
			    unsigned long flags)
{
}
NOKPROBE_SYMBOL(ks_post_handler);

/* ------------------------------------------------------------------ */
/* Small helpers.                                                     */

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
	unsigned long sum = 0;
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

static struct ks_target *ks_find_addr(void *addr)
{
	struct ks_target *t;

	hash_for_each_possible(ks_addrs, t, by_addr, (unsigned long)addr)
		if (t->armed && t->kp.addr == addr)
			return t;
	return NULL;
}

bool ks_target_live(const struct ks_target *t)
{
	struct ks_target *it;

	lockdep_assert_held(&ks_lock);
	if (!t)
		return false;
	hash_for_each_possible(ks_names, it, by_name,
			       ks_name_hash(t->name.symbol))
		if (it == t)
			return true;
	return false;
}

static void ks_format_target(const struct ks_target_name *n, char *buf,
			     size_t size)
{
	if (n->module[0])
		snprintf(buf, size, "%s:%s", n->module, n->symbol);
	else
		snprintf(buf, size, "%s", n->symbol);
}

/*
 * Is a module of this name loaded? The kernel does not export find_module(),
 * but every loaded module has a kobject in the same kset as our own.
 */
static bool ks_module_loaded(const char *name)
{
	struct kset *kset = ks_module_kset();
	struct kobject *kobj;
	bool loaded = false;

	if (!kset)
		return false;
	kobj = kset_find_obj(kset, name);
	if (kobj) {
		loaded = container_of(kobj, struct module_kobject, kobj)->mod;
		kobject_put(kobj);
	}
	return loaded;
}

/* ------------------------------------------------------------------ */
/* Arming: resolve a target to an address and register its kprobe.   */

/*
 * Register t's kprobe, disabled, on "lookup" and check what it landed on.
 * On success t->armed is set, t->home names the module that holds the code
 * ("" for vmlinux) and the probe still has to be enabled.
 */
static int ks_probe(struct ks_target *t, const char *lookup, bool force,
		    const char **why)
{
	char sym[KSYM_SYMBOL_LEN];
	enum ks_guard kind;
	char *p, *mod;
	int ret;

	memset(&t->kp, 0, sizeof(t->kp));
	t->kp.symbol_name = lookup;
	t->kp.pre_handler = ks_pre_handler;
	t->kp.post_handler = ks_post_handler;
	t->kp.flags = KPROBE_FLAG_DISABLED;

	ret = register_kprobe(&t->kp);
	if (ret == -ENOENT) {
		*why = "no such function";
		return ret;
	}
	if (ret) {
		/* kprobes' own refusal: blacklisted, not text, reserved... */
		*why = "kprobes cannot probe this function";
		return ret == -EBUSY ? ret : -EOPNOTSUPP;
	}
	t->kp.symbol_name = NULL;	/* lookup may be a stack buffer */

	if (ks_within_module(t->kp.addr, THIS_MODULE)) {
		*why = "it is killswitch's own code";
		ret = -EACCES;
		goto fail;
	}

	/* "name+0x0/0x40 [module]": the canonical name and the module. */
	sprint_symbol(sym, (unsigned long)t->kp.addr);
	mod = strchr(sym, '[');
	p = strchr(sym, '+');
	if (p)
		*p = '\0';
	t->home[0] = '\0';
	if (mod) {
		p = strchr(++mod, ']');
		if (p)
			*p = '\0';
		strscpy(t->home, mod, sizeof(t->home));
	}

	kind = ks_guard_check(sym, why);
	if (kind == KS_GUARD_NONE)
		kind = ks_guard_check(t->name.symbol, why);
	if (kind == KS_GUARD_LOCKOUT || (kind == KS_GUARD_CORE && !force)) {
		ret = -EACCES;
		goto fail;
	}

	if (ks_find_addr(t->kp.addr)) {
		*why = "the same function is already a target under another name";
		ret = -EBUSY;
		goto fail;
	}
	t->armed = true;
	hash_add(ks_addrs, &t->by_addr, (unsigned long)t->kp.addr);
	return 0;

fail:
	unregister_kprobe(&t->kp);
	return ret;
}

/*
 * Resolve a new target: armed (probe registered, disabled), or pending
 * when it names a module that is not loaded.
 */
static int ks_resolve(struct ks_target *t, bool force, const char **why)
{
	char lookup[KS_MODULE_MAX + KS_SYMBOL_MAX];
	int ret;

	if (!t->name.module[0]) {
		ret = ks_probe(t, t->name.symbol, force, why);
		if (ret == -ENOENT)
			*why = "no such function in the kernel or a loaded module; for a module that is not loaded, name it module:symbol";
		return ret;
	}

	snprintf(lookup, sizeof(lookup), "%s:%s", t->name.module,
		 t->name.symbol);
	ret = ks_probe(t, lookup, force, why);
	if (ret != -ENOENT)
		return ret;
	if (ks_module_loaded(t->name.module)) {
		*why = "the module is loaded but has no such function";
		return -ENOENT;
	}
	/* A "module" built into the kernel: its code is in vmlinux. */
	ret = ks_probe(t, t->name.symbol, force, why);
	if (!ret && !t->home[0])
		return 0;
	if (!ret) {
		/* Found, but in some other module: not what was asked for. */
		hash_del(&t->by_addr);
		t->armed = false;
		unregister_kprobe(&t->kp);
	} else if (ret != -ENOENT) {
		return ret;
	}
	strscpy(t->home, t->name.module, sizeof(t->home));
	t->state = KS_STATE_PENDING;
	return 0;
}

static void ks_disarm(struct ks_target *t)
{
	if (!t->armed)
		return;
	hash_del(&t->by_addr);
	unregister_kprobe(&t->kp);
	t->armed = false;
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
	t->name = cmd->target;
	t->scope = cmd->scope;
	t->force = cmd->force;
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
 * Disarm and drop many targets with a single RCU grace period: the batch
 * form of unregister_kprobe() waits once for all of them.
 */
static void ks_remove_list(struct list_head *victims, const char *verb,
			   const struct ks_actor *who)
{
	struct ks_target *t, *tmp;
	struct kprobe **kps;
	unsigned int n = 0;

	list_for_each_entry(t, victims, batch)
		n += t->armed;
	kps = n ? kvmalloc_array(n, sizeof(*kps), GFP_KERNEL) : NULL;
	n = 0;
	list_for_each_entry(t, victims, batch) {
		if (!t->armed)
			continue;
		if (kps) {
			hash_del(&t->by_addr);
			t->armed = false;
			kps[n++] = &t->kp;
		} else {
			ks_disarm(t);	/* no memory: one at a time */
		}
	}
	if (n)
		unregister_kprobes(kps, n);
	kvfree(kps);

	list_for_each_entry_safe(t, tmp, victims, batch) {
		list_del_init(&t->batch);
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
	struct ks_target *t;
	const char *why = NULL;
	int ret;

	t = ks_find(cmd->target.symbol);
	if (t)
		return ks_refuse(cmd, ks_in_batch(t) ? -EINVAL : -EBUSY,
				 ks_in_batch(t) ? "named twice in one write" :
				 "already a target (disengage it first)");

	if (cmd->verb != KS_VERB_OBSERVE && !b->who->at_load) {
		ret = security_locked_down(LOCKDOWN_INTEGRITY_MAX);
		if (ret)
			return ks_refuse(cmd, ret,
					 "kernel lockdown (integrity) forbids changing kernel code at runtime");
	}

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
		t->try_until = jiffies + cmd->observe_secs * HZ;
		if (cmd->revert_secs)
			t->revert_at = t->try_until + cmd->revert_secs * HZ;
		break;
	default:
		t->observe = true;
		t->state = KS_STATE_OBSERVING;
		break;
	}

	ret = ks_resolve(t, cmd->force, &why);
	if (ret) {
		ks_target_free(t);
		return ks_refuse(cmd, ret, why);
	}

	t->fresh = true;
	hash_add(ks_names, &t->by_name, ks_name_hash(t->name.symbol));
	list_add_tail(&t->node, &ks_targets);
	list_add_tail(&t->batch, &b->added);

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
		if (t->fresh) {
			/* Never enabled, or enabling failed half way. */
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

static void ks_schedule_tick(void)
{
	if (!ks_closing)
		mod_delayed_work(system_wq, &ks_tick_work, HZ);
}

static int ks_commit(struct ks_batch *b, const struct ks_cmd *cmds,
		     unsigned int n, unsigned int *bad)
{
	struct ks_target *t, *tmp;
	bool ticking = false;
	int ret;

	/* Arm every new target; a failure here still undoes the batch. */
	list_for_each_entry(t, &b->added, batch) {
		if (!t->armed)
			continue;
		ret = enable_kprobe(&t->kp);
		if (ret) {
			struct ks_cmd c = { .verb = KS_VERB_ENGAGE,
					    .target = t->name };

			for (*bad = 0; *bad < n; (*bad)++)
				if (!strcmp(cmds[*bad].target.symbol,
					    t->name.symbol))
					break;
			return ks_refuse(&c, ret, ret == -EBUSY ?
					 "another ip-modifying ftrace user (livepatch?) owns this function" :
					 "kprobes could not arm the probe");
		}
	}

	/* Past this point nothing can fail. */
	list_for_each_entry_safe(t, tmp, &b->added, batch) {
		list_del_init(&t->batch);
		t->fresh = false;
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
		ks_schedule_tick();
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
	if (!who->at_load) {
		ret = security_locked_down(LOCKDOWN_INTEGRITY_MAX);
		if (ret) {
			ks_report_refusal("retval", t->name.symbol, ret,
					  "kernel lockdown (integrity) forbids changing kernel code at runtime");
			return ret;
		}
	}
	if (t->state == KS_STATE_TRYING) {
		t->try_retval = val;
	} else {
		WRITE_ONCE(t->retval, val);
		ks_history_note(t, true);
	}
	ks_audit(who, "retval %s%s%s %ld", t->name.module,
		 t->name.module[0] ? ":" : "", t->name.symbol, val);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Modules coming and going.                                          */

static void ks_module_coming(struct module *mod)
{
	struct ks_actor who = { .comm = "module-load", .uid = 0,
				.auid = (uid_t)-1, .at_load = true };
	struct ks_target *t;
	const char *why = NULL;
	int ret;

	list_for_each_entry(t, &ks_targets, node) {
		char lookup[KS_MODULE_MAX + KS_SYMBOL_MAX];

		if (t->state != KS_STATE_PENDING || strcmp(t->home, mod->name))
			continue;
		snprintf(lookup, sizeof(lookup), "%s:%s", mod->name,
			 t->name.symbol);
		ret = ks_probe(t, lookup, t->force, &why);
		if (!ret) {
			ret = enable_kprobe(&t->kp);
			if (ret) {
				why = "kprobes could not arm the probe";
				ks_disarm(t);
			}
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
		if (t->state == KS_STATE_ENGAGED)
			ks_taint();
		ks_audit(&who, "armed %s:%s as %s loads (before its init runs)",
			 mod->name, t->name.symbol, mod->name);
	}
}

static void ks_module_going(struct module *mod)
{
	struct ks_target *t;

	list_for_each_entry(t, &ks_targets, node) {
		if (strcmp(t->home, mod->name) ||
		    (!t->armed && t->state != KS_STATE_FAILED))
			continue;
		ks_disarm(t);
		t->state = KS_STATE_PENDING;
		t->reason = NULL;
		pr_notice("%s:%s: module %s unloaded; pending until it loads again\n",
			  mod->name, t->name.symbol, mod->name);
	}
}

static int ks_module_event(struct notifier_block *nb, unsigned long action,
			   void *data)
{
	if (action != MODULE_STATE_COMING && action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	mutex_lock(&ks_lock);
	if (action == MODULE_STATE_COMING)
		ks_module_coming(data);
	else
		ks_module_going(data);
	mutex_unlock(&ks_lock);
	return NOTIFY_OK;
}

static struct notifier_block ks_module_nb = {
	.notifier_call = ks_module_event,
};

/* ------------------------------------------------------------------ */
/* Timers: automatic revert and tryengage, checked once a second.     */

static void ks_tick(struct work_struct *work)
{
	struct ks_actor who = { .comm = "revert-timer", .uid = 0,
				.auid = (uid_t)-1, .at_load = true };
	LIST_HEAD(expired);
	struct ks_target *t, *tmp;
	bool again = false;

	mutex_lock(&ks_lock);
	list_for_each_entry_safe(t, tmp, &ks_targets, node) {
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
				WRITE_ONCE(t->observe, false);
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
		ks_schedule_tick();
	mutex_unlock(&ks_lock);
}

/* ------------------------------------------------------------------ */
/* Views.                                                             */

void ks_show_target(struct seq_file *m, const struct ks_target *t)
{
	const char *path = "none";

	if (t->name.module[0])
		seq_printf(m, "%s:", t->name.module);
	seq_printf(m, "%s retval=%ld hits=%lu state=%s", t->name.symbol,
		   t->state == KS_STATE_TRYING ? t->try_retval : t->retval,
		   ks_hits(t), ks_state_name(t->state));
	if (t->armed)
		path = kprobe_ftrace((struct kprobe *)&t->kp) ? "kprobe-ftrace" :
		       "kprobe-int3";
	seq_printf(m, " path=%s scope=%s module=%s", path,
		   ks_scope_name(t->scope), t->home[0] ? t->home : "vmlinux");
	if (t->revert_at)
		seq_printf(m, " revert_in=%lu",
			   time_after(t->revert_at, jiffies) ?
			   DIV_ROUND_UP(t->revert_at - jiffies, HZ) : 0);
	if (t->try_until)
		seq_printf(m, " try_in=%lu",
			   time_after(t->try_until, jiffies) ?
			   DIV_ROUND_UP(t->try_until - jiffies, HZ) : 0);
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

void ks_show_callers(struct seq_file *m, struct ks_target *t)
{
	struct ks_caller c[KS_CALLERS];
	unsigned long flags;
	unsigned int i;

	raw_spin_lock_irqsave(&t->callers_lock, flags);
	memcpy(c, t->callers, sizeof(c));
	raw_spin_unlock_irqrestore(&t->callers_lock, flags);
	for (i = 0; i < KS_CALLERS; i++)
		if (c[i].ip)
			seq_printf(m, "comm=%s pid=%d uid=%u caller=%pS\n",
				   c[i].comm, c[i].pid, c[i].uid,
				   (void *)c[i].ip);
}

/* ------------------------------------------------------------------ */

int ks_engine_init(void)
{
	return register_module_notifier(&ks_module_nb);
}

void ks_engine_exit(void)
{
	LIST_HEAD(all);
	struct ks_target *t;
	struct ks_actor who = { .comm = "rmmod", .auid = (uid_t)-1 };

	ks_actor_current(&who, false);
	mutex_lock(&ks_lock);
	ks_closing = true;
	mutex_unlock(&ks_lock);
	cancel_delayed_work_sync(&ks_tick_work);
	unregister_module_notifier(&ks_module_nb);

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
	 * exactly what an RCU-tasks grace period waits for.
	 */
	synchronize_rcu_tasks();
}
