/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch reporting: audit trail, refusals, taint, and what oops and
 * panic reports say about engagements.
 */
#ifndef _KS_REPORT_H
#define _KS_REPORT_H

#include <linux/compiler.h>

struct ks_actor;
struct ks_target;

/* "<what> by uid=.. auid=.. ses=.. pid=.. comm=.." at KERN_NOTICE. */
__printf(2, 3)
void ks_audit(const struct ks_actor *who, const char *fmt, ...);

/* One line: "<verb> <target>: refused (-ERRNO): <why>". */
void ks_report_refusal(const char *verb, const char *target, int err,
		       const char *why);

/* Remember a target for oops/panic reports; active=false when removed. */
void ks_history_note(const struct ks_target *t, bool active);

/* Taint the kernel (KS_TAINT, see ks_compat.h); it stays until reboot. */
void ks_taint(void);

/* Log the callers a target has recorded. */
void ks_report_callers(struct ks_target *t);

int ks_report_init(void);
void ks_report_exit(void);

#endif /* _KS_REPORT_H */
