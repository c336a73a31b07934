// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch probes: the kprobe handler (the hot path), and the arming of
 * a target - resolving its name to an address, checking what the name
 * resolved to, and registering the kprobe. Arming runs under ks_lock.
 */
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/kallsyms.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/user_namespace.h>

#include "ks_arch.h"
#include "ks_engine.h"
#include "ks_guard.h"

/* Armed targets by probe address: one function may not be two targets. */
static DEFINE_HASHTABLE(ks_addrs, 9);

/*
 * Was the probed function called from task context? An ftrace-based kprobe
 * runs its handler in the caller's context; a breakpoint kprobe runs it in
 * the exception, which on x86 counts as NMI (KS_ARCH_BP_PREEMPT_OFFSET), so
 * in_task() would always be false there: look at the context the breakpoint
 * interrupted instead.
 */
static bool ks_called_in_task(struct kprobe *kp)
{
	unsigned long pc = preempt_count();

	if (KS_ARCH_BP_PREEMPT_OFFSET && !kprobe_ftrace(kp) &&
	    (pc & NMI_MASK))
		pc -= KS_ARCH_BP_PREEMPT_OFFSET;
	return !(pc & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET));
}
NOKPROBE_SYMBOL(ks_called_in_task);

static bool ks_scope_match(struct kprobe *kp, enum ks_scope scope)
{
	/*
	 * Scopes describe the task that makes the call. In interrupt context
	 * "current" is whoever was interrupted, so a scoped target never
	 * matches there: the real function runs.
	 */
	if (!ks_called_in_task(kp))
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
	bool task = ks_called_in_task(&t->kp);
	pid_t pid = task ? task_pid_nr(current) : 0;
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
	t->callers[i].uid = task ?
		from_kuid(&init_user_ns, current_uid()) : 0;
	if (task)
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

	/* Armed by a write that has not committed (yet): the body runs. */
	if (unlikely(!READ_ONCE(t->live)))
		return 0;
	/* Acquire: a trial that just committed has its retval visible. */
	if (unlikely(smp_load_acquire(&t->observe))) {
		this_cpu_inc(*t->hits);
		ks_record_caller(t, regs);
		return 0;
	}
	scope = READ_ONCE(t->scope);
	if (scope != KS_SCOPE_ALL && !ks_scope_match(kp, scope))
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


static struct ks_target *ks_find_addr(void *addr)
{
	struct ks_target *t;

	hash_for_each_possible(ks_addrs, t, by_addr, (unsigned long)addr)
		if (t->armed && t->kp.addr == addr)
			return t;
	return NULL;
}

/*
 * Is a module of this name loaded? The kernel does not export find_module(),
 * but every loaded module has a kobject in the same kset as our own. A
 * module being unloaded (GOING) keeps its kobject until it is freed, which
 * our reference holds off: it counts as absent, so that a target named in
 * it goes pending and is armed on the next load.
 */
enum ks_module_is { KS_MOD_ABSENT, KS_MOD_LOADED, KS_MOD_BUILTIN };

static enum ks_module_is ks_module_status(const char *name)
{
	struct kset *kset = ks_module_kset();
	enum ks_module_is is = KS_MOD_ABSENT;
	struct kobject *kobj;

	if (!kset)
		return is;
	kobj = kset_find_obj(kset, name);
	if (kobj) {
		struct module *mod = container_of(kobj, struct module_kobject,
						  kobj)->mod;

		/* Built-in modules with parameters have a kobject, no module. */
		if (!mod)
			is = KS_MOD_BUILTIN;
		else if (READ_ONCE(mod->state) != MODULE_STATE_GOING)
			is = KS_MOD_LOADED;
		kobject_put(kobj);
	}
	return is;
}

/*
 * Register t's kprobe, disabled, on "lookup" and check what it landed on.
 * On success t->armed is set, t->home names the module that holds the code
 * ("" for vmlinux) and the probe still has to be enabled.
 */
int ks_probe(struct ks_target *t, const char *lookup, bool force,
		    const char **why)
{
	struct ks_target *other;
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
	if (ret == -ENOMEM) {
		*why = "out of memory";
		return ret;
	}
	if (ret) {
		/*
		 * kprobes' own refusal: blacklisted or noinstr (EINVAL), not on
		 * an instruction boundary (EILSEQ), text reserved by a jump
		 * label or static call (EBUSY)... One errno for all of them,
		 * distinct from "already a target".
		 */
		*why = ret == -EBUSY ?
		       "kprobes cannot probe this function (its text is reserved: jump label, static call)" :
		       "kprobes cannot probe this function (blacklisted, noinstr, or not text)";
		return -EOPNOTSUPP;
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

	other = ks_find_addr(t->kp.addr);
	if (other && other != t->replaces) {
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
int ks_resolve(struct ks_target *t, bool force, const char **why)
{
	char lookup[KS_MODULE_MAX + KS_SYMBOL_MAX];
	enum ks_module_is is;
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
	is = ks_module_status(t->name.module);
	if (is == KS_MOD_LOADED) {
		*why = "the module is loaded but has no such function";
		return -ENOENT;
	}
	/* A "module" built into the kernel: its code is in vmlinux. */
	ret = ks_probe(t, t->name.symbol, force, why);
	if (!ret && !t->home[0]) {
		/*
		 * Most built-in modules leave no trace of their name: a module
		 * that is merely not loaded, with a function of the same name
		 * in vmlinux, looks the same. Say which one was taken.
		 */
		if (is != KS_MOD_BUILTIN)
			pr_notice("%s:%s: no module %s is loaded, and %s is in the kernel itself: taken as built in (module=vmlinux)\n",
				  t->name.module, t->name.symbol,
				  t->name.module, t->name.symbol);
		return 0;
	}
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

/*
 * The one place that chooses how a target is killed: the ftrace direct
 * call when ks_fast_eligible() (plain engagement of a function on an ftrace
 * site, fastpath=1, an architecture and kernel that have it) and there is
 * room in its table, otherwise the kprobe's handler (scopes, observing,
 * tryengage, no ftrace site). A refusal of the direct call by ftrace
 * (EBUSY: another ftrace user owns the function) is final: kprobes would
 * meet the same owner.
 */
static int ks_home_cmp(const void *a, const void *b)
{
	const struct ks_target *x = *(const struct ks_target * const *)a;
	const struct ks_target *y = *(const struct ks_target * const *)b;

	return strcmp(x->home, y->home);
}

static int ks_arm_kprobe(struct ks_target *t, const char **why)
{
	int ret = ks_fast_check_site(t, why);

	if (ret)
		return ret;
	ret = enable_kprobe(&t->kp);
	if (ret)
		*why = ret == -EBUSY ?
		       "another ip-modifying ftrace user (livepatch?) owns this function" :
		       "kprobes could not arm the probe";
	return ret;
}

/*
 * A replacement (see ks_prepare_new()) takes its old target's place on the
 * same path, so that the function is never unprotected: on the fast path
 * it takes over the old one's slot; on kprobes its own probe is enabled
 * beside the old one's, which goes when the write commits. A replacement
 * that would need a kprobe where the old one has a direct call cannot
 * share the site: it is refused (disengage first, in another write).
 */
static int ks_arm_replacement(struct ks_target *t, const char **why)
{
	struct ks_target *old = t->replaces;

	if (old->fast_slot >= 0) {
		if (t->observe || t->scope != KS_SCOPE_ALL) {
			*why = "it is killed through a direct call, and scope=/observe need a kprobe on the same site: disengage it in a write of its own first";
			return -EBUSY;
		}
		ks_fast_take_over(t);
		return 0;
	}
	return ks_arm_kprobe(t, why);
}

static bool ks_arm_fast(const struct ks_target *t)
{
	return t->armed && t->fast_slot < 0 &&
	       !(t->replaces && t->replaces->armed) && ks_fast_eligible(t);
}

int ks_arm_list(struct list_head *targets, struct ks_target **bad,
		const char **why)
{
	struct ks_target *t, **fast = NULL;
	unsigned int n = 0;
	int ret = 0;

	list_for_each_entry(t, targets, batch) {
		if (!t->armed || !t->replaces || !t->replaces->armed)
			continue;
		ret = ks_arm_replacement(t, why);
		if (ret) {
			*bad = t;
			return ret;
		}
	}
	list_for_each_entry(t, targets, batch)
		n += ks_arm_fast(t);
	if (n)
		fast = kvmalloc_array(n, sizeof(*fast), GFP_KERNEL);
	if (fast) {
		n = 0;
		list_for_each_entry(t, targets, batch)
			if (ks_arm_fast(t))
				fast[n++] = t;
		sort(fast, n, sizeof(*fast), ks_home_cmp, NULL);
		ret = ks_fast_arm_batch(fast, n, bad);
		kvfree(fast);
		if (ret) {
			*why = "another ftrace user (livepatch, BPF?) owns this function";
			return ret;
		}
	}
	/* The rest, and whatever had no room on the fast path: kprobes. */
	list_for_each_entry(t, targets, batch) {
		if (!t->armed || t->fast_slot >= 0)
			continue;
		ret = ks_arm_kprobe(t, why);
		if (ret) {
			*bad = t;
			return ret;
		}
	}
	return 0;
}

void ks_go_live(struct list_head *targets)
{
	struct ks_target *t;

	list_for_each_entry(t, targets, batch) {
		if (!t->armed)
			continue;
		if (t->fast_slot >= 0)
			ks_fast_go_live(t);
		else
			WRITE_ONCE(t->live, true);
	}
}

int ks_arm(struct ks_target *t, const char **why)
{
	struct ks_target *bad = NULL;
	LIST_HEAD(one);
	int ret;

	list_add(&t->batch, &one);
	ret = ks_arm_list(&one, &bad, why);
	if (!ret)
		ks_go_live(&one);
	list_del_init(&t->batch);
	return ret;
}

const char *ks_path_name(const struct ks_target *t)
{
	if (!t->armed)
		return "none";
	if (t->fast_slot >= 0)
		return "direct";
	return kprobe_ftrace((struct kprobe *)&t->kp) ? "kprobe-ftrace" :
	       "kprobe-int3";
}

void ks_disarm(struct ks_target *t)
{
	if (!t->armed)
		return;
	ks_fast_release(ks_fast_disarm(t));
	hash_del(&t->by_addr);
	unregister_kprobe(&t->kp);
	t->armed = false;
	WRITE_ONCE(t->live, false);
}

/* Forget a probe that the caller unregisters itself, in a batch. */
void ks_unhash(struct ks_target *t)
{
	hash_del(&t->by_addr);
	t->armed = false;
	WRITE_ONCE(t->live, false);
}
