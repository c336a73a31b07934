// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch: parsing of control-file lines, targets= entries and return
 * values. The grammar is documented in ks_parse.h.
 *
 * Plain C shared by the kernel module and the userspace tests: no
 * allocation, no state, no locale, no strtol.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <errno.h>
#include <limits.h>
#include <string.h>
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#include "ks_parse.h"

/* Option bits, also used for the per-verb masks of allowed options. */
#define KS_OPT_SCOPE	0x1u
#define KS_OPT_REVERT	0x2u
#define KS_OPT_FORCE	0x4u
#define KS_OPT_TRY	0x8u	/* targets= entries only */

struct ks_errno_entry {
	const char *name;
	int value;
};

#define KS_E(e) { #e, e }

/*
 * Errno names known to both the kernel (asm-generic errno-base.h and
 * errno.h, or the architecture's own) and userspace. No two entries share
 * a value, so that name -> value -> name round-trips.
 */
static const struct ks_errno_entry ks_errnos[] = {
	KS_E(EPERM), KS_E(ENOENT), KS_E(ESRCH), KS_E(EINTR), KS_E(EIO),
	KS_E(ENXIO), KS_E(E2BIG), KS_E(ENOEXEC), KS_E(EBADF), KS_E(ECHILD),
	KS_E(EAGAIN), KS_E(ENOMEM), KS_E(EACCES), KS_E(EFAULT),
	KS_E(ENOTBLK), KS_E(EBUSY), KS_E(EEXIST), KS_E(EXDEV), KS_E(ENODEV),
	KS_E(ENOTDIR), KS_E(EISDIR), KS_E(EINVAL), KS_E(ENFILE),
	KS_E(EMFILE), KS_E(ENOTTY), KS_E(ETXTBSY), KS_E(EFBIG),
	KS_E(ENOSPC), KS_E(ESPIPE), KS_E(EROFS), KS_E(EMLINK), KS_E(EPIPE),
	KS_E(EDOM), KS_E(ERANGE), KS_E(EDEADLK), KS_E(ENAMETOOLONG),
	KS_E(ENOLCK), KS_E(ENOSYS), KS_E(ENOTEMPTY), KS_E(ELOOP),
	KS_E(ENOMSG), KS_E(EIDRM), KS_E(ENODATA), KS_E(ETIME),
	KS_E(ENOLINK), KS_E(EPROTO), KS_E(EBADMSG), KS_E(EOVERFLOW),
	KS_E(EBADFD), KS_E(EILSEQ), KS_E(EUSERS), KS_E(ENOTSOCK),
	KS_E(EDESTADDRREQ), KS_E(EMSGSIZE), KS_E(EPROTOTYPE),
	KS_E(ENOPROTOOPT), KS_E(EPROTONOSUPPORT), KS_E(ESOCKTNOSUPPORT),
	KS_E(EOPNOTSUPP), KS_E(EPFNOSUPPORT), KS_E(EAFNOSUPPORT),
	KS_E(EADDRINUSE), KS_E(EADDRNOTAVAIL), KS_E(ENETDOWN),
	KS_E(ENETUNREACH), KS_E(ENETRESET), KS_E(ECONNABORTED),
	KS_E(ECONNRESET), KS_E(ENOBUFS), KS_E(EISCONN), KS_E(ENOTCONN),
	KS_E(ESHUTDOWN), KS_E(ETOOMANYREFS), KS_E(ETIMEDOUT),
	KS_E(ECONNREFUSED), KS_E(EHOSTDOWN), KS_E(EHOSTUNREACH),
	KS_E(EALREADY), KS_E(EINPROGRESS), KS_E(ESTALE), KS_E(EUCLEAN),
	KS_E(EREMOTEIO), KS_E(EDQUOT), KS_E(ENOMEDIUM), KS_E(EMEDIUMTYPE),
	KS_E(ECANCELED), KS_E(ENOKEY), KS_E(EKEYEXPIRED), KS_E(EKEYREVOKED),
	KS_E(EKEYREJECTED), KS_E(EOWNERDEAD), KS_E(ENOTRECOVERABLE),
	KS_E(ERFKILL), KS_E(EHWPOISON),
};

