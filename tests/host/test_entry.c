// SPDX-License-Identifier: GPL-2.0-only
/* targets= entries: values, '/' options, try=, refusals. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "t_util.h"

#define EN	KS_VERB_ENGAGE
#define TRY	KS_VERB_TRYENGAGE
#define OBS	KS_VERB_OBSERVE
#define S_ALL	KS_SCOPE_ALL
#define S_UNP	KS_SCOPE_UNPRIV
#define S_UNS	KS_SCOPE_USERNS

static const struct t_case entry_cases[] = {
	T_OK("foo=1", EN, "", "foo", 1, S_ALL, 0, 0, false),
	T_OK("foo=-1", EN, "", "foo", -1, S_ALL, 0, 0, false),
	T_OK("m:foo=-EPERM", EN, "m", "foo", -1, S_ALL, 0, 0, false),
	T_OK("af_alg:af_alg_sendmsg=-EPERM", EN, "af_alg", "af_alg_sendmsg",
	     -1, S_ALL, 0, 0, false),
	T_OK("my-mod:foo=0x10", EN, "my_mod", "foo", 16, S_ALL, 0, 0, false),
	T_OK("foo.isra.0=0xffffffffffffffff", EN, "", "foo.isra.0", -1,
	     S_ALL, 0, 0, false),
	T_OK("nft_foo=-1/scope=userns", EN, "", "nft_foo", -1, S_UNS, 0, 0,
	     false),
	T_OK("foo=1/scope=unpriv/revert=10/force", EN, "", "foo", 1, S_UNP,
	     10, 0, true),
	T_OK("foo=1/force/scope=all", EN, "", "foo", 1, S_ALL, 0, 0, true),
	T_OK("foo=1/revert=86400", EN, "", "foo", 1, S_ALL, 86400, 0, false),
	T_OK("foo=observe", OBS, "", "foo", 0, S_ALL, 0, 0, false),
	T_OK("m-x:foo=observe/force", OBS, "m_x", "foo", 0, S_ALL, 0, 0,
	     true),
	T_OK("foo=-1/try=30", TRY, "", "foo", -1, S_ALL, 0, 30, false),
	T_OK("foo=-EIO/scope=userns/try=1/revert=5/force", TRY, "", "foo",
	     -EIO, S_UNS, 5, 1, true),
	T_OK("foo=0/try=86400", TRY, "", "foo", 0, S_ALL, 0, 86400, false),
	T_BAD("", "empty entry"),
	T_BAD("foo", "missing '=' after <target>"),
	T_BAD("m:foo", "missing '=' after <target>"),
	T_BAD("=1", "missing <target>"),
	T_BAD("=", "missing <target>"),
	T_BAD("foo=", "missing value after '='"),
	T_BAD("foo=/force", "missing value after '='"),
	T_BAD("foo=1/", "empty option"),
	T_BAD("foo=1//force", "empty option"),
	T_BAD("foo=1/force/", "empty option"),
	T_BAD("foo=1/bogus", "unknown option"),
	T_BAD("foo=1/force=1", "unknown option"),
	T_BAD("foo=1/try", "unknown option"),
	T_BAD("foo=1/force/force", "option given twice"),
	T_BAD("foo=1/try=5/try=6", "option given twice"),
	T_BAD("foo=1/scope=all/scope=all", "option given twice"),
	T_BAD("foo=1/revert=1/revert=1", "option given twice"),
	T_BAD("foo=observe/try=5", "try= cannot be combined with observe"),
	T_BAD("foo=observe/scope=all", "option not allowed for this verb"),
	T_BAD("foo=observe/revert=5", "option not allowed for this verb"),
	T_BAD("foo=observe/force/revert=5",
	      "option not allowed for this verb"),
	T_BAD("foo=1/try=0", "seconds out of range"),
	T_BAD("foo=1/try=86401", "seconds out of range"),
	T_BAD("foo=1/try=", "missing <seconds>"),
	T_BAD("foo=1/try=01", "leading zero in <seconds>"),
	T_BAD("foo=1/revert=0", "seconds out of range"),
	T_BAD("foo=1/revert=86401", "seconds out of range"),
	T_BAD("foo=1/scope=", "unknown scope"),
	T_BAD("foo=1/scope=root", "unknown scope"),
	T_BAD("foo=EPERM", "errno name needs a leading '-'"),
	T_BAD("foo=-EFOO", "unknown errno name"),
	T_BAD("foo=Observe", "invalid <retval>"),
	T_BAD("foo=observe1", "invalid <retval>"),
	T_BAD("foo=-observe", "unknown errno name"),
	T_BAD("foo=1,bar=2", "invalid decimal digit in <retval>"),
	T_BAD("foo==1", "invalid decimal digit in <retval>"),
	T_BAD("foo =1", "invalid character in symbol name"),
	T_BAD("foo= 1", "invalid decimal digit in <retval>"),
	T_BAD("foo=1 /force", "invalid decimal digit in <retval>"),
	T_BAD("foo=1/force ", "unknown option"),
	T_BAD("foo=1\n", "invalid decimal digit in <retval>"),
	T_BAD("foo=1\0", "embedded NUL byte"),
	T_BAD("f\0oo=1", "embedded NUL byte"),
	T_BAD(":foo=1", "empty module name"),
	T_BAD("m:=1", "empty symbol name"),
	T_BAD("m:foo:bar=1", "more than one ':' in <target>"),
	T_BAD("1foo=1", "symbol name starts with a digit"),
	T_BAD("m.x:foo=1", "invalid character in module name"),
	T_BAD("foo=9223372036854775808", "retval out of range"),
	T_BAD("foo=0x", "missing digits after 0x"),
	T_BAD("foo=-", "missing number after '-'"),
	T_BAD("foo=010", "leading zero in decimal <retval>"),
};

static void fill(char *p, char c, size_t n)
{
	memset(p, c, n);
	p[n] = '\0';
}

static void test_entry_limits(void)
{
	char sym[KS_SYMBOL_MAX + 2], mod[KS_MODULE_MAX + 2], e[512];

	fill(sym, 'S', KS_SYMBOL_MAX - 1);
	fill(mod, 'M', KS_MODULE_MAX - 1);
	snprintf(e, sizeof(e), "%s:%s=observe", mod, sym);
	t_entry_ok(e, OBS, mod, sym, 0, S_ALL, 0, 0, false);
	fill(sym, 'S', KS_SYMBOL_MAX);
	snprintf(e, sizeof(e), "%s=1", sym);
	t_entry_bad(e, "symbol name too long");
	fill(mod, 'M', KS_MODULE_MAX);
	snprintf(e, sizeof(e), "%s:f=1", mod);
	t_entry_bad(e, "module name too long");
}

/* Which option each entry kind takes; try= decides tryengage. */
static void test_entry_matrix(void)
{
	static const char * const values[] = { "7", "observe" };
	size_t i;

	for (i = 0; i < 2; i++) {
		bool obs = i == 1;
		enum ks_verb v = obs ? OBS : EN;
		long rv = obs ? 0 : 7;
		char e[128];

		snprintf(e, sizeof(e), "m:f=%s/scope=unpriv", values[i]);
		if (obs)
			t_entry_bad(e, "option not allowed for this verb");
		else
			t_entry_ok(e, v, "m", "f", rv, S_UNP, 0, 0, false);
		snprintf(e, sizeof(e), "m:f=%s/revert=2", values[i]);
		if (obs)
			t_entry_bad(e, "option not allowed for this verb");
		else
			t_entry_ok(e, v, "m", "f", rv, S_ALL, 2, 0, false);
		snprintf(e, sizeof(e), "m:f=%s/force", values[i]);
		t_entry_ok(e, v, "m", "f", rv, S_ALL, 0, 0, true);
		snprintf(e, sizeof(e), "m:f=%s/try=3", values[i]);
		if (obs)
			t_entry_bad(e, "try= cannot be combined with observe");
		else
			t_entry_ok(e, TRY, "m", "f", rv, S_ALL, 0, 3, false);
	}
}

void test_entries(void)
{
	size_t i;

	for (i = 0; i < sizeof(entry_cases) / sizeof(entry_cases[0]); i++)
		t_entry(entry_cases[i].in, entry_cases[i].len,
			&entry_cases[i].exp);
	test_entry_limits();
	test_entry_matrix();
}
