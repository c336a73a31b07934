// SPDX-License-Identifier: GPL-2.0-only
/* Minimal TAP producer for the host tests (see tap.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static unsigned int tap_passed, tap_failed;

bool tap_check(bool cond, const char *fmt, ...)
{
	char desc[1024];
	va_list ap;
	char *p;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	/* a '#' in a description would start a TAP directive */
	for (p = desc; *p; p++)
		if (*p == '#' || *p == '\n')
			*p = '_';
	if (cond)
		tap_passed++;
	else
		tap_failed++;
	printf("%sok %u - %s\n", cond ? "" : "not ", tap_passed + tap_failed,
	       desc);
	/* keep what was printed if a sanitizer aborts the run */
	fflush(stdout);
	return cond;
}

void tap_diag(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	char *p;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (p = msg; *p; p++)
		if (*p == '\n')
			*p = ' ';
	printf("# %s\n", msg);
	fflush(stdout);
}

const char *tap_escape(char *buf, size_t n, const char *s, size_t len)
{
	size_t o = 0, i;

	if (n < 8) {
		if (n)
			buf[0] = '\0';
		return buf;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char tmp[8];
		size_t l;

		if (c == '\n')
			l = (size_t)snprintf(tmp, sizeof(tmp), "\\n");
		else if (c == '\r')
			l = (size_t)snprintf(tmp, sizeof(tmp), "\\r");
		else if (c == '\t')
			l = (size_t)snprintf(tmp, sizeof(tmp), "\\t");
		else if (c == '\\')
			l = (size_t)snprintf(tmp, sizeof(tmp), "\\\\");
		else if (c < 0x20 || c >= 0x7f || c == '#')
			l = (size_t)snprintf(tmp, sizeof(tmp), "\\x%02x", c);
		else
			l = (size_t)snprintf(tmp, sizeof(tmp), "%c", c);
		if (o + l + 4 > n) {
			memcpy(buf + o, "...", 4);
			return buf;
		}
		memcpy(buf + o, tmp, l);
		o += l;
	}
	buf[o] = '\0';
	return buf;
}

int tap_finish(void)
{
	printf("1..%u\n", tap_passed + tap_failed);
	printf("%u passed, %u failed\n", tap_passed, tap_failed);
	fflush(stdout);
	return tap_failed || !tap_passed ? 1 : 0;
}
