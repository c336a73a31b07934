/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch: every difference between kernel versions lives here, as
 * feature probes (never LINUX_VERSION_CODE in the .c files). Kbuild
 * force-includes this header first into every object.
 */
#ifndef _KS_COMPAT_H
#define _KS_COMPAT_H

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#ifndef __ASSEMBLY__
#include <linux/kernel.h>
#include <linux/panic.h>

/*
 * Taint bit. The upstream killswitch proposal assigns bit 20 ('H',
 * TAINT_KILLSWITCH). Kernels that number fewer taint flags than that leave
 * bit 20 unassigned, and set_bit() on tainted_mask makes it visible in
 * /proc/sys/kernel/tainted (value 1048576). A kernel that has grown a flag
 * of its own at bit 20 would see it misreported, so there we fall back to
 * TAINT_LIVEPATCH ('K'), the closest existing meaning: the running code
 * differs from the code that was booted.
 */
#ifdef TAINT_KILLSWITCH
#define KS_TAINT		TAINT_KILLSWITCH
#elif TAINT_FLAGS_COUNT <= 20
#define KS_TAINT		20
#else
#define KS_TAINT		TAINT_LIVEPATCH
#endif

/*
 * Module text ranges: within_module() is a static inline in every kernel
 * we support (it follows the layout change from core_layout to mem[]).
 */
#define ks_within_module(addr, mod)	within_module((unsigned long)(addr), mod)

/*
 * The kset that holds every loaded module's kobject (module_kset is not
 * exported; our own kobject lives in it). NULL when built in.
 */
#ifdef MODULE
#define ks_module_kset()	(THIS_MODULE->mkobj.kobj.kset)
#else
#define ks_module_kset()	((struct kset *)NULL)
#endif

/*
 * ftrace direct calls (the fast path, ks_fast.c). Up to 6.5 a direct ops
 * is registered with *_ftrace_direct_multi(ops, addr) and its filter is
 * freed by hand; later kernels renamed them *_ftrace_direct() and free the
 * filter on request. KS_HAVE_DIRECT_MULTI is probed by Kbuild.
 */
#ifdef CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS
#include <linux/ftrace.h>
#define KS_HAVE_DIRECT_CALLS	1
#ifdef KS_HAVE_DIRECT_MULTI
static inline int ks_direct_register(struct ftrace_ops *ops, unsigned long addr)
{
	return register_ftrace_direct_multi(ops, addr);
}

static inline int ks_direct_unregister(struct ftrace_ops *ops,
				       unsigned long addr)
{
	int ret = unregister_ftrace_direct_multi(ops, addr);

	ftrace_free_filter(ops);
	return ret;
}
#else
static inline int ks_direct_register(struct ftrace_ops *ops, unsigned long addr)
{
	return register_ftrace_direct(ops, addr);
}

static inline int ks_direct_unregister(struct ftrace_ops *ops,
				       unsigned long addr)
{
	return unregister_ftrace_direct(ops, addr, true);
}
#endif
#endif /* CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS */

#endif /* __ASSEMBLY__ */
#endif /* _KS_COMPAT_H */