#define KS_NR_ERRNOS ARRAY_SIZE(ks_errnos)

static const char * const ks_verb_names[] = {
	[KS_VERB_NONE] = "none",
	[KS_VERB_ENGAGE] = "engage",
	[KS_VERB_TRYENGAGE] = "tryengage",
	[KS_VERB_OBSERVE] = "observe",
	[KS_VERB_DISENGAGE] = "disengage",
	[KS_VERB_CONFIRM] = "confirm",
	[KS_VERB_DISENGAGE_ALL] = "disengage_all",
};

#define KS_NR_VERBS ARRAY_SIZE(ks_verb_names)

static const char * const ks_scope_names[] = {
	[KS_SCOPE_ALL] = "all",
	[KS_SCOPE_UNPRIV] = "unpriv",
	[KS_SCOPE_USERNS] = "userns",
};

#define KS_NR_SCOPES ARRAY_SIZE(ks_scope_names)

/* Character classes: ASCII only, independent of any locale. */
static bool ks_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool ks_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ks_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool ks_is_symbol_char(char c)
{
	return ks_is_alpha(c) || ks_is_digit(c) || c == '_' || c == '.' ||
	       c == '$';
}

static bool ks_is_module_char(char c)
{
	return ks_is_alpha(c) || ks_is_digit(c) || c == '_' || c == '-';
}

/* Value of digit c in base 10 or 16, or -1. */
static int ks_digit_value(char c, unsigned int base)
{
	if (ks_is_digit(c))
		return c - '0';
	if (base != 16)
		return -1;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int ks_fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -EINVAL;
}

/* Does p[0..n) equal the NUL-terminated string lit? */
static bool ks_eq(const char *p, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(p, lit, n) == 0;
}

/* Does p[0..n) start with lit? */
static bool ks_starts(const char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n >= l && memcmp(p, lit, l) == 0;
}

/*
 * Parses the digits p[0..n) in base 10 or 16 into *out, which must not
 * exceed limit. bad and range are the reasons given for a character that
 * is not a digit and for a value above limit.
 */
static int ks_parse_digits(const char *p, size_t n, unsigned int base,
			   unsigned long limit, unsigned long *out,
			   const char *bad, const char *range,
			   const char **why)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0)
		return ks_fail(why, "missing digits");
	for (i = 0; i < n; i++) {
		int d = ks_digit_value(p[i], base);

		if (d < 0)
			return ks_fail(why, bad);
		/* v * base + d <= limit, without overflowing */
		if (v > (limit - (unsigned long)d) / base)
			return ks_fail(why, range);
		v = v * base + (unsigned long)d;
	}
	*out = v;
	return 0;
}

/* <seconds>: decimal, 1 ... KS_SECONDS_MAX, no sign, no leading zero. */
static int ks_parse_seconds(const char *p, size_t n, unsigned int *secs,
			    const char **why)
{
	unsigned long v;
	int ret;

	if (n == 0)
		return ks_fail(why, "missing <seconds>");
	if (n > 1 && p[0] == '0')
		return ks_fail(why, "leading zero in <seconds>");
	ret = ks_parse_digits(p, n, 10, KS_SECONDS_MAX, &v,
			      "invalid digit in <seconds>",
			      "seconds out of range", why);
	if (ret)
		return ret;
	if (v == 0)
		return ks_fail(why, "seconds out of range");
	*secs = (unsigned int)v;
	return 0;
}

const char *ks_errno_name(long v)
{
	size_t i;

	for (i = 0; i < KS_NR_ERRNOS; i++)
		if (v == ks_errnos[i].value || v == -(long)ks_errnos[i].value)
			return ks_errnos[i].name;
	return NULL;
}

int ks_errno_value(const char *name, size_t len)
{
	size_t i;

	if (!name)
		return 0;
	for (i = 0; i < KS_NR_ERRNOS; i++)
		if (ks_eq(name, len, ks_errnos[i].name))
			return ks_errnos[i].value;
	return 0;
}

