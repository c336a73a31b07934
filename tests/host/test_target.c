// SPDX-License-Identifier: GPL-2.0-only
/* <target>: symbol and module characters, limits, '-' -> '_'. */
#include <stdio.h>
#include <string.h>

#include "ks_parse.h"
#include "tap.h"
#include "t_util.h"

static const struct {
	const char *in;
	size_t len;
	const char *module, *symbol, *why;
} target_cases[] = {
#define OK(s, m, sym) { s, sizeof(s) - 1, m, sym, NULL }
#define BAD(s, w) { s, sizeof(s) - 1, NULL, NULL, w }
	OK("foo", "", "foo"),
	OK("f", "", "f"),
	OK("_", "", "_"),
	OK("$", "", "$"),
	OK(".", "", "."),
	OK("foo.isra.0", "", "foo.isra.0"),
	OK("foo.constprop.0.cold", "", "foo.constprop.0.cold"),
	OK("__x64_sys_bpf", "", "__x64_sys_bpf"),
	OK("AbC_09.$", "", "AbC_09.$"),
	OK("m:f", "m", "f"),
	OK("m-x:f", "m_x", "f"),
	OK("-:f", "_", "f"),
	OK("a-b_c-d:f_g", "a_b_c_d", "f_g"),
	OK("9p:v9fs_x", "9p", "v9fs_x"),
	OK("0:f", "0", "f"),
	OK("AF_ALG:Foo", "AF_ALG", "Foo"),
	BAD("", "missing <target>"),
	BAD(":", "empty module name"),
	BAD(":f", "empty module name"),
	BAD("m:", "empty symbol name"),
	BAD("m::f", "more than one ':' in <target>"),
	BAD("a:b:c", "more than one ':' in <target>"),
	BAD("1f", "symbol name starts with a digit"),
	BAD("0", "symbol name starts with a digit"),
	BAD("m:9f", "symbol name starts with a digit"),
	BAD("f-g", "invalid character in symbol name"),
	BAD("m:f-g", "invalid character in symbol name"),
	BAD("f g", "invalid character in symbol name"),
	BAD("f\tg", "invalid character in symbol name"),
	BAD("f\n", "invalid character in symbol name"),
	BAD("f\0", "invalid character in symbol name"),
	BAD("f=1", "invalid character in symbol name"),
	BAD("f/g", "invalid character in symbol name"),
	BAD("f,g", "invalid character in symbol name"),
	BAD("f\xc3\xa9", "invalid character in symbol name"),
	BAD("m g:f", "invalid character in module name"),
	BAD("m.x:f", "invalid character in module name"),
	BAD("m$:f", "invalid character in module name"),
	BAD("m/x:f", "invalid character in module name"),
	BAD("\0:f", "invalid character in module name"),
#undef OK
#undef BAD
};

static void fill(char *p, char c, size_t n)
{
	memset(p, c, n);
	p[n] = '\0';
}

static void test_target_limits(void)
{
	char sym[KS_SYMBOL_MAX + 2], mod[KS_MODULE_MAX + 2], t[256];

	fill(sym, 'a', KS_SYMBOL_MAX - 1);
	t_target(sym, strlen(sym), true, "", sym, NULL);
	fill(mod, '-', KS_MODULE_MAX - 1);
	snprintf(t, sizeof(t), "%s:%s", mod, sym);
	fill(mod, '_', KS_MODULE_MAX - 1);
	t_target(t, strlen(t), true, mod, sym, NULL);
	fill(sym, 'a', KS_SYMBOL_MAX);
	t_target(sym, strlen(sym), false, NULL, NULL, "symbol name too long");
	snprintf(t, sizeof(t), "m:%s", sym);
	t_target(t, strlen(t), false, NULL, NULL, "symbol name too long");
	fill(mod, 'z', KS_MODULE_MAX);
	snprintf(t, sizeof(t), "%s:f", mod);
	t_target(t, strlen(t), false, NULL, NULL, "module name too long");
	/* a length limit is a byte count, not a prefix of a longer input */
	t_target("foobar", 3, true, "", "foo", NULL);
	t_target("m:foo:x", 5, true, "m", "foo", NULL);
}

/* Every byte value, alone as a symbol and as a module name. */
static void test_target_bytes(void)
{
	unsigned int c, bad_sym = 0, bad_mod = 0;

	for (c = 0; c < 256; c++) {
		char s[4] = { (char)c, 0 }, m[8] = { (char)c, ':', 'f', 0 };
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		bool digit = c >= '0' && c <= '9';
		bool sym_ok = alpha || c == '_' || c == '.' || c == '$';
		bool mod_ok = alpha || digit || c == '_' || c == '-';
		struct ks_target_name t;
		int r1 = ks_parse_target(s, 1, &t, NULL);
		int r2 = ks_parse_target(m, 3, &t, NULL);

		if ((r1 == 0) != sym_ok)
			bad_sym++;
		if ((r2 == 0) != mod_ok && c != ':')
			bad_mod++;
	}
	tap_check(!bad_sym, "target: symbol character set ([A-Za-z_.$] first)");
	if (bad_sym)
		tap_diag("%u byte values misclassified", bad_sym);
	tap_check(!bad_mod, "target: module character set ([A-Za-z0-9_-])");
	if (bad_mod)
		tap_diag("%u byte values misclassified", bad_mod);
}

void test_targets(void)
{
	size_t i;

	for (i = 0; i < sizeof(target_cases) / sizeof(target_cases[0]); i++)
		t_target(target_cases[i].in, target_cases[i].len,
			 !target_cases[i].why, target_cases[i].module,
			 target_cases[i].symbol, target_cases[i].why);
	test_target_limits();
	test_target_bytes();
}
