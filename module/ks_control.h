/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch control interface: the files under
 * /sys/kernel/security/killswitch/.
 */
#ifndef _KS_CONTROL_H
#define _KS_CONTROL_H

#include <linux/types.h>

struct ks_actor;
struct ks_target;

/* Largest single write to the control file. */
#define KS_WRITE_MAX	(256 * 1024)

int ks_control_init(void);
void ks_control_exit(void);		/* control and engaged files */
void ks_control_exit_dirs(void);	/* fn/ and the top directory */

/* fn/<symbol>/ for a target; called under ks_lock. */
int ks_control_add_target(struct ks_target *t);
void ks_control_del_target(struct ks_target *t);

/*
 * Parse control-file text (any number of lines) and apply it
 * all-or-nothing. Returns 0 or the failing line's negative errno.
 */
int ks_apply_text(const char *buf, size_t len, const struct ks_actor *who);

#endif /* _KS_CONTROL_H */