const char *ks_verb_name(enum ks_verb verb)
{
	if ((unsigned int)verb >= KS_NR_VERBS)
		return "invalid";
	return ks_verb_names[verb];
}

const char *ks_scope_name(enum ks_scope scope)
{
	if ((unsigned int)scope >= KS_NR_SCOPES)
		return "invalid";
	return ks_scope_names[scope];
}

int ks_parse_retval(const char *s, size_t len, long *val, const char **why)
{
	unsigned long mag, limit;
	unsigned int base = 10;
	bool neg = false;
	size_t i = 0;
	int ret;

	if (len == 0)
		return ks_fail(why, "empty <retval>");
	if (s[0] == '-') {
		neg = true;
		i = 1;
		if (len == 1)
			return ks_fail(why, "missing number after '-'");
	}
	if (ks_is_alpha(s[i]) || s[i] == '_') {
		int e = ks_errno_value(s + i, len - i);

		if (!neg)
			return ks_fail(why, e ?
				       "errno name needs a leading '-'" :
				       "invalid <retval>");
		if (!e)
			return ks_fail(why, "unknown errno name");
		*val = -(long)e;
		return 0;
	}
	if (len - i >= 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
		if (i == len)
			return ks_fail(why, "missing digits after 0x");
	} else if (len - i > 1 && s[i] == '0') {
		return ks_fail(why, "leading zero in decimal <retval>");
	}
	if (neg)
		limit = (unsigned long)LONG_MAX + 1;
	else
		limit = base == 16 ? ULONG_MAX : (unsigned long)LONG_MAX;
	ret = ks_parse_digits(s + i, len - i, base, limit, &mag,
			      base == 16 ? "invalid hex digit in <retval>" :
			      "invalid decimal digit in <retval>",
			      "retval out of range", why);
	if (ret)
		return ret;
	if (neg)	/* -mag without overflow for LONG_MIN */
		*val = mag ? -(long)(mag - 1) - 1 : 0;
	else		/* beyond LONG_MAX only for hex: the bit pattern */
		*val = (long)mag;
	return 0;
}

int ks_parse_target(const char *s, size_t len, struct ks_target_name *t,
		    const char **why)
{
	const char *colon, *sym = s;
	size_t i, slen = len;

	memset(t, 0, sizeof(*t));
	if (len == 0)
		return ks_fail(why, "missing <target>");
	colon = memchr(s, ':', len);
	if (colon) {
		size_t mlen = (size_t)(colon - s);

		if (mlen == 0)
			return ks_fail(why, "empty module name");
		for (i = 0; i < mlen; i++)
			if (!ks_is_module_char(s[i]))
				return ks_fail(why,
					"invalid character in module name");
		if (mlen > KS_MODULE_MAX - 1)
			return ks_fail(why, "module name too long");
		for (i = 0; i < mlen; i++)
			t->module[i] = s[i] == '-' ? '_' : s[i];
		sym = colon + 1;
		slen = len - mlen - 1;
	}
	if (slen == 0)
		return ks_fail(why, "empty symbol name");
	for (i = 0; i < slen; i++) {
		if (sym[i] == ':')
			return ks_fail(why, "more than one ':' in <target>");
		if (!ks_is_symbol_char(sym[i]))
			return ks_fail(why, "invalid character in symbol name");
	}
	if (ks_is_digit(sym[0]))
		return ks_fail(why, "symbol name starts with a digit");
	if (slen > KS_SYMBOL_MAX - 1)
		return ks_fail(why, "symbol name too long");
	memcpy(t->symbol, sym, slen);
	return 0;
}

/* Which options each verb accepts. */
static unsigned int ks_allowed_options(enum ks_verb verb)
{
	switch (verb) {
	case KS_VERB_ENGAGE:
	case KS_VERB_TRYENGAGE:
		return KS_OPT_SCOPE | KS_OPT_REVERT | KS_OPT_FORCE;
	case KS_VERB_OBSERVE:
		return KS_OPT_FORCE;
	default:
		return 0;
	}
}

