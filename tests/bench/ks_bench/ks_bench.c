// SPDX-License-Identifier: GPL-2.0-only
/*
 * ks_bench: benchmark targets and an in-kernel timing loop for make bench.
 *
 * Targets are global noinline "long f(long x)" functions returning x + K,
 * each with its own K so no two bodies are identical (the compiler may not
 * fold them together):
 *   ks_bench_target   K = 7777   the function of the per-call measurements
 *   ks_bench_idle     K = 8888   never engaged: calls while others are
 *   ks_bench_notrace  K = 9999   notrace: not an ftrace site
 *   ks_bench_f000 ... ks_bench_f599   K = index + 1
 *
 * /sys/kernel/debug/ks_bench/cmd: write one command, read its result.
 *
 *   time <fn> <iters> <reps> <killval>
 *	<fn> is target, idle, notrace or f<index>. One untimed warm-up rep,
 *	then <reps> reps of <iters> calls through a volatile function pointer,
 *	each rep timed with ktime_get_ns() with interrupts (and so preemption)
 *	off on this CPU (not local_clock(): with an unstable TSC, as under
 *	QEMU TCG, it is clamped to the last tick while interrupts are off); between reps the CPU is offered to others. Result:
 *	"fn=<name> iters=<n> reps=<n> ps=<p>,<p>,... result=<r>" where <p> is
 *	one rep's picoseconds per call and <r> is "real" when every call
 *	returned the function's own value, "killed" when every call returned
 *	<killval>, else "mixed" (sums of the return values are compared).
 *   each <first> <count> <killval>
 *	Calls f<first> ... f<first+count-1> once each (untimed). Result:
 *	"real=<n> killed=<n> other=<n>".
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define KS_B_NFN	600
#define KS_B_MAX_REPS	1001
#define KS_B_MAX_ITERS	10000000UL
#define KS_B_OUT_SIZE	(32 * 1024)

long ks_bench_target(long x);
long ks_bench_idle(long x);
long ks_bench_notrace(long x);

noinline long ks_bench_target(long x)
{
	return x + 7777;
}

noinline long ks_bench_idle(long x)
{
	return x + 8888;
}

noinline notrace long ks_bench_notrace(long x)
{
	return x + 9999;
}

/* ks_bench_f<a><b><c>, returning x + abc + 1 (digits, so never octal). */
#define KS_B_FN(a, b, c)						\
	long ks_bench_f##a##b##c(long x);				\
	noinline long ks_bench_f##a##b##c(long x)			\
	{								\
		return x + ((a) * 100 + (b) * 10 + (c) + 1);		\
	}
#define KS_B_FN10(a, b)							\
	KS_B_FN(a, b, 0) KS_B_FN(a, b, 1) KS_B_FN(a, b, 2)		\
	KS_B_FN(a, b, 3) KS_B_FN(a, b, 4) KS_B_FN(a, b, 5)		\
	KS_B_FN(a, b, 6) KS_B_FN(a, b, 7) KS_B_FN(a, b, 8)		\
	KS_B_FN(a, b, 9)
#define KS_B_FN100(a)							\
	KS_B_FN10(a, 0) KS_B_FN10(a, 1) KS_B_FN10(a, 2)			\
	KS_B_FN10(a, 3) KS_B_FN10(a, 4) KS_B_FN10(a, 5)			\
	KS_B_FN10(a, 6) KS_B_FN10(a, 7) KS_B_FN10(a, 8)			\
	KS_B_FN10(a, 9)

KS_B_FN100(0)
KS_B_FN100(1)
KS_B_FN100(2)
KS_B_FN100(3)
KS_B_FN100(4)
KS_B_FN100(5)

/* The table of f<index>, in index order, from the same macro shape. */
#define KS_B_P(a, b, c)	ks_bench_f##a##b##c,
#define KS_B_P10(a, b)							\
	KS_B_P(a, b, 0) KS_B_P(a, b, 1) KS_B_P(a, b, 2) KS_B_P(a, b, 3)	\
	KS_B_P(a, b, 4) KS_B_P(a, b, 5) KS_B_P(a, b, 6) KS_B_P(a, b, 7)	\
	KS_B_P(a, b, 8) KS_B_P(a, b, 9)
#define KS_B_P100(a)							\
	KS_B_P10(a, 0) KS_B_P10(a, 1) KS_B_P10(a, 2) KS_B_P10(a, 3)	\
	KS_B_P10(a, 4) KS_B_P10(a, 5) KS_B_P10(a, 6) KS_B_P10(a, 7)	\
	KS_B_P10(a, 8) KS_B_P10(a, 9)

typedef long (*ks_b_fn_t)(long);

static const ks_b_fn_t ks_b_fns[KS_B_NFN] = {
	KS_B_P100(0) KS_B_P100(1) KS_B_P100(2)
	KS_B_P100(3) KS_B_P100(4) KS_B_P100(5)
};

/* Every call goes through this pointer: a real, indirect call each time. */
static ks_b_fn_t volatile ks_b_call;

static DEFINE_MUTEX(ks_b_lock);
static char *ks_b_out;		/* result of the last command */
static size_t ks_b_out_len;
static struct dentry *ks_b_dir;

