// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared checks for the table-driven parser tests. Every input is copied
 * into a heap buffer of exactly its length, so that AddressSanitizer
 * catches any read past it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ks_format.h"
#include "tap.h"
#include "t_util.h"

enum t_kind { T_LINE, T_ENTRY };

static char *t_dup(const char *in, size_t len)
{
	char *p = malloc(len ? len : 1);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	memcpy(p, in, len);
	return p;
}

static int t_parse(enum t_kind kind, const char *in, size_t len,
		   struct ks_cmd *cmd, const char **why)
{
	char *p = t_dup(in, len);
	int ret;

	/* garbage in, so that missing initialisation shows */
	memset(cmd, 0xa5, sizeof(*cmd));
	if (kind == T_LINE)
		ret = ks_parse_line(p, len, cmd, why);
	else
		ret = ks_parse_entry(p, len, cmd, why);
	free(p);
	return ret;
}

static void t_exp_cmd(const struct t_exp *e, struct ks_cmd *c)
{
	memset(c, 0, sizeof(*c));
	c->verb = e->verb;
	snprintf(c->target.module, sizeof(c->target.module), "%s",
		 e->module ? e->module : "");
	snprintf(c->target.symbol, sizeof(c->target.symbol), "%s",
		 e->symbol ? e->symbol : "");
	c->retval = e->retval;
	c->scope = e->scope;
	c->revert_secs = e->revert;
	c->observe_secs = e->observe;
	c->force = e->force;
}

/* Names must be NUL-terminated inside their arrays. */
static bool t_terminated(const struct ks_cmd *c)
{
	return memchr(c->target.module, '\0', KS_MODULE_MAX) &&
	       memchr(c->target.symbol, '\0', KS_SYMBOL_MAX);
}

/* Formats cmd back to text of the same kind and parses it again. */
static bool t_round_trip(enum t_kind kind, const struct ks_cmd *cmd,
			 char *diag, size_t n)
{
	char text[KS_LINE_MAX * 2], d[400];
	struct ks_cmd again;
	const char *why = NULL;
	int l;

	if (kind == T_LINE)
		l = ks_format_line(cmd, text, sizeof(text));
	else
		l = ks_format_entry(cmd, text, sizeof(text));
	if (l < 0) {
		snprintf(diag, n, "round trip: cannot format");
		return false;
	}
	if (t_parse(kind, text, (size_t)l, &again, &why)) {
		snprintf(diag, n, "round trip: '%s' refused: %s", text,
			 why ? why : "(null)");
		return false;
	}
	if (!ks_cmd_equal(cmd, &again, d, sizeof(d))) {
		snprintf(diag, n, "round trip: '%s': %s", text, d);
		return false;
	}
	return true;
}

static void t_cmd(enum t_kind kind, const char *in, size_t len,
		  const struct t_exp *e)
{
	const char *kname = kind == T_LINE ? "line" : "entry";
	char esc[200], diag[2048] = "", d[400];
	const char *why = NULL;
	struct ks_cmd cmd, want;
	bool pass;
	int ret;

	tap_escape(esc, sizeof(esc), in, len);
	ret = t_parse(kind, in, len, &cmd, &why);
	if (e->ok) {
		t_exp_cmd(e, &want);
		pass = ret == 0;
		if (!pass)
			snprintf(diag, sizeof(diag), "refused: %s",
				 why ? why : "(null)");
		else if (!t_terminated(&cmd))
			pass = !snprintf(diag, sizeof(diag),
					 "name not NUL-terminated");
		else if (!ks_cmd_equal(&want, &cmd, d, sizeof(d)))
			pass = !snprintf(diag, sizeof(diag), "want/got: %s", d);
		else if (e->verb != KS_VERB_NONE)
			pass = t_round_trip(kind, &cmd, diag, sizeof(diag));
		tap_check(pass, "%s '%s' -> %s %s%s%s", kname, esc,
			  ks_verb_name(e->verb), e->module ? e->module : "",
			  e->module && *e->module ? ":" : "",
			  e->symbol ? e->symbol : "");
	} else {
		pass = ret == -EINVAL && why && !strcmp(why, e->why);
		if (!pass)
			snprintf(diag, sizeof(diag),
				 "ret %d why '%s' (want -EINVAL '%s')", ret,
				 why ? why : "(null)", e->why);
		else if (t_parse(kind, in, len, &cmd, NULL) != -EINVAL)
			pass = !snprintf(diag, sizeof(diag),
					 "differs with why == NULL");
		tap_check(pass, "%s '%s' refused: %s", kname, esc, e->why);
	}
	if (!pass)
		tap_diag("%s", diag);
}

