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
#include <linux/dcache.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/security.h>

#include "ks_fs.h"

static bool ks_use_debugfs;
bool ks_fs_test_debugfs;

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

/*
 * securityfs_remove() unlinks a file but leaves its dentry hashed while the
 * file is open; its directory is then "not empty", cannot be removed, and
 * the name stays taken until reboot (a re-engage and a module reload fail
 * with EEXIST). Unhashing the dentry ourselves, while we still hold a
 * reference to it, makes the directory empty; an open file keeps only its
 * own unhashed dentry until it is closed (and finds no target by then).
 * debugfs_remove() already does this.
 */
void ks_fs_remove(struct dentry *d)
{
	if (IS_ERR_OR_NULL(d))
		return;
	if (ks_use_debugfs) {
		debugfs_remove(d);
		return;
	}
	dget(d);
	securityfs_remove(d);
	d_drop(d);
	dput(d);
}

struct dentry *ks_fs_init(void)
{
	struct dentry *root;

	ks_use_debugfs = false;
	root = ks_fs_test_debugfs ? ERR_PTR(-ENODEV) :
	       securityfs_create_dir("killswitch", NULL);
	if (!IS_ERR(root) || PTR_ERR(root) != -ENODEV)
		return root;
	ks_use_debugfs = true;
	return debugfs_create_dir("killswitch", NULL);
}

const char *ks_fs_backend(void)
{
	return ks_use_debugfs ? "debugfs" : "securityfs";
}
