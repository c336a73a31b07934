/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared checks for the table-driven parser tests. */
#ifndef KS_T_UTIL_H
#define KS_T_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "ks_parse.h"

/* What a parse should give: success with these fields, or a refusal. */
struct t_exp {
	bool ok;
	const char *why;	/* exact reason expected on failure */
	enum ks_verb verb;
	const char *module;
	const char *symbol;
	long retval;
	enum ks_scope scope;
	unsigned int revert;
	unsigned int observe;
	bool force;
};

/* One input with its expectation; len lets a literal hold a NUL. */
struct t_case {
	const char *in;
	size_t len;
	struct t_exp exp;
};

#define T_OK(s, v, m, sym, rv, sc, rev, obs, f) \
	{ s, sizeof(s) - 1, { true, NULL, v, m, sym, rv, sc, rev, obs, f } }
#define T_BAD(s, w) \
	{ s, sizeof(s) - 1, { false, w, KS_VERB_NONE, NULL, NULL, 0, 0, 0, 0, \
			      false } }

/* Each records one TAP test (plus round trips for lines and entries). */
void t_line(const char *in, size_t len, const struct t_exp *e);
void t_entry(const char *in, size_t len, const struct t_exp *e);
void t_target(const char *in, size_t len, bool ok, const char *module,
	      const char *symbol, const char *why);
void t_retval(const char *in, size_t len, bool ok, long val,
	      const char *why);

/* Convenience for NUL-terminated inputs. */
void t_line_ok(const char *in, enum ks_verb verb, const char *module,
	       const char *symbol, long retval, enum ks_scope scope,
	       unsigned int revert, unsigned int observe, bool force);
void t_line_bad(const char *in, const char *why);
void t_entry_ok(const char *in, enum ks_verb verb, const char *module,
		const char *symbol, long retval, enum ks_scope scope,
		unsigned int revert, unsigned int observe, bool force);
void t_entry_bad(const char *in, const char *why);

/* Test groups. */
void test_lines(void);
void test_entries(void);
void test_targets(void);
void test_retvals(void);
void test_errnos(void);
void test_guard(void);

#endif
