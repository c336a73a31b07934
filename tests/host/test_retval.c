// SPDX-License-Identifier: GPL-2.0-only
/* <retval>: every form and overflow edge; errno table; display names. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "t_util.h"

static const struct {
	const char *in;
	size_t len;
	long val;
	const char *why;
} retval_cases[] = {
#define OK(s, v) { s, sizeof(s) - 1, v, NULL }
#define BAD(s, w) { s, sizeof(s) - 1, 0, w }
	OK("0", 0),
	OK("-0", 0),
	OK("1", 1),
	OK("-1", -1),
	OK("42", 42),
	OK("-4095", -4095),
	OK("1234567890", 1234567890),
	OK("0x0", 0),
	OK("-0x0", 0),
	OK("0x1f", 31),
	OK("0X1F", 31),
	OK("0xAbC", 0xabc),
	OK("-0x10", -16),
	OK("0x00000000000000000000000000000001", 1),
	OK("-EPERM", -EPERM),
	OK("-ENOENT", -ENOENT),
	OK("-EINVAL", -EINVAL),
	OK("-EHWPOISON", -EHWPOISON),
	BAD("", "empty <retval>"),
	BAD("-", "missing number after '-'"),
	BAD("--1", "invalid decimal digit in <retval>"),
	BAD("+1", "invalid decimal digit in <retval>"),
	BAD("1a", "invalid decimal digit in <retval>"),
	BAD("1.5", "invalid decimal digit in <retval>"),
	BAD("1e3", "invalid decimal digit in <retval>"),
	BAD(" 1", "invalid decimal digit in <retval>"),
	BAD("1 ", "invalid decimal digit in <retval>"),
	BAD("1\n", "invalid decimal digit in <retval>"),
	BAD("1\0", "invalid decimal digit in <retval>"),
	BAD("\0", "invalid decimal digit in <retval>"),
	BAD("-1-", "invalid decimal digit in <retval>"),
	BAD("00", "leading zero in decimal <retval>"),
	BAD("010", "leading zero in decimal <retval>"),
	BAD("-010", "leading zero in decimal <retval>"),
	BAD("-00", "leading zero in decimal <retval>"),
	BAD("0b1", "leading zero in decimal <retval>"),
	BAD("0x", "missing digits after 0x"),
	BAD("-0x", "missing digits after 0x"),
	BAD("0X", "missing digits after 0x"),
	BAD("0xg", "invalid hex digit in <retval>"),
	BAD("0x1g", "invalid hex digit in <retval>"),
	BAD("0x-1", "invalid hex digit in <retval>"),
	BAD("-0x-1", "invalid hex digit in <retval>"),
	BAD("0x 1", "invalid hex digit in <retval>"),
	BAD("0xx1", "invalid hex digit in <retval>"),
	BAD("x1", "invalid <retval>"),
	BAD("EPERM", "errno name needs a leading '-'"),
	BAD("EINVAL", "errno name needs a leading '-'"),
	BAD("eperm", "invalid <retval>"),
	BAD("_", "invalid <retval>"),
	BAD("-eperm", "unknown errno name"),
	BAD("-Eperm", "unknown errno name"),
	BAD("-EFOO", "unknown errno name"),
	BAD("-E", "unknown errno name"),
	BAD("-EPERM1", "unknown errno name"),
	BAD("-EPERMX", "unknown errno name"),
	BAD("-EPER", "unknown errno name"),
	BAD("-ENOTSUPP", "unknown errno name"),
	BAD("-ERESTARTSYS", "unknown errno name"),
	BAD("-EPERM\0", "unknown errno name"),
	BAD("--EPERM", "invalid decimal digit in <retval>"),
	BAD("-_EPERM", "unknown errno name"),
	BAD("- EPERM", "invalid decimal digit in <retval>"),
	BAD("99999999999999999999", "retval out of range"),
	BAD("-99999999999999999999", "retval out of range"),
	BAD("0x10000000000000000", "retval out of range"),
	BAD("0x1ffffffffffffffff", "retval out of range"),
	BAD("-0xffffffffffffffff", "retval out of range"),
#undef OK
#undef BAD
};

/* LONG_MAX/LONG_MIN/ULONG_MAX edges, written for the host's long. */
static void test_retval_edges(void)
{
	unsigned long lmax = (unsigned long)LONG_MAX;
	char s[64];

	snprintf(s, sizeof(s), "%ld", LONG_MAX);
	t_retval(s, strlen(s), true, LONG_MAX, NULL);
	snprintf(s, sizeof(s), "%ld", LONG_MAX - 1);
	t_retval(s, strlen(s), true, LONG_MAX - 1, NULL);
	snprintf(s, sizeof(s), "%lu", lmax + 1);
	t_retval(s, strlen(s), false, 0, "retval out of range");
	snprintf(s, sizeof(s), "%lu", lmax + 6);
	t_retval(s, strlen(s), false, 0, "retval out of range");
	snprintf(s, sizeof(s), "%lu", lmax * 10 + 7);
	t_retval(s, strlen(s), false, 0, "retval out of range");
	snprintf(s, sizeof(s), "%ld", LONG_MIN);
	t_retval(s, strlen(s), true, LONG_MIN, NULL);
	snprintf(s, sizeof(s), "%ld", LONG_MIN + 1);
	t_retval(s, strlen(s), true, LONG_MIN + 1, NULL);
	snprintf(s, sizeof(s), "-%lu", lmax + 2);
	t_retval(s, strlen(s), false, 0, "retval out of range");
	snprintf(s, sizeof(s), "%lu", ULONG_MAX);
	t_retval(s, strlen(s), false, 0, "retval out of range");

	snprintf(s, sizeof(s), "0x%lx", lmax);
	t_retval(s, strlen(s), true, LONG_MAX, NULL);
	snprintf(s, sizeof(s), "0x%lx", lmax + 1);
	t_retval(s, strlen(s), true, LONG_MIN, NULL);
	snprintf(s, sizeof(s), "0x%lx", ULONG_MAX);
	t_retval(s, strlen(s), true, -1, NULL);
	snprintf(s, sizeof(s), "0x%lX", ULONG_MAX - 1);
	t_retval(s, strlen(s), true, -2, NULL);
	snprintf(s, sizeof(s), "0x%lx0", ULONG_MAX);
	t_retval(s, strlen(s), false, 0, "retval out of range");
	snprintf(s, sizeof(s), "0x1%0*d", (int)(sizeof(long) * 2), 0);
	t_retval(s, strlen(s), false, 0, "retval out of range");
	snprintf(s, sizeof(s), "-0x%lx", lmax + 1);
	t_retval(s, strlen(s), true, LONG_MIN, NULL);
	snprintf(s, sizeof(s), "-0x%lx", lmax);
	t_retval(s, strlen(s), true, -LONG_MAX, NULL);
	snprintf(s, sizeof(s), "-0x%lx", lmax + 2);
	t_retval(s, strlen(s), false, 0, "retval out of range");

	/* the same edges through a whole line and an entry */
	snprintf(s, sizeof(s), "engage f %ld", LONG_MIN);
	t_line_ok(s, KS_VERB_ENGAGE, "", "f", LONG_MIN, KS_SCOPE_ALL, 0, 0,
		  false);
	snprintf(s, sizeof(s), "engage f %lu", lmax + 1);
	t_line_bad(s, "retval out of range");
	snprintf(s, sizeof(s), "f=0x%lx", ULONG_MAX);
	t_entry_ok(s, KS_VERB_ENGAGE, "", "f", -1, KS_SCOPE_ALL, 0, 0, false);
	snprintf(s, sizeof(s), "f=-0x%lx", lmax + 1);
	t_entry_ok(s, KS_VERB_ENGAGE, "", "f", LONG_MIN, KS_SCOPE_ALL, 0, 0,
		   false);
}

