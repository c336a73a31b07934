/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch: parsing of control-file lines, targets= entries and return
 * values.
 *
 * This file and ks_parse.c are plain C: they build into the kernel module
 * and, unchanged, into userspace unit tests and fuzzers (see tests/host/).
 * They must not include kernel-only headers (the only exception is the
 * errno header, chosen by ks_parse.c), allocate memory or keep state.
 *
 * Control-file grammar (one command per line; fields are separated by
 * blanks - spaces or tabs; a line may end in "\n"; empty lines and lines
 * whose first non-blank character is '#' are skipped; '#' elsewhere is not
 * a comment. A line holds at most KS_LINE_MAX - 1 bytes besides its final
 * "\n". No line, not even a comment, may contain NUL, "\r" (so CRLF line
 * endings are refused), another "\n" or any other control character
 * except tab):
 *
 *   engage      <target> <retval> [option ...]
 *   tryengage   <target> <retval> <seconds> [option ...]
 *   observe     <target> [option ...]
 *   disengage   <target>
 *   confirm     <target>
 *   disengage_all
 *
 *   <target>  := <symbol> | <module> ':' <symbol>
 *                symbol: [A-Za-z0-9_.$]+ (e.g. "foo.isra.0"), at most
 *                KS_SYMBOL_MAX - 1 characters, not starting with a digit;
 *                module: [A-Za-z0-9_-]+, at most KS_MODULE_MAX - 1
 *                characters ('-' is stored as '_', as the kernel does).
 *   <retval>  := decimal ("-1", "42"), hexadecimal ("0x1f", "-0x10"),
 *                or a negative errno name ("-EPERM"). The value must fit
 *                in a signed long, or be an unsigned hexadecimal number
 *                that fits in an unsigned long (stored as its bit pattern).
 *                No '+'; "0x" or "0X", hex digits in either case; no
 *                leading zero in decimal ("010" is refused, not octal).
 *                Errno names are case-sensitive and must be negated:
 *                "EPERM" without '-' is refused.
 *   <seconds> := decimal, 1 ... KS_SECONDS_MAX, no sign or leading zero
 *   option    := "scope=" ("all" | "unpriv" | "userns")
 *              | "revert=" <seconds>
 *              | "force"
 *                Each option at most once. Verbs accept options as
 *                follows: engage: scope, revert, force; tryengage: scope,
 *                revert, force; observe: force. Others take none.
 *
 * targets= module parameter grammar (also used for "engage="):
 *
 *   <list>    := <entry> [ ',' <entry> ... ]   (empty entries are skipped
 *                by the caller; ks_parse_entry() refuses an empty entry)
 *   <entry>   := <target> '=' <value> [ '/' <option> ... ]
 *   <value>   := <retval> | "observe"
 *   option    := the options above, plus "try=" <seconds>, which turns
 *                the entry into a tryengage (not allowed with "observe").
 *                No blanks anywhere in an entry.
 *
 *   e.g. targets=af_alg:af_alg_sendmsg=-EPERM,nft_foo=-1/scope=userns
 */
#ifndef _KS_PARSE_H
#define _KS_PARSE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#endif

#define KS_MODULE_MAX	56	/* == MODULE_NAME_LEN on 64-bit, with NUL */
#define KS_SYMBOL_MAX	128	/* with NUL */
#define KS_LINE_MAX	512	/* longest control-file line, with NUL */
#define KS_SECONDS_MAX	86400	/* one day */

enum ks_verb {
	KS_VERB_NONE = 0,	/* blank or comment line: nothing to do */
	KS_VERB_ENGAGE,
	KS_VERB_TRYENGAGE,
	KS_VERB_OBSERVE,
	KS_VERB_DISENGAGE,
	KS_VERB_CONFIRM,
	KS_VERB_DISENGAGE_ALL,
};

enum ks_scope {
	KS_SCOPE_ALL = 0,	/* every caller */
	KS_SCOPE_UNPRIV,	/* callers whose uid in init_user_ns is not 0 */
	KS_SCOPE_USERNS,	/* callers outside the initial user namespace */
};

struct ks_target_name {
	char module[KS_MODULE_MAX];	/* "" when unqualified */
	char symbol[KS_SYMBOL_MAX];
};

struct ks_cmd {
	enum ks_verb verb;
	struct ks_target_name target;
	long retval;
	enum ks_scope scope;
	unsigned int revert_secs;	/* 0: no automatic revert */
	unsigned int observe_secs;	/* tryengage only */
	bool force;
};

/*
 * Each parser returns 0 on success or -EINVAL; on failure *why (if why is
 * not NULL) points to a static, one-line English reason without a trailing
 * newline. On failure the contents of *cmd are unspecified.
 *
 * ks_parse_line(): one control-file line of len bytes (not necessarily
 * NUL-terminated; may end in "\n"; an embedded NUL byte is an error).
 */
int ks_parse_line(const char *line, size_t len, struct ks_cmd *cmd,
		  const char **why);

/*
 * ks_parse_entry(): one targets= entry of len bytes (no ','). Sets
 * cmd->verb to KS_VERB_ENGAGE, KS_VERB_TRYENGAGE or KS_VERB_OBSERVE.
 */
int ks_parse_entry(const char *entry, size_t len, struct ks_cmd *cmd,
		   const char **why);

/* ks_parse_retval(): a whole <retval> token of len bytes. */
int ks_parse_retval(const char *s, size_t len, long *val, const char **why);

/* ks_parse_target(): a whole <target> token of len bytes. */
int ks_parse_target(const char *s, size_t len, struct ks_target_name *t,
		    const char **why);

/*
 * ks_errno_name(): "EPERM" for 1 (or -1), NULL when v is not a known errno.
 * ks_errno_value(): 1 for "EPERM", 0 when unknown.
 */
const char *ks_errno_name(long v);
int ks_errno_value(const char *name, size_t len);

/*
 * Names for display: "engage", ...; "all", "unpriv", "userns".
 * KS_VERB_NONE is "none"; values outside the enums give "invalid".
 */
const char *ks_verb_name(enum ks_verb verb);
const char *ks_scope_name(enum ks_scope scope);

#endif /* _KS_PARSE_H */
