// SPDX-License-Identifier: GPL-2.0-only
/* Control-file lines: every verb, option, blank/comment rule, refusal. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "t_util.h"

#define NO	KS_VERB_NONE
#define EN	KS_VERB_ENGAGE
#define TRY	KS_VERB_TRYENGAGE
#define OBS	KS_VERB_OBSERVE
#define DIS	KS_VERB_DISENGAGE
#define CON	KS_VERB_CONFIRM
#define ALL	KS_VERB_DISENGAGE_ALL
#define S_ALL	KS_SCOPE_ALL
#define S_UNP	KS_SCOPE_UNPRIV
#define S_UNS	KS_SCOPE_USERNS

static const struct t_case line_cases[] = {
	/* blank and comment lines */
	T_OK("", NO, "", "", 0, S_ALL, 0, 0, false),
	T_OK("\n", NO, "", "", 0, S_ALL, 0, 0, false),
	T_OK("   ", NO, "", "", 0, S_ALL, 0, 0, false),
	T_OK("\t \t\n", NO, "", "", 0, S_ALL, 0, 0, false),
	T_OK("#", NO, "", "", 0, S_ALL, 0, 0, false),
	T_OK("# engage foo 1", NO, "", "", 0, S_ALL, 0, 0, false),
	T_OK("  \t# comment with \"quotes\" and 'junk' ###\n", NO, "", "", 0,
	     S_ALL, 0, 0, false),
	T_OK("#disengage_all", NO, "", "", 0, S_ALL, 0, 0, false),
	T_OK("#\xc3\xa9\xff", NO, "", "", 0, S_ALL, 0, 0, false),
	T_BAD("# comment\r\n", "stray carriage return"),
	T_BAD("# c\0omment", "embedded NUL byte"),
	T_BAD("# c\x01", "stray control character"),
	T_BAD("engage foo 1 # comment", "unknown option"),
	T_BAD("engage# foo 1", "unknown verb"),

	/* engage */
	T_OK("engage foo 1", EN, "", "foo", 1, S_ALL, 0, 0, false),
	T_OK("engage foo 1\n", EN, "", "foo", 1, S_ALL, 0, 0, false),
	T_OK("  engage\tfoo \t -1  \t\n", EN, "", "foo", -1, S_ALL, 0, 0,
	     false),
	T_OK("engage mod:foo -EPERM", EN, "mod", "foo", -1, S_ALL, 0, 0,
	     false),
	T_OK("engage my-mod:foo 0", EN, "my_mod", "foo", 0, S_ALL, 0, 0,
	     false),
	T_OK("engage a-b-c:foo.isra.0 0x10", EN, "a_b_c", "foo.isra.0", 16,
	     S_ALL, 0, 0, false),
	T_OK("engage af_alg:af_alg_sendmsg -EPERM", EN, "af_alg",
	     "af_alg_sendmsg", -1, S_ALL, 0, 0, false),
	T_OK("engage 9p:v9fs_foo 1", EN, "9p", "v9fs_foo", 1, S_ALL, 0, 0,
	     false),
	T_OK("engage foo 0xffffffffffffffff", EN, "", "foo", -1, S_ALL, 0, 0,
	     false),
	T_OK("engage foo -0x10", EN, "", "foo", -16, S_ALL, 0, 0, false),
	T_OK("engage $x 1", EN, "", "$x", 1, S_ALL, 0, 0, false),
	T_OK("engage _foo 1", EN, "", "_foo", 1, S_ALL, 0, 0, false),
	T_OK("engage .foo 1", EN, "", ".foo", 1, S_ALL, 0, 0, false),
	T_OK("engage foo 1 scope=all", EN, "", "foo", 1, S_ALL, 0, 0, false),
	T_OK("engage foo 1 scope=unpriv", EN, "", "foo", 1, S_UNP, 0, 0,
	     false),
	T_OK("engage foo 1 scope=userns", EN, "", "foo", 1, S_UNS, 0, 0,
	     false),
	T_OK("engage foo 1 revert=60", EN, "", "foo", 1, S_ALL, 60, 0, false),
	T_OK("engage foo 1 force", EN, "", "foo", 1, S_ALL, 0, 0, true),
	T_OK("engage foo 1 scope=userns revert=1 force", EN, "", "foo", 1,
	     S_UNS, 1, 0, true),
	T_OK("engage m:foo -EIO\tforce  revert=86400\tscope=unpriv\n", EN,
	     "m", "foo", -EIO, S_UNP, 86400, 0, true),
	T_BAD("engage", "missing <target>"),
	T_BAD("engage   \t\n", "missing <target>"),
	T_BAD("engage foo", "missing <retval>"),
	T_BAD("engage foo\n", "missing <retval>"),
	T_BAD("engage foo 1 bogus", "unknown option"),
	T_BAD("engage foo 1 try=5", "unknown option"),
	T_BAD("engage foo 1 force=1", "unknown option"),
	T_BAD("engage foo 1 Force", "unknown option"),
	T_BAD("engage foo 1 forced", "unknown option"),
	T_BAD("engage foo 1 scope", "unknown option"),
	T_BAD("engage foo 1 revert", "unknown option"),
	T_BAD("engage foo 1 SCOPE=all", "unknown option"),
	T_BAD("engage foo 1 scope =all", "unknown option"),
	T_BAD("engage foo 1 scope=", "unknown scope"),
	T_BAD("engage foo 1 scope=ALL", "unknown scope"),
	T_BAD("engage foo 1 scope=all,userns", "unknown scope"),
	T_BAD("engage foo 1 scope=userns2", "unknown scope"),
	T_BAD("engage foo 1 revert=", "missing <seconds>"),
	T_BAD("engage foo 1 revert=abc", "invalid digit in <seconds>"),
	T_BAD("engage foo 1 force force", "option given twice"),
	T_BAD("engage foo 1 scope=all scope=userns", "option given twice"),
	T_BAD("engage foo 1 revert=1 force revert=2", "option given twice"),
	T_BAD("engage foo 1 scope=all scope=bogus", "option given twice"),
	T_BAD("engage foo EPERM", "errno name needs a leading '-'"),
	T_BAD("engage foo -EFOO", "unknown errno name"),
	T_BAD("engage foo 9223372036854775808", "retval out of range"),
	T_BAD("engage foo 1x", "invalid decimal digit in <retval>"),
	T_BAD("engage foo bar 1", "invalid <retval>"),

	/* tryengage */
	T_OK("tryengage foo -EPERM 30", TRY, "", "foo", -1, S_ALL, 0, 30,
	     false),
	T_OK("tryengage m-1:foo 0 86400 scope=userns revert=10 force", TRY,
	     "m_1", "foo", 0, S_UNS, 10, 86400, true),
	T_OK("tryengage foo 5 1\n", TRY, "", "foo", 5, S_ALL, 0, 1, false),
	T_BAD("tryengage", "missing <target>"),
	T_BAD("tryengage foo", "missing <retval>"),
	T_BAD("tryengage foo 1", "missing <seconds>"),
	T_BAD("tryengage foo 1 force", "invalid digit in <seconds>"),
	T_BAD("tryengage foo 1 5 try=5", "unknown option"),
	T_BAD("tryengage foo 1 5 revert=1 revert=1", "option given twice"),

	/* observe */
	T_OK("observe foo", OBS, "", "foo", 0, S_ALL, 0, 0, false),
	T_OK("observe foo force", OBS, "", "foo", 0, S_ALL, 0, 0, true),
	T_OK("observe m:foo force\n", OBS, "m", "foo", 0, S_ALL, 0, 0, true),
	T_BAD("observe", "missing <target>"),
	T_BAD("observe foo 1", "unknown option"),
	T_BAD("observe foo scope=all", "option not allowed for this verb"),
	T_BAD("observe foo revert=5", "option not allowed for this verb"),
	T_BAD("observe foo force force", "option given twice"),

	/* disengage, confirm */
	T_OK("disengage foo", DIS, "", "foo", 0, S_ALL, 0, 0, false),
	T_OK("disengage m-x:foo\n", DIS, "m_x", "foo", 0, S_ALL, 0, 0, false),
	T_OK("confirm foo", CON, "", "foo", 0, S_ALL, 0, 0, false),
	T_OK("\tconfirm\tm:foo.cold\t", CON, "m", "foo.cold", 0, S_ALL, 0, 0,
	     false),
	T_BAD("disengage", "missing <target>"),
	T_BAD("confirm", "missing <target>"),
	T_BAD("disengage foo force", "option not allowed for this verb"),
	T_BAD("disengage foo scope=all", "option not allowed for this verb"),
	T_BAD("confirm foo revert=1", "option not allowed for this verb"),
	T_BAD("disengage foo bar", "unexpected argument after <target>"),
	T_BAD("disengage foo 1", "unexpected argument after <target>"),
	T_BAD("confirm foo 1", "unexpected argument after <target>"),
	T_BAD("confirm foo -EPERM", "unexpected argument after <target>"),

	/* disengage_all */
	T_OK("disengage_all", ALL, "", "", 0, S_ALL, 0, 0, false),
	T_OK("disengage_all\n", ALL, "", "", 0, S_ALL, 0, 0, false),
	T_OK("  disengage_all \t\n", ALL, "", "", 0, S_ALL, 0, 0, false),
	T_BAD("disengage_all x", "trailing characters after disengage_all"),
	T_BAD("disengage_all force",
	      "trailing characters after disengage_all"),
	T_BAD("disengage_all foo 1",
	      "trailing characters after disengage_all"),
	T_BAD("disengage_allx", "unknown verb"),

	/* verbs */
	T_BAD("Engage foo 1", "unknown verb"),
	T_BAD("ENGAGE foo 1", "unknown verb"),
	T_BAD("engagefoo 1", "unknown verb"),
	T_BAD("engage_all", "unknown verb"),
	T_BAD("disengage-all", "unknown verb"),
	T_BAD("none", "unknown verb"),
	T_BAD("enable foo 1", "unknown verb"),
	T_BAD("foo", "unknown verb"),
	T_BAD("\xff", "unknown verb"),

	/* targets inside lines */
	T_BAD("engage :foo 1", "empty module name"),
	T_BAD("engage mod: 1", "empty symbol name"),
	T_BAD("engage a:b:c 1", "more than one ':' in <target>"),
	T_BAD("engage 1foo 1", "symbol name starts with a digit"),
	T_BAD("engage foo-bar 1", "invalid character in symbol name"),
	T_BAD("engage m.x:foo 1", "invalid character in module name"),
	T_BAD("engage f\xc3\xb6 1", "invalid character in symbol name"),
	T_BAD("disengage foo=1", "invalid character in symbol name"),

	/* line endings, NUL, control characters */
	T_BAD("engage foo 1\r\n", "stray carriage return"),
	T_BAD("engage foo 1\r", "stray carriage return"),
	T_BAD("\r\n", "stray carriage return"),
	T_BAD("\r", "stray carriage return"),
	T_BAD("disengage_all\r\n", "stray carriage return"),
	T_BAD("engage foo\r1", "stray carriage return"),
	T_BAD("engage foo 1\n\n", "embedded newline"),
	T_BAD("engage\nfoo 1", "embedded newline"),
	T_BAD("\n\n", "embedded newline"),
	T_BAD("engage foo 1\0", "embedded NUL byte"),
	T_BAD("engage foo 1\0\n", "embedded NUL byte"),
	T_BAD("\0", "embedded NUL byte"),
	T_BAD("engage f\0oo 1", "embedded NUL byte"),
	T_BAD("engage foo\v1", "stray control character"),
	T_BAD("engage foo\f1", "stray control character"),
	T_BAD("\x1b[0m", "stray control character"),
	T_BAD("engage foo 1\x7f", "stray control character"),
};

