// SPDX-License-Identifier: GPL-2.0-only
/*
 * ks_testmod: targets for the killswitch in-VM tests.
 *
 * Every ks_test_* function is global, noinline and only ever called through
 * a volatile function pointer, so it stays a real, separate function that
 * shows up in kallsyms and cannot be inlined or constant-folded. Each body
 * increments its own "body ran" counter.
 *
 * /sys/kernel/debug/ks_testmod/call_<name>: each read (open) performs
 * exactly one call and prints "<return value as signed long> body=<0|1>".
 * /sys/kernel/debug/ks_testmod/stress_long: 20000 calls of ks_test_long(),
 * prints "real=<n> other=<n> values=<v>,..." (distinct non-real values).
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#define KS_T_LONG_ARG	0x91a2b3c4L
#define KS_T_LONG_REAL	(KS_T_LONG_ARG * 2)
#define KS_T_NFN	16
#define KS_T_STRESS	20000
#define KS_T_NVALUES	8

enum ks_t_id {
	KS_T_INT,
	KS_T_LONG,
	KS_T_BOOL,
	KS_T_PTR,
	KS_T_VOID,
	KS_T_NOTRACE,
	KS_T_CMDLINE,
	KS_T_GUARDED,
	KS_T_FN0,
	KS_T_NR = KS_T_FN0 + KS_T_NFN,
	KS_T_STRESS_LONG = KS_T_NR,	/* debugfs file only */
};

static atomic_t ks_t_body[KS_T_NR];
static int ks_t_object;

#define KS_T_RAN(id)	atomic_inc(&ks_t_body[id])

int ks_test_int(int x);
long ks_test_long(long x);
bool ks_test_bool(void);
void *ks_test_ptr(void);
void ks_test_void(void);
int ks_test_notrace(void);
int ks_test_cmdline(void);
int ks_test_guarded(void);

noinline int ks_test_int(int x)
{
	KS_T_RAN(KS_T_INT);
	return x + 41;
}

noinline long ks_test_long(long x)
{
	KS_T_RAN(KS_T_LONG);
	return x * 2;
}

noinline bool ks_test_bool(void)
{
	KS_T_RAN(KS_T_BOOL);
	return true;
}

noinline void *ks_test_ptr(void)
{
	KS_T_RAN(KS_T_PTR);
	return &ks_t_object;
}

noinline void ks_test_void(void)
{
	KS_T_RAN(KS_T_VOID);
}

/* Not an ftrace site: a kprobe here must use a breakpoint. */
noinline notrace int ks_test_notrace(void)
{
	KS_T_RAN(KS_T_NOTRACE);
	return 7;
}

noinline int ks_test_cmdline(void)
{
	KS_T_RAN(KS_T_CMDLINE);
	return 100;
}

noinline int ks_test_guarded(void)
{
	KS_T_RAN(KS_T_GUARDED);
	return 5;
}

#define KS_T_FN(n)						\
	int ks_test_fn##n(void);				\
	noinline int ks_test_fn##n(void)			\
	{							\
		KS_T_RAN(KS_T_FN0 + (n));			\
		return 1000 + (n);				\
	}

KS_T_FN(0)
KS_T_FN(1)
KS_T_FN(2)
KS_T_FN(3)
KS_T_FN(4)
KS_T_FN(5)
KS_T_FN(6)
KS_T_FN(7)
KS_T_FN(8)
KS_T_FN(9)
KS_T_FN(10)
KS_T_FN(11)
KS_T_FN(12)
KS_T_FN(13)
KS_T_FN(14)
KS_T_FN(15)

static int (*volatile ks_p_int)(int) = ks_test_int;
static long (*volatile ks_p_long)(long) = ks_test_long;
static bool (*volatile ks_p_bool)(void) = ks_test_bool;
static void *(*volatile ks_p_ptr)(void) = ks_test_ptr;
static void (*volatile ks_p_void)(void) = ks_test_void;
static int (*volatile ks_p_notrace)(void) = ks_test_notrace;
static int (*volatile ks_p_cmdline)(void) = ks_test_cmdline;
static int (*volatile ks_p_guarded)(void) = ks_test_guarded;
static int (*volatile ks_p_fn[KS_T_NFN])(void) = {
	ks_test_fn0, ks_test_fn1, ks_test_fn2, ks_test_fn3,
	ks_test_fn4, ks_test_fn5, ks_test_fn6, ks_test_fn7,
	ks_test_fn8, ks_test_fn9, ks_test_fn10, ks_test_fn11,
	ks_test_fn12, ks_test_fn13, ks_test_fn14, ks_test_fn15,
};

