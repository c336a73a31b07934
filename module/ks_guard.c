// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch guard rails: the one reviewed table of functions whose loss
 * hangs the kernel or locks the administrator out.
 *
 * An entry ending in '*' matches every symbol with that prefix. Compiler
 * clones ("foo.isra.0", "foo.constprop.1", "foo.part.0", "foo.cold") are
 * matched by their base name.
 *
 * KS_GUARD_LOCKOUT entries are the path that a write to the control file
 * takes (syscall entry, VFS write, capability and lockdown checks, the
 * allocations and locks of the write handler, kprobe unregistration):
 * killing one would leave no way to disengage, so "force" does not
 * override them. Everything else is KS_GUARD_CORE.
 */
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "ks_guard.h"

struct ks_guard_entry {
	const char *name;
	enum ks_guard kind;
	const char *why;
};

#define LOCKOUT(n, w)	{ n, KS_GUARD_LOCKOUT, w }
#define CORE(n, w)	{ n, KS_GUARD_CORE, w }

static const char why_write[] =
	"the control-file write path needs it (you could not disengage)";
static const char why_cap[] =
	"capability and lockdown checks guard the control file (you could not disengage)";
static const char why_alloc[] = "memory allocator: the kernel cannot run without it";
static const char why_lock[] = "locking primitive: killing it corrupts or hangs the kernel";
static const char why_sched[] = "scheduler: killing it hangs the kernel";
static const char why_rcu[] = "RCU: killing it hangs or corrupts the kernel";
static const char why_print[] = "printk/console: you would lose the kernel log";
static const char why_kprobe[] = "kprobes and ftrace run killswitch itself";
static const char why_core[] = "core kernel path: killing it is likely to hang the machine";

static const struct ks_guard_entry ks_guard_table[] = {
	/* The control-file write path. */
	LOCKOUT("ksys_write", why_write),
	LOCKOUT("vfs_write", why_write),
	LOCKOUT("__x64_sys_write", why_write),
	LOCKOUT("__arm64_sys_write", why_write),
	LOCKOUT("__se_sys_write", why_write),
	LOCKOUT("__do_sys_write", why_write),
	LOCKOUT("do_syscall_64", why_write),
	LOCKOUT("x64_sys_call", why_write),
	LOCKOUT("rw_verify_area", why_write),
	LOCKOUT("security_file_permission", why_write),
	LOCKOUT("__fdget_pos", why_write),
	LOCKOUT("__fget_light", why_write),
	LOCKOUT("fdget_pos", why_write),
	LOCKOUT("do_sys_open", why_write),
	LOCKOUT("do_sys_openat2", why_write),
	LOCKOUT("do_filp_open", why_write),
	LOCKOUT("path_openat", why_write),
	LOCKOUT("vfs_open", why_write),
	LOCKOUT("do_dentry_open", why_write),
	LOCKOUT("simple_open", why_write),
	LOCKOUT("memdup_user*", why_write),
	LOCKOUT("vmemdup_user", why_write),
	LOCKOUT("_copy_from_user", why_write),
	LOCKOUT("copy_from_user*", why_write),
	LOCKOUT("securityfs_*", why_write),
	LOCKOUT("capable", why_cap),
	LOCKOUT("ns_capable*", why_cap),
	LOCKOUT("file_ns_capable", why_cap),
	LOCKOUT("has_capability*", why_cap),
	LOCKOUT("has_ns_capability*", why_cap),
	LOCKOUT("security_capable", why_cap),
	LOCKOUT("cap_capable", why_cap),
	LOCKOUT("security_locked_down", why_cap),
	LOCKOUT("lockdown_is_locked_down", why_cap),
	LOCKOUT("mutex_lock*", why_lock),
	LOCKOUT("mutex_unlock", why_lock),
	LOCKOUT("__mutex_lock*", why_lock),
	LOCKOUT("__mutex_unlock*", why_lock),
	LOCKOUT("kmalloc*", why_alloc),
	LOCKOUT("__kmalloc*", why_alloc),
	LOCKOUT("kvmalloc*", why_alloc),
	LOCKOUT("kfree", why_alloc),
	LOCKOUT("kvfree", why_alloc),
	LOCKOUT("kmem_cache_alloc*", why_alloc),
	LOCKOUT("kmem_cache_free", why_alloc),
	LOCKOUT("*register_kprobe*", why_kprobe),
	LOCKOUT("disable_kprobe", why_kprobe),
	LOCKOUT("enable_kprobe", why_kprobe),
	LOCKOUT("ftrace_*", why_kprobe),
	LOCKOUT("text_poke*", why_kprobe),

	/* The rest of the core: "force" overrides these. */
	CORE("schedule*", why_sched),
	CORE("__schedule", why_sched),
	CORE("try_to_wake_up", why_sched),
	CORE("wake_up_*", why_sched),
	CORE("__wake_up*", why_sched),
	CORE("pick_next_task*", why_sched),
	CORE("scheduler_tick", why_sched),
	CORE("finish_task_switch", why_sched),
	CORE("_raw_spin_*", why_lock),
	CORE("_raw_read_*", why_lock),
	CORE("_raw_write_*", why_lock),
	CORE("queued_spin_*", why_lock),
	CORE("queued_read_*", why_lock),
	CORE("queued_write_*", why_lock),
	CORE("down*", why_lock),
	CORE("up", why_lock),
	CORE("up_read", why_lock),
	CORE("up_write", why_lock),
	CORE("rwsem_*", why_lock),
	CORE("__alloc_pages*", why_alloc),
	CORE("alloc_pages*", why_alloc),
	CORE("__get_free_pages", why_alloc),
	CORE("free_pages*", why_alloc),
	CORE("__free_pages*", why_alloc),
	CORE("get_page_from_freelist", why_alloc),
	CORE("vmalloc*", why_alloc),
	CORE("__vmalloc*", why_alloc),
	CORE("vfree", why_alloc),
	CORE("__slab_alloc*", why_alloc),
	CORE("slab_*", why_alloc),
	CORE("printk", why_print),
	CORE("_printk*", why_print),
	CORE("vprintk*", why_print),
	CORE("console_*", why_print),
	CORE("rcu_*", why_rcu),
	CORE("call_rcu*", why_rcu),
	CORE("synchronize_rcu*", why_rcu),
	CORE("__rcu_*", why_rcu),
	CORE("kprobe_*", why_kprobe),
	CORE("arch_*kprobe*", why_kprobe),
	CORE("panic", why_core),
	CORE("do_exit", why_core),
	CORE("do_group_exit", why_core),
	CORE("kernel_clone", why_core),
	CORE("do_idle", why_core),
	CORE("cpu_startup_entry", why_core),
	CORE("handle_mm_fault", why_core),
	CORE("do_user_addr_fault", why_core),
	CORE("exc_page_fault", why_core),
	CORE("irq_enter*", why_core),
	CORE("irq_exit*", why_core),
	CORE("__do_softirq", why_core),
	CORE("hrtimer_*", why_core),
	CORE("tick_*", why_core),
	CORE("ktime_get*", why_core),
	CORE("commit_creds", why_core),
	CORE("prepare_creds", why_core),
};

