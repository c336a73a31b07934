/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal TAP producer for the host tests: "ok N - desc" / "not ok N -
 * desc" with details as "# " lines, then "1..N" and "N passed, N failed".
 */
#ifndef KS_TAP_H
#define KS_TAP_H

#include <stdbool.h>
#include <stddef.h>

/* Records one test; returns cond. desc is printf-style. */
bool tap_check(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A "# ..." diagnostic line (attach details after a failed check). */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Writes bytes s[0..len) into buf (size n) in C escape form (\n, \r, \t,
 * \0, \xHH, and '#' as "\x23" so that it never starts a TAP directive);
 * truncated with "..." when longer than n allows. Returns buf.
 */
const char *tap_escape(char *buf, size_t n, const char *s, size_t len);

/* Prints the plan and the summary; returns the exit status. */
int tap_finish(void);

#endif
