/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared bits of the in-VM test programs. Exit codes: 0 the operation
 * succeeded, 1 it failed with an errno, 2 setup failure.
 */
#ifndef _KS_PROGS_H
#define _KS_PROGS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define KS_EXIT_OK	0
#define KS_EXIT_ERRNO	1
#define KS_EXIT_SETUP	2

/* "EPERM" for EPERM; "E<number>" when glibc has no name for it. */
static inline const char *ks_errname(int e)
{
	static char buf[24];
	const char *n = strerrorname_np(e);

	if (n)
		return n;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

/* Copies s to d interpreting \n, \t, \\ and \0; returns the length. */
static inline size_t ks_unescape(char *d, const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			switch (*s) {
			case 'n': d[n++] = '\n'; break;
			case 't': d[n++] = '\t'; break;
			case '0': d[n++] = '\0'; break;
			default: d[n++] = *s; break;
			}
		} else {
			d[n++] = *s;
		}
	}
	return n;
}

#endif
