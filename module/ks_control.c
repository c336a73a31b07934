// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch control interface.
 *
 *   control             write-only: engage/disengage/... (ks_parse.h)
 *   engaged             one line per target
 *   fn/<symbol>/retval  read/write: the value returned, changed live
 *   fn/<symbol>/hits    calls killed (or seen, when observing)
 *   fn/<symbol>/state   pending|engaged|observing|trying|failed
 *   fn/<symbol>/callers the last distinct callers seen while observing
 *
 * Files of a target hold its id, not a pointer: a file may stay open after
 * its target is disengaged and freed. Every handler takes ks_lock and
 * looks the target up by id (ks_find_id()); ids are never reused.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ks_control.h"
#include "ks_engine.h"
#include "ks_fs.h"
#include "ks_report.h"

struct ks_fs_node {
	struct dentry *dir;
	struct dentry *files[4];
};

static struct dentry *ks_root, *ks_fn_dir, *ks_control_file, *ks_engaged_file;

/* CAP_SYS_ADMIN in the initial user namespace, at open and now. */
static int ks_check_admin(struct file *file, const char *what)
{
	if (file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN) &&
	    capable(CAP_SYS_ADMIN))
		return 0;
	ks_report_refusal("write", what, -EPERM,
			  "CAP_SYS_ADMIN in the initial user namespace required");
	return -EPERM;
}

int ks_apply_text(const char *buf, size_t len, const struct ks_actor *who)
{
	unsigned int n = 0, lines = 0, bad = 0, *lineno;
	const char *p = buf, *end = buf + len;
	struct ks_cmd *cmds;
	int ret = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);

		lines++;
		p = nl ? nl + 1 : end;
	}
	cmds = kvcalloc(lines ? lines : 1, sizeof(*cmds), GFP_KERNEL);
	lineno = kvcalloc(lines ? lines : 1, sizeof(*lineno), GFP_KERNEL);
	if (!cmds || !lineno) {
		ret = -ENOMEM;
		goto out;
	}

	for (p = buf, lines = 0; p < end; ) {
		const char *nl = memchr(p, '\n', end - p);
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *why = NULL;

		lines++;
		ret = ks_parse_line(p, l, &cmds[n], &why);
		if (ret) {
			pr_warn("control: line %u: %s (-EINVAL); nothing from this write was applied [pid=%d comm=%s]\n",
				lines, why, who->pid, who->comm);
			goto out;
		}
		p = nl ? nl + 1 : end;
		if (cmds[n].verb == KS_VERB_NONE)
			continue;
		lineno[n++] = lines;
	}

	ret = ks_apply(cmds, n, who, &bad);
	if (ret && n > 1)
		pr_warn("control: line %u failed; nothing from this write was applied\n",
			lineno[bad]);
out:
	kvfree(lineno);
	kvfree(cmds);
	return ret;
}

static ssize_t ks_control_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct ks_actor who;
	char *buf;
	int ret;

	ret = ks_check_admin(file, "control");
	if (ret)
		return ret;
	if (count > KS_WRITE_MAX) {
		ks_report_refusal("write", "control", -EINVAL,
				  "write larger than 256 KiB");
		return -EINVAL;
	}
	buf = vmemdup_user(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ks_actor_current(&who, false);
	ret = ks_apply_text(buf, count, &who);
	kvfree(buf);
	return ret ? ret : count;
}

static const struct file_operations ks_control_fops = {
	.owner = THIS_MODULE,
	.write = ks_control_write,
	.llseek = noop_llseek,
};

static int ks_engaged_show(struct seq_file *m, void *v)
{
	mutex_lock(&ks_lock);
	ks_show_all(m);
	mutex_unlock(&ks_lock);
	return 0;
}

static int ks_engaged_open(struct inode *inode, struct file *file)
{
	return single_open(file, ks_engaged_show, NULL);
}

