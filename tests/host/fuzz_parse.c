// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for module/ks_parse.c. Every input is fed, as it is, to
 * ks_parse_line(), ks_parse_entry(), ks_parse_retval() and
 * ks_parse_target(), and the results are checked:
 *  - the return value is 0 or -EINVAL, the same with and without why;
 *  - on failure why is a non-empty one-line reason;
 *  - on success names are NUL-terminated within their arrays, made of the
 *    allowed characters, the symbol non-empty and not starting with a
 *    digit; the verb is valid for the parser; options appear only where
 *    the verb allows them; seconds are in range;
 *  - a parsed command formatted back as a line (and an entry, where that
 *    exists) parses to the same command;
 *  - <retval> agrees with an independent reference built on strtoul().
 * A violation prints the input and aborts, which libFuzzer reports.
 *
 * Build: clang -fsanitize=fuzzer,address,undefined (see
 * scripts/ks-check-host.sh).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ks_format.h"
#include "ks_parse.h"

#define FUZZ_MAX_INPUT	4096

static const char *fz_input;
static size_t fz_len;

static void fz_fail(const char *what, const char *detail)
{
	size_t i;

	fprintf(stderr, "fuzz_parse: invariant violated: %s%s%s\ninput: \"",
		what, detail ? ": " : "", detail ? detail : "");
	for (i = 0; i < fz_len; i++) {
		unsigned char c = (unsigned char)fz_input[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "\"\n");
	abort();
}

#define FZ_CHECK(cond, what) \
	do { if (!(cond)) fz_fail(what, NULL); } while (0)

static int fz_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int fz_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void fz_check_why(int ret, const char *why)
{
	FZ_CHECK(ret == 0 || ret == -EINVAL, "return value not 0/-EINVAL");
	if (ret == 0)
		return;
	FZ_CHECK(why != NULL, "why is NULL on failure");
	FZ_CHECK(why[0] != '\0', "why is empty");
	FZ_CHECK(strlen(why) < 80, "why is not short");
	FZ_CHECK(!strchr(why, '\n'), "why has a newline");
}

static void fz_check_target(const struct ks_target_name *t)
{
	size_t i, ml, sl;

	FZ_CHECK(memchr(t->module, '\0', KS_MODULE_MAX),
		 "module not NUL-terminated");
	FZ_CHECK(memchr(t->symbol, '\0', KS_SYMBOL_MAX),
		 "symbol not NUL-terminated");
	ml = strlen(t->module);
	sl = strlen(t->symbol);
	FZ_CHECK(ml <= KS_MODULE_MAX - 1, "module too long");
	FZ_CHECK(sl >= 1 && sl <= KS_SYMBOL_MAX - 1, "symbol length");
	for (i = 0; i < ml; i++) {
		char c = t->module[i];

		FZ_CHECK(fz_is_alpha(c) || fz_is_digit(c) || c == '_',
			 "bad module character (or '-' not normalised)");
	}
	for (i = 0; i < sl; i++) {
		char c = t->symbol[i];

		FZ_CHECK(fz_is_alpha(c) || fz_is_digit(c) || c == '_' ||
			 c == '.' || c == '$', "bad symbol character");
	}
	FZ_CHECK(!fz_is_digit(t->symbol[0]), "symbol starts with a digit");
}

/* Field invariants of a successfully parsed command. */
static void fz_check_cmd(const struct ks_cmd *c, int entry)
{
	int engage = c->verb == KS_VERB_ENGAGE ||
		     c->verb == KS_VERB_TRYENGAGE;

	if (entry)
		FZ_CHECK(engage || c->verb == KS_VERB_OBSERVE,
			 "entry verb not engage/tryengage/observe");
	else
		FZ_CHECK(c->verb >= KS_VERB_NONE &&
			 c->verb <= KS_VERB_DISENGAGE_ALL, "verb invalid");
	if (c->verb == KS_VERB_NONE || c->verb == KS_VERB_DISENGAGE_ALL)
		FZ_CHECK(!c->target.module[0] && !c->target.symbol[0],
			 "target set without a target");
	else
		fz_check_target(&c->target);
	FZ_CHECK(c->scope == KS_SCOPE_ALL || c->scope == KS_SCOPE_UNPRIV ||
		 c->scope == KS_SCOPE_USERNS, "scope invalid");
	FZ_CHECK(engage || c->scope == KS_SCOPE_ALL, "scope= not allowed");
	FZ_CHECK(engage || !c->revert_secs, "revert= not allowed");
	FZ_CHECK(engage || !c->retval, "retval without engage");
	FZ_CHECK(c->revert_secs <= KS_SECONDS_MAX, "revert out of range");
	FZ_CHECK(engage || c->verb == KS_VERB_OBSERVE || !c->force,
		 "force not allowed");
	if (c->verb == KS_VERB_TRYENGAGE)
		FZ_CHECK(c->observe_secs >= 1 &&
			 c->observe_secs <= KS_SECONDS_MAX,
			 "tryengage seconds out of range");
	else
		FZ_CHECK(!c->observe_secs, "observe seconds without tryengage");
}

/* Formats c as a line (and an entry) and checks both parse back to c. */
static void fz_round_trip(const struct ks_cmd *c)
{
	char text[KS_LINE_MAX * 2], diff[400];
	struct ks_cmd again;
	const char *why = NULL;
	int l;

	l = ks_format_line(c, text, sizeof(text));
	FZ_CHECK(l >= 0, "cannot format line");
	if (ks_parse_line(text, (size_t)l, &again, &why))
		fz_fail("formatted line refused", why);
	if (!ks_cmd_equal(c, &again, diff, sizeof(diff)))
		fz_fail("line round trip differs", diff);

	l = ks_format_entry(c, text, sizeof(text));
	if (l < 0)
		return;	/* no entry form for this verb */
	if (ks_parse_entry(text, (size_t)l, &again, &why))
		fz_fail("formatted entry refused", why);
	if (!ks_cmd_equal(c, &again, diff, sizeof(diff)))
		fz_fail("entry round trip differs", diff);
}

static void fz_line(const char *s, size_t len)
{
	const char *why = NULL;
	struct ks_cmd c, c2;
	char diff[400];
	int ret;

	ret = ks_parse_line(s, len, &c, &why);
	fz_check_why(ret, why);
	FZ_CHECK(ks_parse_line(s, len, &c2, NULL) == ret,
		 "line: result depends on why");
	if (ret)
		return;
	fz_check_cmd(&c, 0);
	if (c.verb == KS_VERB_NONE) {
		size_t i = 0;

		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		FZ_CHECK(i == len || s[i] == '#' ||
			 (s[i] == '\n' && i == len - 1),
			 "non-blank, non-comment line gave KS_VERB_NONE");
		return;
	}
	if (!ks_cmd_equal(&c, &c2, diff, sizeof(diff)))
		fz_fail("line: not deterministic", diff);
	fz_round_trip(&c);
}

static void fz_entry(const char *s, size_t len)
{
	const char *why = NULL;
	struct ks_cmd c, c2;
	int ret;

	ret = ks_parse_entry(s, len, &c, &why);
	fz_check_why(ret, why);
	FZ_CHECK(ks_parse_entry(s, len, &c2, NULL) == ret,
		 "entry: result depends on why");
	if (ret)
		return;
	FZ_CHECK(!memchr(s, ',', len), "entry with ',' accepted");
	fz_check_cmd(&c, 1);
	fz_round_trip(&c);
}

/* Reference <retval> parser on top of strtoul(); 0 if valid. */
static int fz_ref_retval(const char *s, size_t len, long *val)
{
	char buf[FUZZ_MAX_INPUT + 1], *end;
	unsigned long mag, limit;
	size_t i = 0, d;
	int neg = 0, base = 10;

	if (len == 0 || memchr(s, '\0', len))
		return -1;
	if (s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i < len && (fz_is_alpha(s[i]) || s[i] == '_')) {
		int e = neg ? ks_errno_value(s + i, len - i) : 0;

		*val = -(long)e;
		return e > 0 ? 0 : -1;
	}
	if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
		base = 16;
	else if (len - i > 1 && s[i] == '0')
		return -1;
	/* only digits of the base after the prefix */
	for (d = i + (base == 16 ? 2 : 0); d < len; d++) {
		char c = s[d];

		if (!fz_is_digit(c) && !(base == 16 &&
		    ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))))
			return -1;
	}
	if (d == i)
		return -1;
	memcpy(buf, s + i, len - i);
	buf[len - i] = '\0';
	errno = 0;
	mag = strtoul(buf, &end, base);
	if (errno == ERANGE || *end)
		return -1;
	limit = neg ? (unsigned long)LONG_MAX + 1 :
		base == 16 ? ULONG_MAX : (unsigned long)LONG_MAX;
	if (mag > limit)
		return -1;
	*val = neg ? (long)(0UL - mag) : (long)mag;
	return 0;
}

