// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite "killswitch_parse": module/ks_parse.c inside the kernel.
 *
 * Every string under test is copied into a kmalloc() buffer of exactly its
 * length, without a NUL terminator, so that KASAN reports any read past
 * the length the parser was given.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ks_parse.h"

/* An exact-size, unterminated copy of s (at least one byte allocated). */
static const char *ks_kunit_copy(struct kunit *test, const char *s,
				 size_t len)
{
	char *buf = kunit_kmalloc(test, len ? len : 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memcpy(buf, s, len);
	return buf;
}

/* Case description for KTAP: printable, no '#', never empty. */
static void ks_kunit_desc(char *desc, const char *s)
{
	size_t n = 0;

	if (!*s) {
		strscpy(desc, "(empty)", KUNIT_PARAM_DESC_SIZE);
		return;
	}
	for (; *s && n + 5 < KUNIT_PARAM_DESC_SIZE; s++) {
		unsigned char c = *s;

		if (c >= 0x20 && c < 0x7f && c != '#' && c != '\\')
			desc[n++] = c;
		else
			n += scnprintf(desc + n, KUNIT_PARAM_DESC_SIZE - n,
				       "\\x%02x", c);
	}
	desc[n] = '\0';
}

/* Failure contract: -EINVAL and a one-line reason. */
static void ks_kunit_expect_einval(struct kunit *test, int ret,
				   const char *why)
{
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_ASSERT_NOT_NULL(test, why);
	KUNIT_EXPECT_GT(test, strlen(why), (size_t)0);
	KUNIT_EXPECT_NULL(test, strchr(why, '\n'));
}

/* ---- valid control lines ------------------------------------------- */

struct ks_line_ok {
	const char *line;
	enum ks_verb verb;
	const char *module;
	const char *symbol;
	long retval;
	enum ks_scope scope;
	unsigned int revert_secs;
	unsigned int observe_secs;
	bool force;
};

static const struct ks_line_ok ks_lines_ok[] = {
	{ "engage foo 0", KS_VERB_ENGAGE, "", "foo", 0 },
	{ "engage af_alg:af_alg_sendmsg -EPERM\n", KS_VERB_ENGAGE,
	  "af_alg", "af_alg_sendmsg", -EPERM },
	{ "engage nf-tables:nft_do_chain -1 scope=userns", KS_VERB_ENGAGE,
	  "nf_tables", "nft_do_chain", -1, KS_SCOPE_USERNS },
	{ "engage\tfoo.isra.0\t0x1f\trevert=60", KS_VERB_ENGAGE,
	  "", "foo.isra.0", 0x1f, KS_SCOPE_ALL, 60 },
	{ "  engage  foo  42  force  scope=unpriv  \n", KS_VERB_ENGAGE,
	  "", "foo", 42, KS_SCOPE_UNPRIV, 0, 0, true },
	{ "engage _$x$_ -0x10 scope=all", KS_VERB_ENGAGE, "", "_$x$_", -16 },
	{ "engage foo 0xffffffffffffffff", KS_VERB_ENGAGE, "", "foo", -1 },
	{ "engage foo -9223372036854775808", KS_VERB_ENGAGE, "", "foo",
	  LONG_MIN },
	{ "engage foo 9223372036854775807 revert=86400", KS_VERB_ENGAGE,
	  "", "foo", LONG_MAX, KS_SCOPE_ALL, 86400 },
	{ "tryengage foo -EACCES 30", KS_VERB_TRYENGAGE, "", "foo",
	  -EACCES, KS_SCOPE_ALL, 0, 30 },
	{ "tryengage m:bar 0 86400 scope=all revert=10 force",
	  KS_VERB_TRYENGAGE, "m", "bar", 0, KS_SCOPE_ALL, 10, 86400, true },
	{ "observe foo", KS_VERB_OBSERVE, "", "foo" },
	{ "observe ext4:ext4_sync_fs force\n", KS_VERB_OBSERVE,
	  "ext4", "ext4_sync_fs", 0, KS_SCOPE_ALL, 0, 0, true },
	{ "disengage foo\n", KS_VERB_DISENGAGE, "", "foo" },
	{ "confirm mod:foo", KS_VERB_CONFIRM, "mod", "foo" },
	{ "disengage_all", KS_VERB_DISENGAGE_ALL, "", "" },
	{ " disengage_all \n", KS_VERB_DISENGAGE_ALL, "", "" },
	{ "", KS_VERB_NONE, "", "" },
	{ "\t \n", KS_VERB_NONE, "", "" },
	{ "   # engage foo 0", KS_VERB_NONE, "", "" },
	{ "#comment", KS_VERB_NONE, "", "" },
};

static void ks_line_ok_desc(const struct ks_line_ok *c, char *desc)
{
	ks_kunit_desc(desc, c->line);
}

KUNIT_ARRAY_PARAM(ks_lines_ok, ks_lines_ok, ks_line_ok_desc);

static void ks_parse_line_valid(struct kunit *test)
{
	const struct ks_line_ok *c = test->param_value;
	size_t len = strlen(c->line);
	const char *why = NULL;
	struct ks_cmd cmd;
	int ret;

	ret = ks_parse_line(ks_kunit_copy(test, c->line, len), len, &cmd,
			    &why);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "why: %s", why ? why : "(null)");
	KUNIT_EXPECT_EQ(test, cmd.verb, c->verb);
	if (c->verb == KS_VERB_NONE || c->verb == KS_VERB_DISENGAGE_ALL)
		return;
	KUNIT_EXPECT_STREQ(test, cmd.target.module, c->module);
	KUNIT_EXPECT_STREQ(test, cmd.target.symbol, c->symbol);
	if (c->verb == KS_VERB_ENGAGE || c->verb == KS_VERB_TRYENGAGE)
		KUNIT_EXPECT_EQ(test, cmd.retval, c->retval);
	if (c->verb == KS_VERB_ENGAGE || c->verb == KS_VERB_TRYENGAGE) {
		KUNIT_EXPECT_EQ(test, cmd.scope, c->scope);
		KUNIT_EXPECT_EQ(test, cmd.revert_secs, c->revert_secs);
	}
	if (c->verb == KS_VERB_TRYENGAGE)
		KUNIT_EXPECT_EQ(test, cmd.observe_secs, c->observe_secs);
	if (c->verb != KS_VERB_DISENGAGE && c->verb != KS_VERB_CONFIRM)
		KUNIT_EXPECT_EQ(test, cmd.force, c->force);
}