/* Option bit named by p[0..n), or 0 if it names no option. */
static unsigned int ks_option_bit(const char *p, size_t n, bool entry)
{
	if (ks_starts(p, n, "scope="))
		return KS_OPT_SCOPE;
	if (ks_starts(p, n, "revert="))
		return KS_OPT_REVERT;
	if (ks_eq(p, n, "force"))
		return KS_OPT_FORCE;
	if (entry && ks_starts(p, n, "try="))
		return KS_OPT_TRY;
	return 0;
}

/*
 * Applies the option p[0..n) to cmd. *seen collects the options given so
 * far; allowed is the mask of options the verb takes.
 */
static int ks_parse_option(const char *p, size_t n, bool entry,
			   unsigned int allowed, unsigned int *seen,
			   struct ks_cmd *cmd, const char **why)
{
	unsigned int bit = ks_option_bit(p, n, entry);
	const char *eq = memchr(p, '=', n);
	const char *v = eq ? eq + 1 : p + n;
	size_t vlen = (size_t)(p + n - v);

	if (!bit)
		return ks_fail(why, allowed ? "unknown option" :
			       "unexpected argument after <target>");
	if (*seen & bit)
		return ks_fail(why, "option given twice");
	if (!(allowed & bit))
		return ks_fail(why, "option not allowed for this verb");
	*seen |= bit;

	switch (bit) {
	case KS_OPT_SCOPE:
		if (ks_eq(v, vlen, "all"))
			cmd->scope = KS_SCOPE_ALL;
		else if (ks_eq(v, vlen, "unpriv"))
			cmd->scope = KS_SCOPE_UNPRIV;
		else if (ks_eq(v, vlen, "userns"))
			cmd->scope = KS_SCOPE_USERNS;
		else
			return ks_fail(why, "unknown scope");
		return 0;
	case KS_OPT_REVERT:
		return ks_parse_seconds(v, vlen, &cmd->revert_secs, why);
	case KS_OPT_TRY:
		return ks_parse_seconds(v, vlen, &cmd->observe_secs, why);
	default:	/* KS_OPT_FORCE */
		cmd->force = true;
		return 0;
	}
}

/* Cursor over the blank-separated fields of a line. */
struct ks_fields {
	const char *p;
	size_t left;
};

/* Next field into *tok / *tlen; false at the end of the line. */
static bool ks_next_field(struct ks_fields *f, const char **tok,
			  size_t *tlen)
{
	size_t n = 0;

	while (f->left && ks_is_blank(*f->p)) {
		f->p++;
		f->left--;
	}
	if (!f->left)
		return false;
	while (n < f->left && !ks_is_blank(f->p[n]))
		n++;
	*tok = f->p;
	*tlen = n;
	f->p += n;
	f->left -= n;
	return true;
}

static enum ks_verb ks_lookup_verb(const char *p, size_t n)
{
	unsigned int v;

	for (v = KS_VERB_NONE + 1; v < KS_NR_VERBS; v++)
		if (ks_eq(p, n, ks_verb_names[v]))
			return (enum ks_verb)v;
	return KS_VERB_NONE;
}

/* Rejects bytes that have no place in a line (after the final "\n"). */
static int ks_check_bytes(const char *line, size_t len, const char **why)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c == '\0')
			return ks_fail(why, "embedded NUL byte");
		if (c == '\r')
			return ks_fail(why, "stray carriage return");
		if (c == '\n')
			return ks_fail(why, "embedded newline");
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return ks_fail(why, "stray control character");
	}
	return 0;
}

