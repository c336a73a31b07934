/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test helpers: format a parsed struct ks_cmd back into the text it came
 * from (for round-trip checks) and compare two commands field by field.
 */
#ifndef KS_FORMAT_H
#define KS_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "ks_parse.h"

/* cmd as a control-file line, without "\n"; -1 if buf is too small. */
int ks_format_line(const struct ks_cmd *cmd, char *buf, size_t n);

/* An engage/tryengage/observe cmd as a targets= entry; -1 otherwise. */
int ks_format_entry(const struct ks_cmd *cmd, char *buf, size_t n);

/*
 * true if a and b mean the same command; otherwise describes the first
 * difference in diff (size n).
 */
bool ks_cmd_equal(const struct ks_cmd *a, const struct ks_cmd *b,
		  char *diff, size_t n);

#endif