/* ---- invalid control lines ----------------------------------------- */

static const char * const ks_lines_bad[] = {
	"engage",
	"engage foo",
	"engage foo bar",
	"engage foo EPERM",
	"engage foo 08",
	"frobnicate foo",
	"Engage foo 0",
	"engage 1foo 0",
	"engage fo/o 0",
	"engage a:b:c 0",
	"engage :foo 0",
	"engage mod: 0",
	"engage m@d:foo 0",
	"engage foo 0 scope=world",
	"engage foo 0 scope=all scope=userns",
	"engage foo 0 force force",
	"engage foo 0 revert=0",
	"engage foo 0 revert=86401",
	"engage foo 0 revert=",
	"engage foo 0 try=5",
	"engage foo 0 bogus",
	"tryengage foo 0",
	"tryengage foo 0 0",
	"tryengage foo 0 86401",
	"tryengage foo 0 x",
	"observe foo 0",
	"observe foo scope=userns",
	"observe foo revert=5",
	"disengage",
	"disengage foo force",
	"confirm foo 0",
	"disengage_all foo",
	"engage foo -EPERM\r\n",
	"engage foo 0\n\n",
	"engage foo 0\x01",
};

static void ks_line_bad_desc(const char * const *c, char *desc)
{
	ks_kunit_desc(desc, *c);
}

KUNIT_ARRAY_PARAM(ks_lines_bad, ks_lines_bad, ks_line_bad_desc);

static void ks_parse_line_invalid(struct kunit *test)
{
	const char * const *c = test->param_value;
	size_t len = strlen(*c);
	const char *why = NULL;
	struct ks_cmd cmd;
	int ret;

	ret = ks_parse_line(ks_kunit_copy(test, *c, len), len, &cmd, &why);
	ks_kunit_expect_einval(test, ret, why);
}

/* ---- <retval> forms ------------------------------------------------ */

struct ks_retval_case {
	const char *s;
	int ret;
	long val;
};