void t_line(const char *in, size_t len, const struct t_exp *e)
{
	t_cmd(T_LINE, in, len, e);
}

void t_entry(const char *in, size_t len, const struct t_exp *e)
{
	t_cmd(T_ENTRY, in, len, e);
}

void t_line_ok(const char *in, enum ks_verb verb, const char *module,
	       const char *symbol, long retval, enum ks_scope scope,
	       unsigned int revert, unsigned int observe, bool force)
{
	struct t_exp e = { true, NULL, verb, module, symbol, retval, scope,
			   revert, observe, force };

	t_line(in, strlen(in), &e);
}

void t_line_bad(const char *in, const char *why)
{
	struct t_exp e = { .ok = false, .why = why };

	t_line(in, strlen(in), &e);
}

void t_entry_ok(const char *in, enum ks_verb verb, const char *module,
		const char *symbol, long retval, enum ks_scope scope,
		unsigned int revert, unsigned int observe, bool force)
{
	struct t_exp e = { true, NULL, verb, module, symbol, retval, scope,
			   revert, observe, force };

	t_entry(in, strlen(in), &e);
}

void t_entry_bad(const char *in, const char *why)
{
	struct t_exp e = { .ok = false, .why = why };

	t_entry(in, strlen(in), &e);
}

void t_target(const char *in, size_t len, bool ok, const char *module,
	      const char *symbol, const char *why)
{
	char *p = t_dup(in, len), esc[200];
	struct ks_target_name t;
	const char *w = NULL;
	bool pass;
	int ret;

	tap_escape(esc, sizeof(esc), in, len);
	memset(&t, 0xa5, sizeof(t));
	ret = ks_parse_target(p, len, &t, &w);
	if (ok) {
		pass = ret == 0 && memchr(t.module, '\0', KS_MODULE_MAX) &&
		       memchr(t.symbol, '\0', KS_SYMBOL_MAX) &&
		       !strcmp(t.module, module) && !strcmp(t.symbol, symbol);
		tap_check(pass, "target '%s' -> '%s' '%s'", esc, module,
			  symbol);
		if (!pass && ret)
			tap_diag("refused: %s", w ? w : "(null)");
		else if (!pass)
			tap_diag("got '%.*s' '%.*s'", KS_MODULE_MAX, t.module,
				 KS_SYMBOL_MAX, t.symbol);
	} else {
		pass = ret == -EINVAL && w && !strcmp(w, why) &&
		       ks_parse_target(p, len, &t, NULL) == -EINVAL;
		tap_check(pass, "target '%s' refused: %s", esc, why);
		if (!pass)
			tap_diag("ret %d why '%s'", ret, w ? w : "(null)");
	}
	free(p);
}

void t_retval(const char *in, size_t len, bool ok, long val,
	      const char *why)
{
	char *p = t_dup(in, len), esc[200];
	const char *w = NULL;
	long got = 0x5a5a;
	bool pass;
	int ret;

	tap_escape(esc, sizeof(esc), in, len);
	ret = ks_parse_retval(p, len, &got, &w);
	if (ok) {
		pass = ret == 0 && got == val;
		tap_check(pass, "retval '%s' -> %ld", esc, val);
		if (!pass)
			tap_diag("ret %d got %ld why '%s'", ret, got,
				 w ? w : "(null)");
	} else {
		pass = ret == -EINVAL && w && !strcmp(w, why) &&
		       ks_parse_retval(p, len, &got, NULL) == -EINVAL;
		tap_check(pass, "retval '%s' refused: %s", esc, why);
		if (!pass)
			tap_diag("ret %d got %ld why '%s'", ret, got,
				 w ? w : "(null)");
	}
	free(p);
}