int ks_parse_line(const char *line, size_t len, struct ks_cmd *cmd,
		  const char **why)
{
	struct ks_fields f;
	unsigned int allowed, seen = 0;
	const char *tok;
	size_t tlen;
	int ret;

	memset(cmd, 0, sizeof(*cmd));
	cmd->verb = KS_VERB_NONE;
	cmd->scope = KS_SCOPE_ALL;
	if (len && line[len - 1] == '\n')
		len--;
	if (len > KS_LINE_MAX - 1)
		return ks_fail(why, "line too long");
	ret = ks_check_bytes(line, len, why);
	if (ret)
		return ret;

	f.p = line;
	f.left = len;
	if (!ks_next_field(&f, &tok, &tlen) || tok[0] == '#')
		return 0;	/* blank or comment line */
	cmd->verb = ks_lookup_verb(tok, tlen);
	if (cmd->verb == KS_VERB_NONE)
		return ks_fail(why, "unknown verb");
	if (cmd->verb == KS_VERB_DISENGAGE_ALL) {
		if (ks_next_field(&f, &tok, &tlen))
			return ks_fail(why,
				"trailing characters after disengage_all");
		return 0;
	}

	if (!ks_next_field(&f, &tok, &tlen))
		return ks_fail(why, "missing <target>");
	ret = ks_parse_target(tok, tlen, &cmd->target, why);
	if (ret)
		return ret;

	if (cmd->verb == KS_VERB_ENGAGE || cmd->verb == KS_VERB_TRYENGAGE) {
		if (!ks_next_field(&f, &tok, &tlen))
			return ks_fail(why, "missing <retval>");
		ret = ks_parse_retval(tok, tlen, &cmd->retval, why);
		if (ret)
			return ret;
	}
	if (cmd->verb == KS_VERB_TRYENGAGE) {
		if (!ks_next_field(&f, &tok, &tlen))
			return ks_fail(why, "missing <seconds>");
		ret = ks_parse_seconds(tok, tlen, &cmd->observe_secs, why);
		if (ret)
			return ret;
	}

	allowed = ks_allowed_options(cmd->verb);
	while (ks_next_field(&f, &tok, &tlen)) {
		ret = ks_parse_option(tok, tlen, false, allowed, &seen, cmd,
				      why);
		if (ret)
			return ret;
	}
	return 0;
}

int ks_parse_entry(const char *entry, size_t len, struct ks_cmd *cmd,
		   const char **why)
{
	const char *eq, *val, *end = entry + len, *opt;
	unsigned int seen = 0;
	size_t vlen;
	int ret;

	memset(cmd, 0, sizeof(*cmd));
	cmd->verb = KS_VERB_NONE;
	cmd->scope = KS_SCOPE_ALL;
	if (len == 0)
		return ks_fail(why, "empty entry");
	if (memchr(entry, '\0', len))
		return ks_fail(why, "embedded NUL byte");
	eq = memchr(entry, '=', len);
	if (!eq)
		return ks_fail(why, "missing '=' after <target>");
	ret = ks_parse_target(entry, (size_t)(eq - entry), &cmd->target,
			      why);
	if (ret)
		return ret;

	val = eq + 1;
	opt = memchr(val, '/', (size_t)(end - val));
	if (!opt)
		opt = end;
	vlen = (size_t)(opt - val);
	if (vlen == 0)
		return ks_fail(why, "missing value after '='");
	if (ks_eq(val, vlen, "observe")) {
		cmd->verb = KS_VERB_OBSERVE;
	} else {
		ret = ks_parse_retval(val, vlen, &cmd->retval, why);
		if (ret)
			return ret;
		cmd->verb = KS_VERB_ENGAGE;
	}

	/* opt points at '/' or at the end */
	while (opt < end) {
		const char *p = opt + 1;
		const char *next = memchr(p, '/', (size_t)(end - p));

		if (!next)
			next = end;
		if (next == p)
			return ks_fail(why, "empty option");
		ret = ks_parse_option(p, (size_t)(next - p), true,
				      KS_OPT_SCOPE | KS_OPT_REVERT |
				      KS_OPT_FORCE | KS_OPT_TRY, &seen, cmd,
				      why);
		if (ret)
			return ret;
		opt = next;
	}

	if (seen & KS_OPT_TRY) {
		if (cmd->verb == KS_VERB_OBSERVE)
			return ks_fail(why,
				"try= cannot be combined with observe");
		cmd->verb = KS_VERB_TRYENGAGE;
		seen &= ~KS_OPT_TRY;
	}
	if (seen & ~ks_allowed_options(cmd->verb))
		return ks_fail(why, "option not allowed for this verb");
	return 0;
}
