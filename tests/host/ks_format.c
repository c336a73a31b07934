// SPDX-License-Identifier: GPL-2.0-only
/* Test helpers: format struct ks_cmd back to text, compare commands. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ks_format.h"

struct ks_buf {
	char *p;
	size_t n, used;
	bool overflow;
};

static void ks_put(struct ks_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ks_put(struct ks_buf *b, const char *fmt, ...)
{
	va_list ap;
	int l;

	if (b->overflow)
		return;
	va_start(ap, fmt);
	l = vsnprintf(b->p + b->used, b->n - b->used, fmt, ap);
	va_end(ap);
	if (l < 0 || (size_t)l >= b->n - b->used) {
		b->overflow = true;
		return;
	}
	b->used += (size_t)l;
}

static void ks_put_target(struct ks_buf *b, const struct ks_target_name *t)
{
	if (t->module[0])
		ks_put(b, "%s:", t->module);
	ks_put(b, "%s", t->symbol);
}

static int ks_done(struct ks_buf *b)
{
	return b->overflow ? -1 : (int)b->used;
}

int ks_format_line(const struct ks_cmd *cmd, char *buf, size_t n)
{
	struct ks_buf b = { buf, n, 0, n == 0 };

	if (n)
		buf[0] = '\0';
	if (cmd->verb == KS_VERB_NONE)
		return 0;
	ks_put(&b, "%s", ks_verb_name(cmd->verb));
	if (cmd->verb == KS_VERB_DISENGAGE_ALL)
		return ks_done(&b);
	ks_put(&b, " ");
	ks_put_target(&b, &cmd->target);
	if (cmd->verb == KS_VERB_ENGAGE || cmd->verb == KS_VERB_TRYENGAGE)
		ks_put(&b, " %ld", cmd->retval);
	if (cmd->verb == KS_VERB_TRYENGAGE)
		ks_put(&b, " %u", cmd->observe_secs);
	if (cmd->scope != KS_SCOPE_ALL)
		ks_put(&b, " scope=%s", ks_scope_name(cmd->scope));
	if (cmd->revert_secs)
		ks_put(&b, " revert=%u", cmd->revert_secs);
	if (cmd->force)
		ks_put(&b, " force");
	return ks_done(&b);
}

int ks_format_entry(const struct ks_cmd *cmd, char *buf, size_t n)
{
	struct ks_buf b = { buf, n, 0, n == 0 };

	if (n)
		buf[0] = '\0';
	if (cmd->verb != KS_VERB_ENGAGE && cmd->verb != KS_VERB_TRYENGAGE &&
	    cmd->verb != KS_VERB_OBSERVE)
		return -1;
	ks_put_target(&b, &cmd->target);
	if (cmd->verb == KS_VERB_OBSERVE)
		ks_put(&b, "=observe");
	else
		ks_put(&b, "=%ld", cmd->retval);
	if (cmd->verb == KS_VERB_TRYENGAGE)
		ks_put(&b, "/try=%u", cmd->observe_secs);
	if (cmd->scope != KS_SCOPE_ALL)
		ks_put(&b, "/scope=%s", ks_scope_name(cmd->scope));
	if (cmd->revert_secs)
		ks_put(&b, "/revert=%u", cmd->revert_secs);
	if (cmd->force)
		ks_put(&b, "/force");
	return ks_done(&b);
}

bool ks_cmd_equal(const struct ks_cmd *a, const struct ks_cmd *b,
		  char *diff, size_t n)
{
	if (a->verb != b->verb)
		snprintf(diff, n, "verb %d != %d", a->verb, b->verb);
	else if (strncmp(a->target.module, b->target.module, KS_MODULE_MAX))
		snprintf(diff, n, "module '%.*s' != '%.*s'",
			 KS_MODULE_MAX, a->target.module,
			 KS_MODULE_MAX, b->target.module);
	else if (strncmp(a->target.symbol, b->target.symbol, KS_SYMBOL_MAX))
		snprintf(diff, n, "symbol '%.*s' != '%.*s'",
			 KS_SYMBOL_MAX, a->target.symbol,
			 KS_SYMBOL_MAX, b->target.symbol);
	else if (a->retval != b->retval)
		snprintf(diff, n, "retval %ld != %ld", a->retval, b->retval);
	else if (a->scope != b->scope)
		snprintf(diff, n, "scope %d != %d", a->scope, b->scope);
	else if (a->revert_secs != b->revert_secs)
		snprintf(diff, n, "revert %u != %u", a->revert_secs,
			 b->revert_secs);
	else if (a->observe_secs != b->observe_secs)
		snprintf(diff, n, "observe %u != %u", a->observe_secs,
			 b->observe_secs);
	else if (a->force != b->force)
		snprintf(diff, n, "force %d != %d", a->force, b->force);
	else
		return true;
	return false;
}