static void fz_retval(const char *s, size_t len)
{
	const char *why = NULL;
	long v = 0, v2 = 0, ref = 0;
	int ret, rref;
	char text[64];

	ret = ks_parse_retval(s, len, &v, &why);
	fz_check_why(ret, why);
	FZ_CHECK(ks_parse_retval(s, len, &v2, NULL) == ret,
		 "retval: result depends on why");
	rref = fz_ref_retval(s, len, &ref);
	FZ_CHECK((ret == 0) == (rref == 0), "retval: validity differs "
		 "from reference");
	if (ret)
		return;
	FZ_CHECK(v == ref && v == v2, "retval: value differs from reference");
	snprintf(text, sizeof(text), "%ld", v);
	FZ_CHECK(!ks_parse_retval(text, strlen(text), &v2, NULL) && v2 == v,
		 "retval: decimal round trip");
	if (len > 1 && s[0] == '-' && fz_is_alpha(s[1])) {
		const char *name = ks_errno_name(v);

		FZ_CHECK(name && strlen(name) == len - 1 &&
			 !memcmp(name, s + 1, len - 1),
			 "retval: errno name round trip");
	}
}

static void fz_target(const char *s, size_t len)
{
	struct ks_target_name t, t2;
	const char *why = NULL;
	char text[KS_MODULE_MAX + KS_SYMBOL_MAX + 2];
	int ret, l;

	ret = ks_parse_target(s, len, &t, &why);
	fz_check_why(ret, why);
	FZ_CHECK(ks_parse_target(s, len, &t2, NULL) == ret,
		 "target: result depends on why");
	if (ret)
		return;
	fz_check_target(&t);
	l = snprintf(text, sizeof(text), "%s%s%s", t.module,
		     t.module[0] ? ":" : "", t.symbol);
	FZ_CHECK(l > 0 && (size_t)l == len, "target: length changed");
	FZ_CHECK(!ks_parse_target(text, (size_t)l, &t2, NULL) &&
		 !strcmp(t.module, t2.module) && !strcmp(t.symbol, t2.symbol),
		 "target: round trip");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	fz_input = s;
	fz_len = size;
	fz_line(s, size);
	fz_entry(s, size);
	fz_retval(s, size);
	fz_target(s, size);
	return 0;
}