char *ks_guard_extra;

/* Length of a symbol without a compiler-clone suffix (".isra.0"...). */
static size_t ks_base_len(const char *sym)
{
	const char *dot = strchr(sym, '.');

	return dot ? dot - sym : strlen(sym);
}

static bool ks_contains(const char *s, size_t len, const char *needle,
			size_t n)
{
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (!strncmp(s + i, needle, n))
			return true;
	return false;
}

/* pattern: "exact", "prefix*" or "*infix*" (plen bytes, no NUL needed). */
static bool ks_match(const char *pattern, size_t plen, const char *sym,
		     size_t len)
{
	if (plen >= 2 && pattern[0] == '*' && pattern[plen - 1] == '*')
		return ks_contains(sym, len, pattern + 1, plen - 2);
	if (plen && pattern[plen - 1] == '*')
		return len >= plen - 1 && !strncmp(sym, pattern, plen - 1);
	return len == plen && !strncmp(sym, pattern, len);
}

static bool ks_match_extra(const char *sym, size_t len)
{
	const char *p = ks_guard_extra;

	while (p && *p) {
		size_t n = strcspn(p, ",");

		if (ks_match(p, n, sym, len))
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

enum ks_guard ks_guard_check(const char *symbol, const char **why)
{
	size_t len = ks_base_len(symbol);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ks_guard_table); i++) {
		const struct ks_guard_entry *e = &ks_guard_table[i];

		if (ks_match(e->name, strlen(e->name), symbol, len)) {
			*why = e->why;
			return e->kind;
		}
	}
	if (ks_match_extra(symbol, len)) {
		*why = "listed in the guard_extra= module parameter";
		return KS_GUARD_CORE;
	}
	return KS_GUARD_NONE;
}
