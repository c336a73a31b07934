// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch: make a kernel function return a fixed value without running
 * its body - an emergency brake between a kernel CVE and a fixed kernel.
 *
 * This file is only the init/exit ladder and the module parameters.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ks_arch.h"
#include "ks_control.h"
#include "ks_engine.h"
#include "ks_fs.h"
#include "ks_guard.h"
#include "ks_report.h"

#ifndef KS_VERSION
#define KS_VERSION "unknown"
#endif

/*
 * targets= and engage= are strings of any length: charp refuses more than
 * 1024 bytes, and that failure would keep the whole module from loading -
 * with it every target of a long fleet list. The last value given wins, as
 * for charp.
 */
static int ks_param_set_list(const char *val, const struct kernel_param *kp)
{
	char **list = kp->arg;
	char *copy = kstrdup(val, GFP_KERNEL);

	if (!copy)
		return -ENOMEM;
	kfree(*list);
	*list = copy;
	return 0;
}

static void ks_param_free_list(void *arg)
{
	char **list = arg;

	kfree(*list);
	*list = NULL;
}

static const struct kernel_param_ops ks_param_list_ops = {
	.set = ks_param_set_list,
	.get = param_get_charp,
	.free = ks_param_free_list,
};

static char *ks_param_targets;
module_param_cb(targets, &ks_param_list_ops, &ks_param_targets, 0400);
MODULE_PARM_DESC(targets,
		 "Targets engaged at load: fn=val,module:fn=val[/option...],... (see README)");

static char *ks_param_engage;
module_param_cb(engage, &ks_param_list_ops, &ks_param_engage, 0400);
MODULE_PARM_DESC(engage, "Alias of targets=");

module_param_named(test_debugfs, ks_fs_test_debugfs, bool, 0400);
MODULE_PARM_DESC(test_debugfs,
		 "Act as if the kernel had no securityfs: the interface goes to debugfs (for testing the fallback)");

module_param_named(guard_extra, ks_guard_extra, charp, 0400);
MODULE_PARM_DESC(guard_extra,
		 "Extra guarded symbols, comma-separated (for testing the guard rails)");

/* Read when a target is armed: changing it affects later engagements. */
module_param_named(fastpath, ks_fastpath, bool, 0644);
MODULE_PARM_DESC(fastpath,
		 "Kill plain engagements of ftrace-site functions with an ftrace direct call (default Y); N: kprobes for everything");

/*
 * Each entry is applied on its own: one bad entry is logged with its reason
 * and does not keep the others from protecting the machine.
 */
static void ks_apply_param(const char *list, const char *param)
{
	const char *p = list;
	struct ks_actor who;

	ks_actor_current(&who, true);
	while (p && *p) {
		size_t len = strcspn(p, ",");
		const char *why = NULL;
		struct ks_cmd cmd;
		unsigned int bad;
		int ret;

		if (!len) {
			p++;
			continue;
		}
		ret = ks_parse_entry(p, len, &cmd, &why);
		if (ret)
			pr_warn("%s=: entry \"%.*s\" ignored: %s (-EINVAL)\n",
				param, (int)len, p, why);
		else if (ks_apply(&cmd, 1, &who, &bad))
			pr_warn("%s=: entry \"%.*s\" not applied (reason above)\n",
				param, (int)len, p);
		p += len + (p[len] == ',');
	}
}

static int __init ks_init(void)
{
	int ret;

	ret = ks_report_init();
	if (ret)
		return ret;
	ks_engine_init();
	ret = ks_modules_init();
	if (ret)
		goto out_engine;
	ret = ks_control_init();
	if (ret)
		goto out_modules;

	pr_info("version %s loaded (%s, taint bit %d on first engagement)\n",
		KS_VERSION, KS_ARCH_NAME, KS_TAINT);
	ks_apply_param(ks_param_targets, "targets");
	ks_apply_param(ks_param_engage, "engage");
	return 0;

out_modules:
	ks_modules_exit();	/* nothing is engaged yet: order is free */
out_engine:
	ks_engine_exit();	/* frees what ks_engine_init() allocated */
	ks_report_exit();
	return ret;
}

static void __exit ks_exit(void)
{
	ks_control_exit();
	/*
	 * Disengage before the module notifier goes: a target's module that
	 * unloads meanwhile is still disarmed by it. Once the engine is empty
	 * the notifier has nothing left to arm.
	 */
	ks_engine_exit();
	ks_modules_exit();
	ks_control_exit_dirs();
	ks_report_exit();
	pr_info("unloaded; every target disengaged\n");
}

module_init(ks_init);
module_exit(ks_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Make chosen kernel functions return a fixed value (CVE mitigation)");
MODULE_AUTHOR("killswitch developers");
MODULE_VERSION(KS_VERSION);