void test_retvals(void)
{
	size_t i;

	for (i = 0; i < sizeof(retval_cases) / sizeof(retval_cases[0]); i++)
		t_retval(retval_cases[i].in, retval_cases[i].len,
			 !retval_cases[i].why, retval_cases[i].val,
			 retval_cases[i].why);
	test_retval_edges();
}

/* The expected table, written independently of ks_parse.c. */
#define E(e) { #e, e }
static const struct {
	const char *name;
	int value;
} errnos[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(ENOTBLK), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV),
	E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
	E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK),
	E(EPIPE), E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG),
	E(ENOLCK), E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(ENOMSG), E(EIDRM),
	E(ENODATA), E(ETIME), E(ENOLINK), E(EPROTO), E(EBADMSG),
	E(EOVERFLOW), E(EBADFD), E(EILSEQ), E(EUSERS), E(ENOTSOCK),
	E(EDESTADDRREQ), E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT),
	E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT), E(EOPNOTSUPP),
	E(EPFNOSUPPORT), E(EAFNOSUPPORT), E(EADDRINUSE), E(EADDRNOTAVAIL),
	E(ENETDOWN), E(ENETUNREACH), E(ENETRESET), E(ECONNABORTED),
	E(ECONNRESET), E(ENOBUFS), E(EISCONN), E(ENOTCONN), E(ESHUTDOWN),
	E(ETOOMANYREFS), E(ETIMEDOUT), E(ECONNREFUSED), E(EHOSTDOWN),
	E(EHOSTUNREACH), E(EALREADY), E(EINPROGRESS), E(ESTALE), E(EUCLEAN),
	E(EREMOTEIO), E(EDQUOT), E(ENOMEDIUM), E(EMEDIUMTYPE), E(ECANCELED),
	E(ENOKEY), E(EKEYEXPIRED), E(EKEYREVOKED), E(EKEYREJECTED),
	E(EOWNERDEAD), E(ENOTRECOVERABLE), E(ERFKILL), E(EHWPOISON),
};
#undef E