static const struct file_operations ks_engaged_fops = {
	.owner = THIS_MODULE,
	.open = ks_engaged_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/* fn/<symbol>/ files: one show function per file, chosen by fops. */

static int ks_fn_show(struct seq_file *m, int (*show)(struct seq_file *,
						      struct ks_target *))
{
	struct ks_target *t;
	int ret;

	mutex_lock(&ks_lock);
	t = ks_find_id((unsigned long)m->private);
	ret = t ? show(m, t) : -ENOENT;
	mutex_unlock(&ks_lock);
	return ret;
}

static int ks_show_retval(struct seq_file *m, struct ks_target *t)
{
	seq_printf(m, "%ld\n", t->state == KS_STATE_TRYING ? t->try_retval :
		   t->retval);
	return 0;
}

static int ks_show_hits(struct seq_file *m, struct ks_target *t)
{
	seq_printf(m, "%lu\n", ks_hits(t));
	return 0;
}

static int ks_show_state(struct seq_file *m, struct ks_target *t)
{
	seq_printf(m, "%s\n", ks_state_name(t->state));
	return 0;
}

static int ks_show_callers_file(struct seq_file *m, struct ks_target *t)
{
	ks_show_callers(m, t);
	return 0;
}

#define KS_FN_FILE(name)						\
static int ks_fn_##name##_show(struct seq_file *m, void *v)		\
{									\
	return ks_fn_show(m, ks_show_##name);				\
}									\
static int ks_fn_##name##_open(struct inode *inode, struct file *file)	\
{									\
	return single_open(file, ks_fn_##name##_show, inode->i_private);\
}

KS_FN_FILE(retval)
KS_FN_FILE(hits)
KS_FN_FILE(state)
KS_FN_FILE(callers_file)

static ssize_t ks_retval_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	struct ks_target *t;
	char buf[64];
	const char *why = NULL;
	struct ks_actor who;
	size_t len = count;
	long val;
	int ret;

	ret = ks_check_admin(file, "fn/retval");
	if (ret)
		return ret;
	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	if (len && buf[len - 1] == '\n')
		len--;
	if (ks_parse_retval(buf, len, &val, &why)) {
		ks_report_refusal("retval", "fn/retval", -EINVAL, why);
		return -EINVAL;
	}
	ks_actor_current(&who, false);
	mutex_lock(&ks_lock);
	t = ks_find_id((unsigned long)m->private);
	ret = t ? ks_set_retval(t, val, &who) : -ENOENT;
	mutex_unlock(&ks_lock);
	return ret ? ret : count;
}

#define KS_FN_FOPS(name, writer)					\
static const struct file_operations ks_fn_##name##_fops = {		\
	.owner = THIS_MODULE,						\
	.open = ks_fn_##name##_open,					\
	.read = seq_read,						\
	.write = writer,						\
	.llseek = seq_lseek,						\
	.release = single_release,					\
}

KS_FN_FOPS(retval, ks_retval_write);
KS_FN_FOPS(hits, NULL);
KS_FN_FOPS(state, NULL);
KS_FN_FOPS(callers_file, NULL);

static const struct {
	const char *name;
	umode_t mode;
	const struct file_operations *fops;
} ks_fn_files[] = {
	{ "retval", 0600, &ks_fn_retval_fops },
	{ "hits", 0400, &ks_fn_hits_fops },
	{ "state", 0400, &ks_fn_state_fops },
	{ "callers", 0400, &ks_fn_callers_file_fops },
};

static void ks_fs_node_free(struct ks_fs_node *node)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(node->files); i++)
		ks_fs_remove(node->files[i]);
	ks_fs_remove(node->dir);
	kfree(node);
}

int ks_control_add_target(struct ks_target *t)
{
	struct ks_fs_node *node;
	unsigned int i;
	int ret;

	BUILD_BUG_ON(ARRAY_SIZE(ks_fn_files) != ARRAY_SIZE(node->files));
	if (!ks_fn_dir)		/* engine used without the interface */
		return 0;
	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (!node)
		return -ENOMEM;
	node->dir = ks_fs_dir(t->name.symbol, ks_fn_dir);
	if (IS_ERR(node->dir)) {
		ret = PTR_ERR(node->dir);
		node->dir = NULL;
		goto fail;
	}
	for (i = 0; i < ARRAY_SIZE(ks_fn_files); i++) {
		node->files[i] = ks_fs_file(ks_fn_files[i].name,
					    ks_fn_files[i].mode, node->dir,
					    (void *)t->id, ks_fn_files[i].fops);
		if (IS_ERR(node->files[i])) {
			ret = PTR_ERR(node->files[i]);
			node->files[i] = NULL;
			goto fail;
		}
	}
	t->fs = node;
	return 0;
fail:
	ks_fs_node_free(node);
	return ret;
}

void ks_control_del_target(struct ks_target *t)
{
	if (t->fs)
		ks_fs_node_free(t->fs);
	t->fs = NULL;
}

int ks_control_init(void)
{
	int ret;

	ks_root = ks_fs_init();
	if (IS_ERR(ks_root))
		return PTR_ERR(ks_root);
	ks_fn_dir = ks_fs_dir("fn", ks_root);
	ks_control_file = ks_fs_file("control", 0200, ks_root, NULL,
				     &ks_control_fops);
	ks_engaged_file = ks_fs_file("engaged", 0400, ks_root, NULL,
				     &ks_engaged_fops);
	if (IS_ERR(ks_fn_dir) || IS_ERR(ks_control_file) ||
	    IS_ERR(ks_engaged_file)) {
		ret = PTR_ERR(IS_ERR(ks_fn_dir) ? ks_fn_dir :
			      IS_ERR(ks_control_file) ? ks_control_file :
			      ks_engaged_file);
		ks_control_exit();
		ks_control_exit_dirs();
		return ret;
	}
	pr_info("interface at %s: %s/killswitch/control\n", ks_fs_backend(),
		!strcmp(ks_fs_backend(), "debugfs") ? "/sys/kernel/debug" :
		"/sys/kernel/security");
	return 0;
}

/* Called before the engine exits: targets still exist, files go first. */
void ks_control_exit(void)
{
	ks_fs_remove(ks_engaged_file);
	ks_fs_remove(ks_control_file);
	ks_engaged_file = NULL;
	ks_control_file = NULL;
}

/* Called after the engine has dropped every target. */
void ks_control_exit_dirs(void)
{
	ks_fs_remove(ks_fn_dir);
	ks_fs_remove(ks_root);
	ks_fn_dir = NULL;
	ks_root = NULL;
}
