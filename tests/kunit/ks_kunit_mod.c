// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch_kunit.ko: module information only. Every *_kunit.c file
 * registers its suites with kunit_test_suites(); KUnit runs them when the
 * module is loaded.
 */
#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("killswitch KUnit tests");