#define NR_ERRNOS (sizeof(errnos) / sizeof(errnos[0]))

static bool streq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

void test_errnos(void)
{
	size_t i, named = 0, bad = 0;
	long v;

	for (i = 0; i < NR_ERRNOS; i++) {
		const char *n = errnos[i].name;
		int e = errnos[i].value;
		char s[64];

		tap_check(ks_errno_value(n, strlen(n)) == e &&
			  streq(ks_errno_name(e), n) &&
			  streq(ks_errno_name(-e), n),
			  "errno %s <-> %d round trip", n, e);
		snprintf(s, sizeof(s), "-%s", n);
		t_retval(s, strlen(s), true, -e, NULL);
		t_retval(s + 1, strlen(s + 1), false, 0,
			 "errno name needs a leading '-'");
		snprintf(s, sizeof(s), "engage m:f -%s scope=userns", n);
		t_line_ok(s, KS_VERB_ENGAGE, "m", "f", -e, KS_SCOPE_USERNS, 0,
			  0, false);
		snprintf(s, sizeof(s), "f=-%s/try=2", n);
		t_entry_ok(s, KS_VERB_TRYENGAGE, "", "f", -e, KS_SCOPE_ALL, 0,
			   2, false);
	}

	/* no names beyond the expected table, and every one round-trips */
	for (v = 1; v <= 4200; v++) {
		const char *n = ks_errno_name(v);

		if (!n)
			continue;
		named++;
		if (ks_errno_value(n, strlen(n)) != v || !streq(
		    ks_errno_name(-v), n))
			bad++;
	}
	tap_check(named == NR_ERRNOS && !bad,
		  "errno: ks_errno_name names exactly the %zu table values",
		  NR_ERRNOS);
	if (named != NR_ERRNOS || bad)
		tap_diag("%zu named, %zu not round-tripping", named, bad);

	tap_check(!ks_errno_name(0) && !ks_errno_name(4096) &&
		  !ks_errno_name(-4096) && !ks_errno_name(LONG_MIN) &&
		  !ks_errno_name(LONG_MAX), "errno: no name for 0, 4096, "
		  "-4096, LONG_MIN, LONG_MAX");
	tap_check(ks_errno_value("", 0) == 0 && ks_errno_value(NULL, 0) == 0 &&
		  ks_errno_value("EPERM", 4) == 0 &&
		  ks_errno_value("EPERMX", 5) == EPERM &&
		  ks_errno_value("eperm", 5) == 0 &&
		  ks_errno_value("-EPERM", 6) == 0 &&
		  ks_errno_value("ENOTSUPP", 8) == 0 &&
		  ks_errno_value("EPERM\0", 6) == 0,
		  "errno: ks_errno_value honours len and case, unknown is 0");

	tap_check(streq(ks_verb_name(KS_VERB_NONE), "none") &&
		  streq(ks_verb_name(KS_VERB_ENGAGE), "engage") &&
		  streq(ks_verb_name(KS_VERB_TRYENGAGE), "tryengage") &&
		  streq(ks_verb_name(KS_VERB_OBSERVE), "observe") &&
		  streq(ks_verb_name(KS_VERB_DISENGAGE), "disengage") &&
		  streq(ks_verb_name(KS_VERB_CONFIRM), "confirm") &&
		  streq(ks_verb_name(KS_VERB_DISENGAGE_ALL), "disengage_all") &&
		  streq(ks_verb_name((enum ks_verb)7), "invalid") &&
		  streq(ks_verb_name((enum ks_verb)-1), "invalid"),
		  "ks_verb_name for every verb and out of range");
	tap_check(streq(ks_scope_name(KS_SCOPE_ALL), "all") &&
		  streq(ks_scope_name(KS_SCOPE_UNPRIV), "unpriv") &&
		  streq(ks_scope_name(KS_SCOPE_USERNS), "userns") &&
		  streq(ks_scope_name((enum ks_scope)3), "invalid") &&
		  streq(ks_scope_name((enum ks_scope)-1), "invalid"),
		  "ks_scope_name for every scope and out of range");
}