static long ks_t_call(unsigned int id)
{
	switch (id) {
	case KS_T_INT:
		return ks_p_int(1);
	case KS_T_LONG:
		return ks_p_long(KS_T_LONG_ARG);
	case KS_T_BOOL:
		return ks_p_bool();
	case KS_T_PTR:
		return (long)ks_p_ptr();
	case KS_T_VOID:
		ks_p_void();
		return 0;
	case KS_T_NOTRACE:
		return ks_p_notrace();
	case KS_T_CMDLINE:
		return ks_p_cmdline();
	case KS_T_GUARDED:
		return ks_p_guarded();
	default:
		return ks_p_fn[id - KS_T_FN0]();
	}
}

static void ks_t_stress(struct seq_file *m)
{
	long values[KS_T_NVALUES];
	unsigned int nvalues = 0, i, j;
	unsigned long real = 0, other = 0;
	long v;

	for (i = 0; i < KS_T_STRESS; i++) {
		v = ks_p_long(KS_T_LONG_ARG);
		if (v == KS_T_LONG_REAL) {
			real++;
		} else {
			other++;
			for (j = 0; j < nvalues && values[j] != v; j++)
				;
			if (j == nvalues && nvalues < KS_T_NVALUES)
				values[nvalues++] = v;
		}
		if (!(i & 1023))
			cond_resched();
	}
	seq_printf(m, "real=%lu other=%lu values=", real, other);
	for (i = 0; i < nvalues; i++)
		seq_printf(m, "%s%ld", i ? "," : "", values[i]);
	seq_putc(m, '\n');
}

static int ks_t_show(struct seq_file *m, void *unused)
{
	unsigned int id = (unsigned long)m->private;
	int before;
	long ret;

	if (id == KS_T_STRESS_LONG) {
		ks_t_stress(m);
		return 0;
	}
	before = atomic_read(&ks_t_body[id]);
	ret = ks_t_call(id);
	seq_printf(m, "%ld body=%d\n", ret,
		   atomic_read(&ks_t_body[id]) != before);
	return 0;
}

static int ks_t_open(struct inode *inode, struct file *file)
{
	return single_open(file, ks_t_show, inode->i_private);
}

static const struct file_operations ks_t_fops = {
	.owner = THIS_MODULE,
	.open = ks_t_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static const char * const ks_t_names[KS_T_FN0] = {
	[KS_T_INT] = "int",
	[KS_T_LONG] = "long",
	[KS_T_BOOL] = "bool",
	[KS_T_PTR] = "ptr",
	[KS_T_VOID] = "void",
	[KS_T_NOTRACE] = "notrace",
	[KS_T_CMDLINE] = "cmdline",
	[KS_T_GUARDED] = "guarded",
};

static struct dentry *ks_t_dir;

/*
 * What ks_test_fn15 returned when init called it: a target armed while
 * the module was pending must already be killed then.
 */
static u32 ks_t_init_fn15;

/*
 * An init-only target: its code is freed once init has run, so a target
 * on it must be dropped then (and armed again at the next load). Called
 * through a pointer that goes with the init data, so that the compiler
 * cannot know what it returns.
 */
static noinline int __init ks_test_initfn(void)
{
	return 2024;
}

static int (*volatile ks_p_initfn)(void) __initdata = ks_test_initfn;
static u32 ks_t_init_initfn;

static bool fail_init;
module_param(fail_init, bool, 0444);
MODULE_PARM_DESC(fail_init,
		 "Fail init after calling the init targets (a module that never goes live)");

static int __init ks_t_init(void)
{
	char name[32];
	unsigned long id;

	ks_t_init_fn15 = ks_p_fn[15]();
	ks_t_init_initfn = ks_p_initfn();
	if (fail_init)
		return -EAGAIN;
	ks_t_dir = debugfs_create_dir("ks_testmod", NULL);
	if (IS_ERR(ks_t_dir))
		return PTR_ERR(ks_t_dir);
	for (id = 0; id < KS_T_NR; id++) {
		if (id < KS_T_FN0)
			snprintf(name, sizeof(name), "call_%s", ks_t_names[id]);
		else
			snprintf(name, sizeof(name), "call_fn%lu", id - KS_T_FN0);
		debugfs_create_file(name, 0444, ks_t_dir, (void *)id,
				    &ks_t_fops);
	}
	debugfs_create_file("stress_long", 0444, ks_t_dir,
			    (void *)(unsigned long)KS_T_STRESS_LONG, &ks_t_fops);
	debugfs_create_u32("init_fn15", 0444, ks_t_dir, &ks_t_init_fn15);
	debugfs_create_u32("init_initfn", 0444, ks_t_dir, &ks_t_init_initfn);
	return 0;
}

static void __exit ks_t_exit(void)
{
	debugfs_remove_recursive(ks_t_dir);
}

module_init(ks_t_init);
module_exit(ks_t_exit);

MODULE_DESCRIPTION("killswitch test targets");
MODULE_LICENSE("GPL");