static const struct ks_retval_case ks_retvals[] = {
	{ "0", 0, 0 },
	{ "42", 0, 42 },
	{ "-1", 0, -1 },
	{ "0x1f", 0, 0x1f },
	{ "-0x10", 0, -16 },
	{ "0x0", 0, 0 },
	{ "-EPERM", 0, -EPERM },
	{ "-ENOENT", 0, -ENOENT },
	{ "-EINVAL", 0, -EINVAL },
	{ "-EOPNOTSUPP", 0, -EOPNOTSUPP },
	{ "9223372036854775807", 0, LONG_MAX },
	{ "-9223372036854775808", 0, LONG_MIN },
	{ "0x7fffffffffffffff", 0, LONG_MAX },
	{ "0x8000000000000000", 0, LONG_MIN },
	{ "0xffffffffffffffff", 0, -1 },
	{ "-0x8000000000000000", 0, LONG_MIN },
	{ "", -EINVAL },
	{ "-", -EINVAL },
	{ "--1", -EINVAL },
	{ "+1", -EINVAL },
	{ " 1", -EINVAL },
	{ "1 ", -EINVAL },
	{ "12a", -EINVAL },
	{ "007", -EINVAL },
	{ "0x", -EINVAL },
	{ "-0x", -EINVAL },
	{ "0xg", -EINVAL },
	{ "9223372036854775808", -EINVAL },
	{ "-9223372036854775809", -EINVAL },
	{ "0x10000000000000000", -EINVAL },
	{ "-0x8000000000000001", -EINVAL },
	{ "EPERM", -EINVAL },
	{ "-EFOO", -EINVAL },
	{ "-eperm", -EINVAL },
	{ "-EPERMX", -EINVAL },
};

static void ks_retval_desc(const struct ks_retval_case *c, char *desc)
{
	ks_kunit_desc(desc, c->s);
}

KUNIT_ARRAY_PARAM(ks_retvals, ks_retvals, ks_retval_desc);

static void ks_parse_retval_forms(struct kunit *test)
{
	const struct ks_retval_case *c = test->param_value;
	size_t len = strlen(c->s);
	const char *why = NULL;
	long val = 0x5a5a;
	int ret;

	ret = ks_parse_retval(ks_kunit_copy(test, c->s, len), len, &val,
			      &why);
	if (c->ret) {
		ks_kunit_expect_einval(test, ret, why);
		return;
	}
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "why: %s", why ? why : "(null)");
	KUNIT_EXPECT_EQ(test, val, c->val);
}

/* ---- targets= entries ---------------------------------------------- */

struct ks_entry_case {
	const char *s;
	int ret;
	enum ks_verb verb;
	const char *module;
	const char *symbol;
	long retval;
	enum ks_scope scope;
	unsigned int revert_secs;
	unsigned int observe_secs;
	bool force;
};

static const struct ks_entry_case ks_entries[] = {
	{ "foo=0", 0, KS_VERB_ENGAGE, "", "foo", 0 },
	{ "af_alg:af_alg_sendmsg=-EPERM", 0, KS_VERB_ENGAGE,
	  "af_alg", "af_alg_sendmsg", -EPERM },
	{ "nft_foo=-1/scope=userns", 0, KS_VERB_ENGAGE, "", "nft_foo", -1,
	  KS_SCOPE_USERNS },
	{ "foo=observe", 0, KS_VERB_OBSERVE, "", "foo" },
	{ "m:foo=observe/force", 0, KS_VERB_OBSERVE, "m", "foo", 0,
	  KS_SCOPE_ALL, 0, 0, true },
	{ "foo=-EIO/try=30", 0, KS_VERB_TRYENGAGE, "", "foo", -EIO,
	  KS_SCOPE_ALL, 0, 30 },
	{ "m-x:foo=0x10/revert=5/force/scope=unpriv", 0, KS_VERB_ENGAGE,
	  "m_x", "foo", 16, KS_SCOPE_UNPRIV, 5, 0, true },
	{ "foo=0/try=86400/revert=1", 0, KS_VERB_TRYENGAGE, "", "foo", 0,
	  KS_SCOPE_ALL, 1, 86400 },
	{ "", -EINVAL },
	{ "foo", -EINVAL },
	{ "=0", -EINVAL },
	{ "foo=", -EINVAL },
	{ "foo=bar", -EINVAL },
	{ "foo=0/", -EINVAL },
	{ "foo=0//force", -EINVAL },
	{ "foo=0/bogus", -EINVAL },
	{ "foo=0/try=0", -EINVAL },
	{ "foo=0/scope=all/scope=all", -EINVAL },
	{ "foo=observe/try=5", -EINVAL },
	{ "foo=observe/scope=userns", -EINVAL },
	{ "foo=0,bar=1", -EINVAL },
	{ "foo=0 ", -EINVAL },
	{ "foo 0", -EINVAL },
	{ "1foo=0", -EINVAL },
};