/* Every verb with unqualified, qualified and '-' module targets. */
static void test_verbs_targets(void)
{
	static const struct {
		const char *in, *module, *symbol;
	} targets[] = {
		{ "foo", "", "foo" },
		{ "m:foo", "m", "foo" },
		{ "m-x-y:foo.cold", "m_x_y", "foo.cold" },
		{ "--:_", "__", "_" },
	};
	static const enum ks_verb verbs[] = {
		KS_VERB_ENGAGE, KS_VERB_TRYENGAGE, KS_VERB_OBSERVE,
		KS_VERB_DISENGAGE, KS_VERB_CONFIRM,
	};
	size_t i, j;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		for (j = 0; j < sizeof(targets) / sizeof(targets[0]); j++) {
			enum ks_verb v = verbs[i];
			char line[256];
			long rv = 0;
			unsigned int obs = 0;

			snprintf(line, sizeof(line), "%s %s", ks_verb_name(v),
				 targets[j].in);
			if (v == KS_VERB_ENGAGE || v == KS_VERB_TRYENGAGE) {
				strcat(line, " -22");
				rv = -22;
			}
			if (v == KS_VERB_TRYENGAGE) {
				strcat(line, " 7");
				obs = 7;
			}
			t_line_ok(line, v, targets[j].module,
				  targets[j].symbol, rv, KS_SCOPE_ALL, 0, obs,
				  false);
		}
	}
}

