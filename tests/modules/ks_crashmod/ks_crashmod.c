// SPDX-License-Identifier: GPL-2.0-only
/*
 * ks_crashmod: lets the crash suite make killswitch cause a real oops, the
 * way a wrong target would: ks_crash_ptr() returns a valid pointer, and
 * reading /sys/kernel/debug/ks_crashmod/deref dereferences what it returns.
 * Engaged with a bogus non-NULL retval, the dereference oopses, and the
 * oops report must list what killswitch had engaged.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>

static long ks_crash_value = 1234;

long *ks_crash_ptr(void);

noinline long *ks_crash_ptr(void)
{
	return &ks_crash_value;
}

static long *(*volatile ks_crash_fn)(void) = ks_crash_ptr;
static struct dentry *ks_crash_dir;

static ssize_t ks_crash_read(struct file *file, char __user *buf,
			     size_t len, loff_t *ppos)
{
	char out[32];
	int n = scnprintf(out, sizeof(out), "%ld\n", *ks_crash_fn());

	return simple_read_from_buffer(buf, len, ppos, out, n);
}

static const struct file_operations ks_crash_fops = {
	.owner = THIS_MODULE,
	.read = ks_crash_read,
	.llseek = default_llseek,
};

static int __init ks_crash_init(void)
{
	ks_crash_dir = debugfs_create_dir("ks_crashmod", NULL);
	debugfs_create_file("deref", 0400, ks_crash_dir, NULL, &ks_crash_fops);
	return 0;
}

static void __exit ks_crash_exit(void)
{
	debugfs_remove(ks_crash_dir);
}

module_init(ks_crash_init);
module_exit(ks_crash_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("killswitch test: a dereference that a bad retval turns into an oops");