static void ks_entry_desc(const struct ks_entry_case *c, char *desc)
{
	ks_kunit_desc(desc, c->s);
}

KUNIT_ARRAY_PARAM(ks_entries, ks_entries, ks_entry_desc);

static void ks_parse_entry_forms(struct kunit *test)
{
	const struct ks_entry_case *c = test->param_value;
	size_t len = strlen(c->s);
	const char *why = NULL;
	struct ks_cmd cmd;
	int ret;

	ret = ks_parse_entry(ks_kunit_copy(test, c->s, len), len, &cmd, &why);
	if (c->ret) {
		ks_kunit_expect_einval(test, ret, why);
		return;
	}
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "why: %s", why ? why : "(null)");
	KUNIT_EXPECT_EQ(test, cmd.verb, c->verb);
	KUNIT_EXPECT_STREQ(test, cmd.target.module, c->module);
	KUNIT_EXPECT_STREQ(test, cmd.target.symbol, c->symbol);
	if (c->verb != KS_VERB_OBSERVE) {
		KUNIT_EXPECT_EQ(test, cmd.retval, c->retval);
		KUNIT_EXPECT_EQ(test, cmd.scope, c->scope);
		KUNIT_EXPECT_EQ(test, cmd.revert_secs, c->revert_secs);
	}
	if (c->verb == KS_VERB_TRYENGAGE)
		KUNIT_EXPECT_EQ(test, cmd.observe_secs, c->observe_secs);
	KUNIT_EXPECT_EQ(test, cmd.force, c->force);
}

/* ---- errno names --------------------------------------------------- */

struct ks_errno_case {
	const char *name;
	int value;
};

#define KS_ERRNO_CASE(e) { #e, e }

static const struct ks_errno_case ks_errno_cases[] = {
	KS_ERRNO_CASE(EPERM), KS_ERRNO_CASE(ENOENT), KS_ERRNO_CASE(EINTR),
	KS_ERRNO_CASE(EIO), KS_ERRNO_CASE(EAGAIN), KS_ERRNO_CASE(ENOMEM),
	KS_ERRNO_CASE(EACCES), KS_ERRNO_CASE(EFAULT), KS_ERRNO_CASE(EBUSY),
	KS_ERRNO_CASE(EEXIST), KS_ERRNO_CASE(ENODEV), KS_ERRNO_CASE(EINVAL),
	KS_ERRNO_CASE(ENOSPC), KS_ERRNO_CASE(ERANGE), KS_ERRNO_CASE(ENOSYS),
	KS_ERRNO_CASE(EOPNOTSUPP), KS_ERRNO_CASE(ECONNREFUSED),
	KS_ERRNO_CASE(ETIMEDOUT), KS_ERRNO_CASE(EHWPOISON),
};

static void ks_errno_desc(const struct ks_errno_case *c, char *desc)
{
	ks_kunit_desc(desc, c->name);
}

KUNIT_ARRAY_PARAM(ks_errno_cases, ks_errno_cases, ks_errno_desc);

/* name -> value -> name, and "-NAME" as a <retval>. */
static void ks_errno_round_trip(struct kunit *test)
{
	const struct ks_errno_case *c = test->param_value;
	size_t len = strlen(c->name);
	const char *why = NULL;
	char retval[32];
	long val = 0;
	int n;

	KUNIT_EXPECT_EQ(test, ks_errno_value(ks_kunit_copy(test, c->name, len),
					     len), c->value);
	KUNIT_ASSERT_NOT_NULL(test, ks_errno_name(c->value));
	KUNIT_EXPECT_STREQ(test, ks_errno_name(c->value), c->name);
	KUNIT_ASSERT_NOT_NULL(test, ks_errno_name(-c->value));
	KUNIT_EXPECT_STREQ(test, ks_errno_name(-c->value), c->name);

	n = scnprintf(retval, sizeof(retval), "-%s", c->name);
	KUNIT_EXPECT_EQ(test, ks_parse_retval(ks_kunit_copy(test, retval, n),
					      n, &val, &why), 0);
	KUNIT_EXPECT_EQ(test, val, (long)-c->value);
}

