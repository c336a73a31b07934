// SPDX-License-Identifier: GPL-2.0-only
/*
 * ks_lpmod: a livepatch that replaces ks_testmod's ks_test_fn5() with a
 * function returning 5555. Livepatch owns the function's ftrace site with
 * an ip-modifying ftrace_ops, exactly what killswitch must not share a
 * site with: while this patch is enabled, engaging ks_test_fn5 fails with
 * EBUSY, and while ks_test_fn5 is engaged, loading this patch fails.
 *
 * Disable it with "echo 0 > /sys/kernel/livepatch/ks_lpmod/enabled", wait
 * for .../transition to read 0, then rmmod.
 */
#include <linux/livepatch.h>
#include <linux/module.h>

static int ks_lp_fn5(void)
{
	return 5555;
}

static struct klp_func ks_lp_funcs[] = {
	{ .old_name = "ks_test_fn5", .new_func = ks_lp_fn5 },
	{ }
};

static struct klp_object ks_lp_objs[] = {
	{ .name = "ks_testmod", .funcs = ks_lp_funcs },
	{ }
};

static struct klp_patch ks_lp_patch = {
	.mod = THIS_MODULE,
	.objs = ks_lp_objs,
};

static int __init ks_lp_init(void)
{
	return klp_enable_patch(&ks_lp_patch);
}

static void __exit ks_lp_exit(void)
{
}

module_init(ks_lp_init);
module_exit(ks_lp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("killswitch test: a livepatch of ks_testmod's ks_test_fn5");
MODULE_INFO(livepatch, "Y");