/* One timed rep: iters calls of ks_b_call(i); returns the elapsed ns. */
static u64 ks_b_rep(unsigned long iters, unsigned long *sum)
{
	unsigned long i, acc = 0, flags;
	u64 t0, t1;

	local_irq_save(flags);
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++)
		acc += (unsigned long)ks_b_call((long)i);
	t1 = ktime_get_ns();
	local_irq_restore(flags);
	*sum = acc;
	return t1 - t0;
}

static int ks_b_lookup(const char *name, ks_b_fn_t *fn, long *k)
{
	unsigned int idx;

	if (!strcmp(name, "target")) {
		*fn = ks_bench_target;
		*k = 7777;
	} else if (!strcmp(name, "idle")) {
		*fn = ks_bench_idle;
		*k = 8888;
	} else if (!strcmp(name, "notrace")) {
		*fn = ks_bench_notrace;
		*k = 9999;
	} else if (name[0] == 'f' && !kstrtouint(name + 1, 10, &idx) &&
		   idx < KS_B_NFN) {
		*fn = ks_b_fns[idx];
		*k = idx + 1;
	} else {
		return -EINVAL;
	}
	return 0;
}

static int ks_b_time(const char *name, unsigned long iters, unsigned int reps,
		     long killval)
{
	unsigned long sum, real, killed, ps;
	bool all_real = true, all_killed = true;
	ks_b_fn_t fn;
	size_t len;
	unsigned int r;
	u64 ns;
	long k;

	if (ks_b_lookup(name, &fn, &k) || !iters || iters > KS_B_MAX_ITERS ||
	    !reps || reps > KS_B_MAX_REPS)
		return -EINVAL;
	/* Unsigned arithmetic: the sums may wrap, identically on both sides. */
	real = iters * (iters - 1) / 2 + iters * (unsigned long)k;
	killed = iters * (unsigned long)killval;
	if (real == killed)
		return -EINVAL;

	len = scnprintf(ks_b_out, KS_B_OUT_SIZE, "fn=%s iters=%lu reps=%u",
			name, iters, reps);
	ks_b_call = fn;
	ks_b_rep(iters, &sum);		/* warm-up */
	cond_resched();
	for (r = 0; r < reps; r++) {
		ns = ks_b_rep(iters, &sum);
		all_real &= sum == real;
		all_killed &= sum == killed;
		ps = div64_u64(ns * 1000, iters);
		len += scnprintf(ks_b_out + len, KS_B_OUT_SIZE - len, "%s%lu",
				 r ? "," : " ps=", ps);
		cond_resched();
	}
	len += scnprintf(ks_b_out + len, KS_B_OUT_SIZE - len, " result=%s\n",
			 all_real ? "real" : all_killed ? "killed" : "mixed");
	ks_b_out_len = len;
	return 0;
}

static int ks_b_each(unsigned int first, unsigned int count, long killval)
{
	unsigned long real = 0, killed = 0, other = 0;
	unsigned int i;
	long v;

	if (first >= KS_B_NFN || count > KS_B_NFN - first)
		return -EINVAL;
	for (i = first; i < first + count; i++) {
		ks_b_call = ks_b_fns[i];
		v = ks_b_call(0);
		if (v == (long)i + 1)
			real++;
		else if (v == killval)
			killed++;
		else
			other++;
	}
	ks_b_out_len = scnprintf(ks_b_out, KS_B_OUT_SIZE,
				 "real=%lu killed=%lu other=%lu\n",
				 real, killed, other);
	return 0;
}

static int ks_b_run(char *line)
{
	char verb[16], name[32];
	unsigned long iters;
	unsigned int a, b;
	long killval;

	if (sscanf(line, "time %31s %lu %u %ld", name, &iters, &a,
		   &killval) == 4)
		return ks_b_time(name, iters, a, killval);
	if (sscanf(line, "each %u %u %ld", &a, &b, &killval) == 3)
		return ks_b_each(a, b, killval);
	if (sscanf(line, "%15s", verb) == 1)
		pr_warn("ks_bench: unknown command '%s'\n", verb);
	return -EINVAL;
}

static ssize_t ks_b_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	char line[128];
	int ret;

	if (count >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, count))
		return -EFAULT;
	line[count] = '\0';
	mutex_lock(&ks_b_lock);
	ks_b_out_len = 0;
	ret = ks_b_run(line);
	mutex_unlock(&ks_b_lock);
	return ret ? ret : count;
}

static ssize_t ks_b_read(struct file *file, char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&ks_b_lock);
	ret = simple_read_from_buffer(ubuf, count, ppos, ks_b_out,
				      ks_b_out_len);
	mutex_unlock(&ks_b_lock);
	return ret;
}

static const struct file_operations ks_b_fops = {
	.owner = THIS_MODULE,
	.read = ks_b_read,
	.write = ks_b_write,
	.llseek = default_llseek,
};

static int __init ks_b_init(void)
{
	ks_b_out = kzalloc(KS_B_OUT_SIZE, GFP_KERNEL);
	if (!ks_b_out)
		return -ENOMEM;
	ks_b_dir = debugfs_create_dir("ks_bench", NULL);
	debugfs_create_file("cmd", 0600, ks_b_dir, NULL, &ks_b_fops);
	return 0;
}

static void __exit ks_b_exit(void)
{
	debugfs_remove_recursive(ks_b_dir);
	kfree(ks_b_out);
}

module_init(ks_b_init);
module_exit(ks_b_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("killswitch benchmark targets and timing loop");