/* Every name the parser knows maps back to its own value. */
static void ks_errno_table_consistent(struct kunit *test)
{
	unsigned int known = 0;
	long v;

	for (v = 1; v < 4096; v++) {
		const char *name = ks_errno_name(v);

		if (!name)
			continue;
		known++;
		KUNIT_EXPECT_EQ_MSG(test, (long)ks_errno_value(name,
				    strlen(name)), v, "name %s", name);
		KUNIT_EXPECT_PTR_EQ(test, ks_errno_name(-v), name);
	}
	KUNIT_EXPECT_GE(test, known, 30U);
}

static void ks_errno_unknown(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, ks_errno_name(0));
	KUNIT_EXPECT_NULL(test, ks_errno_name(4095));
	KUNIT_EXPECT_NULL(test, ks_errno_name(LONG_MIN));
	KUNIT_EXPECT_EQ(test, ks_errno_value("EFOO", 4), 0);
	KUNIT_EXPECT_EQ(test, ks_errno_value("EPERMX", 6), 0);
	KUNIT_EXPECT_EQ(test, ks_errno_value("EPERM", 4), 0);	/* "EPER" */
	KUNIT_EXPECT_EQ(test, ks_errno_value("eperm", 5), 0);
	KUNIT_EXPECT_EQ(test, ks_errno_value("", 0), 0);
}

/* ---- single cases -------------------------------------------------- */

