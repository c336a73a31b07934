/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch guard rails: functions that must not be killed.
 */
#ifndef _KS_GUARD_H
#define _KS_GUARD_H

enum ks_guard {
	KS_GUARD_NONE = 0,
	KS_GUARD_CORE,		/* hangs or cripples the kernel: "force" overrides */
	KS_GUARD_LOCKOUT,	/* needed to disengage again: never allowed */
};

/* Classify a symbol; *why gets the reason when it is guarded. */
enum ks_guard ks_guard_check(const char *symbol, const char **why);

/* Extra KS_GUARD_CORE names, comma-separated (module parameter). */
extern char *ks_guard_extra;

#endif /* _KS_GUARD_H */