/* Which option each verb takes. */
static void test_option_matrix(void)
{
	static const struct {
		const char *verb_args;
		enum ks_verb verb;
		long rv;
		unsigned int obs;
	} verbs[] = {
		{ "engage foo 3", KS_VERB_ENGAGE, 3, 0 },
		{ "tryengage foo 3 9", KS_VERB_TRYENGAGE, 3, 9 },
		{ "observe foo", KS_VERB_OBSERVE, 0, 0 },
		{ "disengage foo", KS_VERB_DISENGAGE, 0, 0 },
		{ "confirm foo", KS_VERB_CONFIRM, 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		enum ks_verb v = verbs[i].verb;
		bool eng = v == KS_VERB_ENGAGE || v == KS_VERB_TRYENGAGE;
		bool none = v == KS_VERB_DISENGAGE || v == KS_VERB_CONFIRM;
		const char *na = "option not allowed for this verb";
		char line[256];

		snprintf(line, sizeof(line), "%s scope=userns",
			 verbs[i].verb_args);
		if (eng)
			t_line_ok(line, v, "", "foo", verbs[i].rv,
				  KS_SCOPE_USERNS, 0, verbs[i].obs, false);
		else
			t_line_bad(line, na);
		snprintf(line, sizeof(line), "%s revert=33",
			 verbs[i].verb_args);
		if (eng)
			t_line_ok(line, v, "", "foo", verbs[i].rv,
				  KS_SCOPE_ALL, 33, verbs[i].obs, false);
		else
			t_line_bad(line, na);
		snprintf(line, sizeof(line), "%s force", verbs[i].verb_args);
		if (!none)
			t_line_ok(line, v, "", "foo", verbs[i].rv,
				  KS_SCOPE_ALL, 0, verbs[i].obs, true);
		else
			t_line_bad(line, na);
		snprintf(line, sizeof(line), "%s try=5", verbs[i].verb_args);
		t_line_bad(line, none ? "unexpected argument after <target>" :
			   "unknown option");
	}
}

/* <seconds> as tryengage argument and as revert=. */
static void test_line_seconds(void)
{
	static const struct {
		const char *s;
		unsigned int v;
		const char *why;
	} secs[] = {
		{ "1", 1, NULL },
		{ "2", 2, NULL },
		{ "59", 59, NULL },
		{ "3600", 3600, NULL },
		{ "86399", 86399, NULL },
		{ "86400", 86400, NULL },
		{ "0", 0, "seconds out of range" },
		{ "86401", 0, "seconds out of range" },
		{ "100000", 0, "seconds out of range" },
		{ "4294967297", 0, "seconds out of range" },
		{ "99999999999999999999999999", 0, "seconds out of range" },
		{ "00", 0, "leading zero in <seconds>" },
		{ "01", 0, "leading zero in <seconds>" },
		{ "086400", 0, "leading zero in <seconds>" },
		{ "-1", 0, "invalid digit in <seconds>" },
		{ "+1", 0, "invalid digit in <seconds>" },
		{ "1x", 0, "invalid digit in <seconds>" },
		{ "0x10", 0, "leading zero in <seconds>" },
		{ "1.5", 0, "invalid digit in <seconds>" },
		{ "1e3", 0, "invalid digit in <seconds>" },
	};
	size_t i;

	for (i = 0; i < sizeof(secs) / sizeof(secs[0]); i++) {
		char line[128];

		snprintf(line, sizeof(line), "tryengage m:f -5 %s", secs[i].s);
		if (!secs[i].why)
			t_line_ok(line, KS_VERB_TRYENGAGE, "m", "f", -5,
				  KS_SCOPE_ALL, 0, secs[i].v, false);
		else
			t_line_bad(line, secs[i].why);
		snprintf(line, sizeof(line), "engage f 5 revert=%s", secs[i].s);
		if (!secs[i].why)
			t_line_ok(line, KS_VERB_ENGAGE, "", "f", 5,
				  KS_SCOPE_ALL, secs[i].v, 0, false);
		else
			t_line_bad(line, secs[i].why);
	}
}

static void fill(char *p, char c, size_t n)
{
	memset(p, c, n);
	p[n] = '\0';
}

/* Length limits: symbol 127/128, module 55/56, line 511/512. */
static void test_line_limits(void)
{
	char sym[KS_SYMBOL_MAX + 2], mod[KS_MODULE_MAX + 2];
	char line[KS_LINE_MAX * 2];
	size_t n;

	fill(sym, 's', KS_SYMBOL_MAX - 1);
	snprintf(line, sizeof(line), "engage %s 1", sym);
	t_line_ok(line, KS_VERB_ENGAGE, "", sym, 1, KS_SCOPE_ALL, 0, 0,
		  false);
	fill(mod, 'm', KS_MODULE_MAX - 1);
	snprintf(line, sizeof(line), "disengage %s:%s\n", mod, sym);
	t_line_ok(line, KS_VERB_DISENGAGE, mod, sym, 0, KS_SCOPE_ALL, 0, 0,
		  false);
	fill(sym, 's', KS_SYMBOL_MAX);
	snprintf(line, sizeof(line), "engage %s 1", sym);
	t_line_bad(line, "symbol name too long");
	snprintf(line, sizeof(line), "engage m:%s 1", sym);
	t_line_bad(line, "symbol name too long");
	fill(mod, 'm', KS_MODULE_MAX);
	snprintf(line, sizeof(line), "observe %s:f", mod);
	t_line_bad(line, "module name too long");
	mod[3] = '-';
	snprintf(line, sizeof(line), "observe %s:f", mod);
	t_line_bad(line, "module name too long");

	/* a valid line padded with blanks to exactly n bytes */
	for (n = KS_LINE_MAX - 3; n <= KS_LINE_MAX + 1; n++) {
		size_t nl;

		for (nl = 0; nl < 2; nl++) {
			memset(line, ' ', n);
			memcpy(line, "engage foo 1", 12);
			line[n - 2] = '\t';
			if (nl)
				line[n++] = '\n';
			line[n] = '\0';
			if (n - nl <= KS_LINE_MAX - 1)
				t_line_ok(line, KS_VERB_ENGAGE, "", "foo", 1,
					  KS_SCOPE_ALL, 0, 0, false);
			else
				t_line_bad(line, "line too long");
			n -= nl;
		}
	}
	fill(line, '#', KS_LINE_MAX - 1);
	t_line_ok(line, KS_VERB_NONE, "", "", 0, KS_SCOPE_ALL, 0, 0, false);
	fill(line, '#', KS_LINE_MAX);
	t_line_bad(line, "line too long");
	fill(line, ' ', KS_LINE_MAX);
	t_line_bad(line, "line too long");
}

void test_lines(void)
{
	size_t i;

	for (i = 0; i < sizeof(line_cases) / sizeof(line_cases[0]); i++)
		t_line(line_cases[i].in, line_cases[i].len,
		       &line_cases[i].exp);
	test_verbs_targets();
	test_option_matrix();
	test_line_seconds();
	test_line_limits();
}