/* Only len bytes count: the rest of the buffer is never looked at. */
static void ks_parse_line_length_bounds(struct kunit *test)
{
	static const char text[] = "engage foo 12345 force";
	struct ks_cmd cmd;

	KUNIT_ASSERT_EQ(test, ks_parse_line(text, 13, &cmd, NULL), 0);
	KUNIT_EXPECT_EQ(test, cmd.retval, 12L);
	KUNIT_EXPECT_FALSE(test, cmd.force);
	KUNIT_EXPECT_EQ(test, ks_parse_line(text, 0, &cmd, NULL), 0);
	KUNIT_EXPECT_EQ(test, cmd.verb, KS_VERB_NONE);
	/* "engage foo\0 0": an embedded NUL byte is an error */
	KUNIT_EXPECT_EQ(test, ks_parse_line("engage foo\0 0", 13, &cmd, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ks_parse_entry("foo=0\0", 6, &cmd, NULL),
			-EINVAL);
}

/* KS_LINE_MAX - 1 characters (plus "\n") are fine, one more is not. */
static void ks_parse_line_max_length(struct kunit *test)
{
	char *buf = kunit_kmalloc(test, KS_LINE_MAX + 1, GFP_KERNEL);
	const char *why = NULL;
	struct ks_cmd cmd;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memset(buf, ' ', KS_LINE_MAX + 1);
	memcpy(buf, "engage foo 7", 12);
	KUNIT_EXPECT_EQ(test, ks_parse_line(buf, KS_LINE_MAX - 1, &cmd, &why),
			0);
	KUNIT_EXPECT_EQ(test, cmd.retval, 7L);
	buf[KS_LINE_MAX - 1] = '\n';
	KUNIT_EXPECT_EQ(test, ks_parse_line(buf, KS_LINE_MAX, &cmd, &why), 0);
	buf[KS_LINE_MAX - 1] = ' ';
	KUNIT_EXPECT_EQ(test, ks_parse_line(buf, KS_LINE_MAX, &cmd, &why),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ks_parse_line(buf, KS_LINE_MAX + 1, &cmd, &why),
			-EINVAL);
}

/* Name limits: KS_MODULE_MAX - 1 and KS_SYMBOL_MAX - 1 characters. */
static void ks_parse_target_limits(struct kunit *test)
{
	size_t len = KS_MODULE_MAX + KS_SYMBOL_MAX + 2;
	char *buf = kunit_kmalloc(test, len, GFP_KERNEL);
	struct ks_target_name t;
	const char *why = NULL;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);

	memset(buf, 's', KS_SYMBOL_MAX);
	KUNIT_EXPECT_EQ(test, ks_parse_target(buf, KS_SYMBOL_MAX - 1, &t,
					      &why), 0);
	KUNIT_EXPECT_EQ(test, strlen(t.symbol), (size_t)KS_SYMBOL_MAX - 1);
	KUNIT_EXPECT_STREQ(test, t.module, "");
	KUNIT_EXPECT_EQ(test, ks_parse_target(buf, KS_SYMBOL_MAX, &t, &why),
			-EINVAL);

	memset(buf, 'm', KS_MODULE_MAX - 1);
	buf[3] = '-';
	buf[KS_MODULE_MAX - 1] = ':';
	buf[KS_MODULE_MAX] = 'f';
	KUNIT_EXPECT_EQ(test, ks_parse_target(buf, KS_MODULE_MAX + 1, &t,
					      &why), 0);
	KUNIT_EXPECT_EQ(test, strlen(t.module), (size_t)KS_MODULE_MAX - 1);
	KUNIT_EXPECT_EQ(test, t.module[3], '_');
	KUNIT_EXPECT_STREQ(test, t.symbol, "f");

	memset(buf, 'm', KS_MODULE_MAX);
	buf[KS_MODULE_MAX] = ':';
	buf[KS_MODULE_MAX + 1] = 'f';
	KUNIT_EXPECT_EQ(test, ks_parse_target(buf, KS_MODULE_MAX + 2, &t,
					      &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, ks_parse_target(buf, 0, &t, &why), -EINVAL);
}

/* A NULL why is allowed; the result is the same. */
static void ks_parse_null_why(struct kunit *test)
{
	struct ks_target_name t;
	struct ks_cmd cmd;
	long v;

	KUNIT_EXPECT_EQ(test, ks_parse_line("bogus", 5, &cmd, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, ks_parse_entry("bogus", 5, &cmd, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ks_parse_retval("x", 1, &v, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, ks_parse_target("1", 1, &t, NULL), -EINVAL);
}

static void ks_parse_display_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, ks_verb_name(KS_VERB_ENGAGE), "engage");
	KUNIT_EXPECT_STREQ(test, ks_verb_name(KS_VERB_TRYENGAGE),
			   "tryengage");
	KUNIT_EXPECT_STREQ(test, ks_verb_name(KS_VERB_OBSERVE), "observe");
	KUNIT_EXPECT_STREQ(test, ks_verb_name(KS_VERB_DISENGAGE),
			   "disengage");
	KUNIT_EXPECT_STREQ(test, ks_verb_name(KS_VERB_CONFIRM), "confirm");
	KUNIT_EXPECT_STREQ(test, ks_verb_name(KS_VERB_DISENGAGE_ALL),
			   "disengage_all");
	KUNIT_EXPECT_STREQ(test, ks_scope_name(KS_SCOPE_ALL), "all");
	KUNIT_EXPECT_STREQ(test, ks_scope_name(KS_SCOPE_UNPRIV), "unpriv");
	KUNIT_EXPECT_STREQ(test, ks_scope_name(KS_SCOPE_USERNS), "userns");
	KUNIT_EXPECT_NOT_NULL(test, ks_verb_name((enum ks_verb)100));
	KUNIT_EXPECT_NOT_NULL(test, ks_scope_name((enum ks_scope)100));
}

static struct kunit_case ks_parse_cases[] = {
	KUNIT_CASE_PARAM(ks_parse_line_valid, ks_lines_ok_gen_params),
	KUNIT_CASE_PARAM(ks_parse_line_invalid, ks_lines_bad_gen_params),
	KUNIT_CASE_PARAM(ks_parse_retval_forms, ks_retvals_gen_params),
	KUNIT_CASE_PARAM(ks_parse_entry_forms, ks_entries_gen_params),
	KUNIT_CASE_PARAM(ks_errno_round_trip, ks_errno_cases_gen_params),
	KUNIT_CASE(ks_errno_table_consistent),
	KUNIT_CASE(ks_errno_unknown),
	KUNIT_CASE(ks_parse_line_length_bounds),
	KUNIT_CASE(ks_parse_line_max_length),
	KUNIT_CASE(ks_parse_target_limits),
	KUNIT_CASE(ks_parse_null_why),
	KUNIT_CASE(ks_parse_display_names),
	{}
};

static struct kunit_suite ks_parse_suite = {
	.name = "killswitch_parse",
	.test_cases = ks_parse_cases,
};

kunit_test_suites(&ks_parse_suite);
