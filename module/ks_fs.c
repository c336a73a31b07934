// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch filesystem backend.
 *
 * securityfs is the home of the interface (/sys/kernel/security/killswitch);
 * debugfs (/sys/kernel/debug/killswitch) is only a fallback for kernels
 * built without securityfs. Both take the same arguments, so the choice is
 * made once, at init.
 *
 * securityfs_remove() on Debian's 6.1 and 6.12 does not remove a directory
 * that still has entries: callers remove files before their directory.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/security.h>

#include "ks_fs.h"

static bool ks_use_debugfs;

struct dentry *ks_fs_dir(const char *name, struct dentry *parent)
{
	if (ks_use_debugfs)
		return debugfs_create_dir(name, parent);
	return securityfs_create_dir(name, parent);
}

struct dentry *ks_fs_file(const char *name, umode_t mode,
			  struct dentry *parent, void *data,
			  const struct file_operations *fops)
{
	if (ks_use_debugfs)
		return debugfs_create_file(name, mode, parent, data, fops);
	return securityfs_create_file(name, mode, parent, data, fops);
}

void ks_fs_remove(struct dentry *d)
{
	if (IS_ERR_OR_NULL(d))
		return;
	if (ks_use_debugfs)
		debugfs_remove(d);
	else
		securityfs_remove(d);
}

struct dentry *ks_fs_init(void)
{
	struct dentry *root;

	ks_use_debugfs = false;
	root = securityfs_create_dir("killswitch", NULL);
	if (!IS_ERR(root) || PTR_ERR(root) != -ENODEV)
		return root;
	ks_use_debugfs = true;
	return debugfs_create_dir("killswitch", NULL);
}

const char *ks_fs_backend(void)
{
	return ks_use_debugfs ? "debugfs" : "securityfs";
}
