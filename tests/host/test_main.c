// SPDX-License-Identifier: GPL-2.0-only
/* Host unit tests of module/ks_parse.c and module/ks_guard.c; prints TAP. */
#include "tap.h"
#include "t_util.h"

int main(void)
{
	test_retvals();
	test_targets();
	test_lines();
	test_entries();
	test_errnos();
	test_guard();
	return tap_finish();
}
