/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch filesystem backend: securityfs, or debugfs when the kernel has
 * no securityfs.
 */
#ifndef _KS_FS_H
#define _KS_FS_H

#include <linux/fs.h>

struct dentry *ks_fs_dir(const char *name, struct dentry *parent);
struct dentry *ks_fs_file(const char *name, umode_t mode,
			  struct dentry *parent, void *data,
			  const struct file_operations *fops);
void ks_fs_remove(struct dentry *d);

/*
 * Creates the top directory "killswitch" on the first backend that works.
 * ks_fs_test_debugfs (module parameter test_debugfs=) acts as if securityfs
 * were missing, so that the tests reach the fallback on Debian's kernels.
 */
extern bool ks_fs_test_debugfs;
struct dentry *ks_fs_init(void);
const char *ks_fs_backend(void);

#endif /* _KS_FS_H */
