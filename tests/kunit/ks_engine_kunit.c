// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite "killswitch_engine": the engine (module/ks_engine.c and
 * friends) inside a kernel, on the functions of ks_kunit_targets.ko.
 *
 * Commands go through ks_apply_text(), the same path as a write to the
 * control file after the capability check. Every case ends with
 * disengage_all (the suite's .exit), so cases do not depend on each other.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/ftrace.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/panic.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ks_control.h"
#include "ks_engine.h"
#include "ks_kunit_targets.h"
#include "ks_report.h"

static int ks_t_ctl(const char *text)
{
	struct ks_actor who;

	ks_actor_current(&who, false);
	return ks_apply_text(text, strlen(text), &who);
}

static struct ks_target *ks_t_find(const char *sym)
{
	struct ks_target *t;

	mutex_lock(&ks_lock);
	t = ks_find(sym);
	mutex_unlock(&ks_lock);
	return t;
}

static enum ks_state ks_t_state(struct kunit *test, const char *sym)
{
	struct ks_target *t = ks_t_find(sym);

	KUNIT_ASSERT_NOT_NULL(test, t);
	return t->state;
}

/* How many targets exist (any state). */
static unsigned int ks_t_count(void)
{
	struct ks_target *t;
	unsigned int n = 0;

	mutex_lock(&ks_lock);
	list_for_each_entry(t, &ks_targets, node)
		n++;
	mutex_unlock(&ks_lock);
	return n;
}

/*
 * Wait for a condition that something else (the engine's timer work, the
 * caller threads) makes true soon. Polled every 10 ms, for a minute at
 * most: the bound only keeps a broken engine from hanging the run, it is
 * not what the test measures. Evaluates to the condition.
 */
#define KS_T_WAIT(cond) ({						\
	unsigned int __n;						\
	for (__n = 0; __n < 6000 && !(cond); __n++)			\
		usleep_range(10000, 11000);				\
	(cond);								\
})

/*
 * Bring a target's deadline to now and have the timer look at it, so that
 * timer cases do not depend on how long anything takes: the deadlines are
 * written far in the future and expire only when the test says so.
 */
static void ks_t_expire(const char *sym, bool try, bool revert)
{
	struct ks_target *t;

	mutex_lock(&ks_lock);
	t = ks_find(sym);
	if (t && try && t->try_until)
		t->try_until = jiffies;
	if (t && revert && t->revert_at)
		t->revert_at = jiffies;
	ks_timer_kick();
	mutex_unlock(&ks_lock);
}

/* Did the body of a target run during fn()? */
#define KS_T_RAN(expr)	({						\
	int __before = atomic_read(&ks_kt_body_runs);			\
	(void)(expr);							\
	atomic_read(&ks_kt_body_runs) != __before;			\
})

/* ---- each return type: killed, then restored ------------------------ */

struct ks_t_type_case {
	const char *name;
	const char *line;	/* engage line */
	long (*call)(void);	/* calls the target, returns its value */
	long killed;		/* value while engaged */
	long real;		/* value when not */
};

static long ks_t_call_int(void) { return ks_kt_int_fn(1); }
static long ks_t_call_long(void) { return ks_kt_long_fn(KS_KT_REAL_LONG / 2); }
static long ks_t_call_bool(void) { return ks_kt_bool_fn(); }
static long ks_t_call_ptr(void) { return (long)ks_kt_ptr_fn(); }
static long ks_t_call_void(void) { ks_kt_void_fn(); return 0; }

static const struct ks_t_type_case ks_t_types[] = {
	{ "int", "engage ks_kt_int -1", ks_t_call_int, -1, KS_KT_REAL_INT },
	{ "long", "engage ks_kt_long 0x7fffffffffffffff", ks_t_call_long,
	  LONG_MAX, KS_KT_REAL_LONG },
	{ "bool", "engage ks_kt_bool 0", ks_t_call_bool, 0, 1 },
	{ "ptr-null", "engage ks_kt_ptr 0", ks_t_call_ptr, 0, 0 },
	{ "ptr-err", "engage ks_kt_ptr -EFAULT", ks_t_call_ptr, -EFAULT, 0 },
	{ "void", "engage ks_kt_void 0", ks_t_call_void, 0, 0 },
};

static void ks_t_type_desc(const struct ks_t_type_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(ks_t_types, ks_t_types, ks_t_type_desc);

static void ks_t_each_type(struct kunit *test)
{
	const struct ks_t_type_case *c = test->param_value;
	const char *sym = c->line + strlen("engage ");
	char name[32];
	long v;

	strscpy(name, sym, sizeof(name));
	*strchr(name, ' ') = '\0';

	KUNIT_EXPECT_TRUE(test, KS_T_RAN(c->call()));
	KUNIT_ASSERT_EQ(test, ks_t_ctl(c->line), 0);
	KUNIT_EXPECT_FALSE(test, KS_T_RAN(v = c->call()));
	KUNIT_EXPECT_EQ(test, v, c->killed);
	KUNIT_EXPECT_EQ(test, ks_hits(ks_t_find(name)), 1UL);
	KUNIT_EXPECT_EQ(test, ks_t_state(test, name), KS_STATE_ENGAGED);

	KUNIT_ASSERT_EQ(test, ks_t_ctl("disengage_all"), 0);
	KUNIT_EXPECT_TRUE(test, KS_T_RAN(v = c->call()));
	if (c->call != ks_t_call_ptr)
		KUNIT_EXPECT_EQ(test, v, c->real);
	else
		KUNIT_EXPECT_NE(test, v, 0L);
	KUNIT_EXPECT_NULL(test, ks_t_find(name));
}

/* ---- the value the caller sees, for each way of writing it ------------ */

struct ks_t_value_case {
	const char *retval;
	long want;
};

static const struct ks_t_value_case ks_t_values[] = {
	{ "-1", -1 }, { "0", 0 }, { "1", 1 }, { "-EPERM", -EPERM },
	{ "-ENOMEM", -ENOMEM }, { "-EHWPOISON", -EHWPOISON },
	{ "0x10", 16 }, { "-0x10", -16 },
	{ "9223372036854775807", LONG_MAX },
	{ "-9223372036854775808", LONG_MIN },
	{ "0xffffffffffffffff", -1 }, { "0x8000000000000000", LONG_MIN },
	{ "4886718345", 4886718345L },
};

static void ks_t_value_desc(const struct ks_t_value_case *c, char *desc)
{
	strscpy(desc, c->retval, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(ks_t_values, ks_t_values, ks_t_value_desc);

static void ks_t_value_seen(struct kunit *test)
{
	const struct ks_t_value_case *c = test->param_value;
	char line[64];

	snprintf(line, sizeof(line), "engage ks_kt_long %s\n", c->retval);
	KUNIT_ASSERT_EQ(test, ks_t_ctl(line), 0);
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(3), c->want);
}

/* ---- refusals: errno, and nothing changes ------------------------------ */

struct ks_t_refusal {
	const char *setup;	/* applied first (NULL: nothing) */
	const char *text;
	int err;
};

static const struct ks_t_refusal ks_t_refusals[] = {
	{ NULL, "engage ks_kt_int", -EINVAL },
	{ NULL, "engage ks_kt_int 1 scope=nobody", -EINVAL },
	{ NULL, "detonate ks_kt_int 1", -EINVAL },
	{ NULL, "engage ks_kt_int 99999999999999999999", -EINVAL },
	{ NULL, "engage ks_no_such_function_kunit 1", -ENOENT },
	{ NULL, "disengage ks_kt_int", -ENOENT },
	{ NULL, "confirm ks_kt_int", -ENOENT },
	{ "engage ks_kt_int 1", "engage ks_kt_int 2", -EBUSY },
	{ "engage ks_kt_int 1", "confirm ks_kt_int", -EINVAL },
	{ NULL, "engage ks_kt_int 1\nengage ks_kt_int 2", -EINVAL },
	{ NULL, "engage ks_kt_int 1\ndisengage ks_kt_int", -EINVAL },
	{ NULL, "tryengage ks_kt_int 1", -EINVAL },
	{ NULL, "engage ks_kt_int 1 revert=0", -EINVAL },
	{ NULL, "engage ks_kunit_targets:ks_kt_nothing 1", -ENOENT },
	{ "engage ks_kt_int 1", "disengage ks_kunit_other:ks_kt_int", -ENOENT },
	{ "engage ks_kt_int 1", "engage ks_kunit_targets:ks_kt_int 2", -EBUSY },
	{ "engage ks_kt_int 1", "engage ks_kt_int_alias 2", -EBUSY },
	{ NULL, "engage ks_apply 0", -EACCES },
	{ NULL, "engage ks_pre_handler 0", -EOPNOTSUPP },
	{ NULL, "engage vfs_write 0", -EACCES },
	{ NULL, "engage vfs_write 0 force", -EACCES },
	{ NULL, "engage capable 0 force", -EACCES },
	/* mutex_lock is a macro for mutex_lock_nested under lockdep. */
	{ NULL, "engage mutex_unlock 0 force", -EACCES },
	{ NULL, "engage kfree 0 force", -EACCES },
	{ NULL, "engage schedule_timeout 0", -EACCES },
	{ NULL, "engage exc_int3 0 force", -EOPNOTSUPP },
};

static void ks_t_refusal_desc(const struct ks_t_refusal *c, char *desc)
{
	size_t i;

	strscpy(desc, c->text, KUNIT_PARAM_DESC_SIZE);
	for (i = 0; desc[i]; i++)
		if (desc[i] == '\n')
			desc[i] = '|';
}
KUNIT_ARRAY_PARAM(ks_t_refusals, ks_t_refusals, ks_t_refusal_desc);

static void ks_t_refused(struct kunit *test)
{
	const struct ks_t_refusal *c = test->param_value;
	unsigned int targets;
	long before;

	if (c->setup)
		KUNIT_ASSERT_EQ(test, ks_t_ctl(c->setup), 0);
	before = ks_kt_int_fn(1);
	targets = ks_t_count();
	KUNIT_EXPECT_EQ(test, ks_t_ctl(c->text), c->err);
	/* Nothing changed: same result, no target added or removed. */
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), before);
	KUNIT_EXPECT_EQ(test, ks_t_count(), targets);
	if (!c->setup)
		KUNIT_EXPECT_NULL(test, ks_t_find("ks_kt_int"));
}

/* ---- all or nothing ------------------------------------------------------ */

static void ks_t_all_or_nothing(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_bool 0"), 0);
	KUNIT_EXPECT_EQ(test,
			ks_t_ctl("engage ks_kt_int 1\ndisengage ks_kt_bool\nengage ks_kt_nope 1\n"),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), KS_KT_REAL_INT);
	KUNIT_EXPECT_NULL(test, ks_t_find("ks_kt_int"));
	KUNIT_EXPECT_FALSE(test, ks_kt_bool_fn());	/* still engaged */

	KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kt_int 7\nengage ks_kt_long 8\n# c\n\n"), 0);
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), 7);
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), 8L);
}

static void ks_t_disengage_all_in_batch(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_int 1"), 0);
	KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kt_long 2\ndisengage_all"), 0);
	KUNIT_EXPECT_NULL(test, ks_t_find("ks_kt_int"));
	KUNIT_EXPECT_NULL(test, ks_t_find("ks_kt_long"));
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), 2L);	/* real: 1 * 2 */
}

/* ---- counters, live retval, taint ---------------------------------------- */

static void ks_t_hits_and_retval(struct kunit *test)
{
	struct ks_actor who;
	struct ks_target *t;
	int i;

	ks_actor_current(&who, false);
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_int -3"), 0);
	for (i = 0; i < 100; i++)
		ks_kt_int_fn(1);
	t = ks_t_find("ks_kt_int");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, ks_hits(t), 100UL);

	mutex_lock(&ks_lock);
	KUNIT_EXPECT_EQ(test, ks_set_retval(t, 55, &who), 0);
	mutex_unlock(&ks_lock);
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), 55);
}

static void ks_t_taint(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_int -1"), 0);
	KUNIT_EXPECT_TRUE(test, test_taint(KS_TAINT));
	KUNIT_ASSERT_EQ(test, ks_t_ctl("disengage ks_kt_int"), 0);
	KUNIT_EXPECT_TRUE(test, test_taint(KS_TAINT));
}

/* ---- engage/disengage/engage and batches --------------------------------- */

static void ks_t_reengage(struct kunit *test)
{
	char line[32];
	int i;

	for (i = 1; i <= 10; i++) {
		snprintf(line, sizeof(line), "engage ks_kt_int %d", i);
		KUNIT_ASSERT_EQ(test, ks_t_ctl(line), 0);
		KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), i);
		KUNIT_ASSERT_EQ(test, ks_t_ctl("disengage ks_kt_int"), 0);
		KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), KS_KT_REAL_INT);
	}
}

static void ks_t_batch_name(char *buf, size_t size, unsigned int i)
{
	snprintf(buf, size, "ks_kt_fn%u%u", i / 8 + 1, i % 8);
}

static void ks_t_batch(struct kunit *test)
{
	size_t size = KS_KT_BATCH * 40;
	char *text = kunit_kzalloc(test, size, GFP_KERNEL);
	char name[24];
	unsigned int i;
	size_t n = 0;

	KUNIT_ASSERT_NOT_NULL(test, text);
	for (i = 0; i < KS_KT_BATCH; i++) {
		ks_t_batch_name(name, sizeof(name), i);
		n += scnprintf(text + n, size - n, "engage %s -%u\n", name,
			       i + 1);
	}
	KUNIT_ASSERT_EQ(test, ks_t_ctl(text), 0);
	for (i = 0; i < KS_KT_BATCH; i++)
		KUNIT_EXPECT_EQ(test, ks_kt_batch(i), -(int)(i + 1));
	KUNIT_ASSERT_EQ(test, ks_t_ctl("disengage_all"), 0);
	for (i = 0; i < KS_KT_BATCH; i++)
		KUNIT_EXPECT_EQ(test, ks_kt_batch(i),
				1000 + (int)(i / 8 + 1) * 10 + (int)(i % 8));
}

/* ---- pending, observe, scope, timers --------------------------------------- */

static void ks_t_pending(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kunit_absent:ks_x 1"), 0);
	KUNIT_EXPECT_EQ(test, ks_t_state(test, "ks_x"), KS_STATE_PENDING);
	KUNIT_EXPECT_FALSE(test, ks_t_find("ks_x")->armed);
	KUNIT_EXPECT_EQ(test, ks_t_ctl("disengage ks_x"), 0);
	/* A module that is loaded must have the symbol. */
	KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kunit_targets:ks_kt_int 4"), 0);
	KUNIT_EXPECT_EQ(test, ks_t_state(test, "ks_kt_int"), KS_STATE_ENGAGED);
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), 4);
}

static void ks_t_observe(struct kunit *test)
{
	struct ks_target *t;

	KUNIT_ASSERT_EQ(test, ks_t_ctl("observe ks_kt_int"), 0);
	KUNIT_EXPECT_TRUE(test, KS_T_RAN(ks_kt_int_fn(1)));
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), KS_KT_REAL_INT);
	t = ks_t_find("ks_kt_int");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, t->state, KS_STATE_OBSERVING);
	KUNIT_EXPECT_EQ(test, ks_hits(t), 2UL);
	KUNIT_EXPECT_NE(test, t->callers[0].ip, 0UL);
	KUNIT_EXPECT_EQ(test, t->callers[0].pid, task_pid_nr(current));
}

static void ks_t_scope(struct kunit *test)
{
	/* The test runs as root in the initial user namespace. */
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_int -1 scope=userns\nengage ks_kt_long -1 scope=unpriv"), 0);
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), KS_KT_REAL_INT);
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), 2L);
	KUNIT_EXPECT_EQ(test, ks_hits(ks_t_find("ks_kt_int")), 0UL);
}

static void ks_t_revert(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_int -1 revert=3600\nengage ks_kt_long -1 revert=3600"), 0);
	KUNIT_ASSERT_EQ(test, ks_t_ctl("confirm ks_kt_long"), 0);
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), -1);
	KUNIT_EXPECT_EQ(test, ks_t_ctl("confirm ks_kt_long"), -EINVAL);

	ks_t_expire("ks_kt_int", false, true);
	ks_t_expire("ks_kt_long", false, true);	/* confirmed: no deadline */
	KUNIT_EXPECT_TRUE(test, KS_T_WAIT(!ks_t_find("ks_kt_int")));
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), KS_KT_REAL_INT);
	KUNIT_EXPECT_EQ(test, ks_t_state(test, "ks_kt_long"), KS_STATE_ENGAGED);
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), -1L);
}

static void ks_t_tryengage(struct kunit *test)
{
	long v = 0;

	KUNIT_ASSERT_EQ(test, ks_t_ctl("tryengage ks_kt_int -9 3600\ntryengage ks_kt_long -9 3600"), 0);
	KUNIT_EXPECT_EQ(test, ks_t_state(test, "ks_kt_int"), KS_STATE_TRYING);
	/* Observed, not killed: the body runs and the real value comes back. */
	KUNIT_EXPECT_TRUE(test, KS_T_RAN(v = ks_kt_long_fn(1)));
	KUNIT_EXPECT_EQ(test, v, 2L);

	ks_t_expire("ks_kt_int", true, false);
	ks_t_expire("ks_kt_long", true, false);
	/* Not called while observed: engaged. Called: given up, removed. */
	KUNIT_EXPECT_TRUE(test, KS_T_WAIT(!ks_t_find("ks_kt_long") &&
				      ks_t_state(test, "ks_kt_int") ==
				      KS_STATE_ENGAGED));
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), -9);
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), 2L);
}

/* ---- the fast path (ftrace direct calls) and the choice of path -------- */

/* The path= of a target's "engaged" line. */
static const char *ks_t_path(const char *sym)
{
	struct ks_target *t;
	const char *path;

	mutex_lock(&ks_lock);
	t = ks_find(sym);
	path = t ? ks_path_name(t) : "(none)";
	mutex_unlock(&ks_lock);
	return path;
}

static void ks_t_path_choice(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_int -1\nengage ks_kt_long -1 scope=userns\nobserve ks_kt_bool\ntryengage ks_kt_void 0 3600"), 0);
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_int"), "direct");
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_long"), "kprobe-ftrace");
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_bool"), "kprobe-ftrace");
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_void"), "kprobe-ftrace");
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), -1);
}

static void ks_t_fastpath_off(struct kunit *test)
{
	ks_fastpath = false;
	KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kt_int -2"), 0);
	ks_fastpath = true;
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_int"), "kprobe-ftrace");
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), -2);
	/* Read when a target is armed: later engagements use it again. */
	KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kt_long -3"), 0);
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_long"), "direct");
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), -3L);
}

/*
 * Targets engaged in one write share an ftrace_ops. One disengaged alone
 * runs again at once while the others stay killed; its site stays with the
 * group until the last member goes: a plain engage revives it in place,
 * anything else is refused with EBUSY until then.
 */
static void ks_t_fast_group(struct kunit *test)
{
	long v = 0;

	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_int -1\nengage ks_kt_long -2\nengage ks_kt_bool 0"), 0);
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_long"), "direct");
	KUNIT_ASSERT_EQ(test, ks_t_ctl("disengage ks_kt_long"), 0);
	KUNIT_EXPECT_TRUE(test, KS_T_RAN(v = ks_kt_long_fn(1)));
	KUNIT_EXPECT_EQ(test, v, 2L);
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), -1);
	KUNIT_EXPECT_FALSE(test, ks_kt_bool_fn());

	KUNIT_EXPECT_EQ(test, ks_t_ctl("observe ks_kt_long"), -EBUSY);
	KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kt_long 1 scope=unpriv"), -EBUSY);
	KUNIT_EXPECT_NULL(test, ks_t_find("ks_kt_long"));

	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_long -5"), 0);
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_long"), "direct");
	KUNIT_EXPECT_FALSE(test, KS_T_RAN(v = ks_kt_long_fn(1)));
	KUNIT_EXPECT_EQ(test, v, -5L);
	KUNIT_EXPECT_EQ(test, ks_hits(ks_t_find("ks_kt_long")), 1UL);

	/* Once the whole group is gone, the site is free for a kprobe. */
	KUNIT_ASSERT_EQ(test, ks_t_ctl("disengage_all"), 0);
	KUNIT_EXPECT_EQ(test, ks_t_ctl("observe ks_kt_long"), 0);
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_long"), "kprobe-ftrace");
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), 2L);
}

/*
 * Another ip-modifying ftrace user (what livepatch registers) owns a
 * function: engaging it fails with EBUSY and changes nothing, on either
 * path; and while the function is engaged, that user is refused.
 */
static void ks_t_ipmod_func(unsigned long ip, unsigned long parent_ip,
			    struct ftrace_ops *op, struct ftrace_regs *fregs)
{
}

/*
 * A fresh ops each time: ftrace_free_filter() leaves an ops' hashes
 * dangling, so a freed filter's ops is never registered again.
 */
static struct ftrace_ops *ks_t_ipmod_register(int *err)
{
	struct ftrace_ops *ops = kzalloc(sizeof(*ops), GFP_KERNEL);

	*err = -ENOMEM;
	if (!ops)
		return NULL;
	ops->func = ks_t_ipmod_func;
	ops->flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY;
	*err = ftrace_set_filter_ip(ops, (unsigned long)ks_kt_bool, 0, 0);
	if (!*err)
		*err = register_ftrace_function(ops);
	if (!*err)
		return ops;
	ftrace_free_filter(ops);
	kfree(ops);
	return NULL;
}

static void ks_t_ipmod_unregister(struct ftrace_ops *ops)
{
	if (!ops)
		return;
	unregister_ftrace_function(ops);
	ftrace_free_filter(ops);
	kfree(ops);
}

static const bool ks_t_fastpaths[] = { true, false };

static void ks_t_fastpath_desc(const bool *fp, char *desc)
{
	strscpy(desc, *fp ? "fastpath=1" : "fastpath=0", KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(ks_t_fastpaths, ks_t_fastpaths, ks_t_fastpath_desc);

static void ks_t_ipmodify_conflict(struct kunit *test)
{
	struct ftrace_ops *ops;
	int err;

	ks_fastpath = *(const bool *)test->param_value;
	ops = ks_t_ipmod_register(&err);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kt_bool 0"), -EBUSY);
	KUNIT_EXPECT_NULL(test, ks_t_find("ks_kt_bool"));
	KUNIT_EXPECT_TRUE(test, ks_kt_bool_fn());
	/*
	 * Arming is the last step of a write: the failure there undoes the
	 * whole write, also the members armed before it.
	 */
	KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kt_int 1\nengage ks_kt_bool 0\nengage ks_kt_long 2"), -EBUSY);
	KUNIT_EXPECT_EQ(test, ks_t_count(), 0U);
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), KS_KT_REAL_INT);
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), 2L);
	ks_t_ipmod_unregister(ops);

	KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kt_bool 0"), 0);
	KUNIT_EXPECT_FALSE(test, ks_kt_bool_fn());
	ops = ks_t_ipmod_register(&err);
	KUNIT_EXPECT_EQ(test, err, -EBUSY);
	ks_t_ipmod_unregister(ops);
	KUNIT_EXPECT_FALSE(test, ks_kt_bool_fn());
	ks_fastpath = true;
}

/* Eight writes, eight groups; one write releases them all. */
static void ks_t_fast_many_groups(struct kunit *test)
{
	char name[24], line[48];
	unsigned int i, real = 0, killed = 0;

	for (i = 0; i < KS_KT_BATCH; i += 8) {
		char text[8 * 48] = "";
		unsigned int j;
		size_t n = 0;

		for (j = i; j < i + 8; j++) {
			ks_t_batch_name(name, sizeof(name), j);
			n += scnprintf(text + n, sizeof(text) - n,
				       "engage %s -%u\n", name, j + 1);
		}
		KUNIT_ASSERT_EQ(test, ks_t_ctl(text), 0);
	}
	for (i = 0; i < KS_KT_BATCH; i++) {
		ks_t_batch_name(name, sizeof(name), i);
		killed += ks_kt_batch(i) == -(int)(i + 1);
		KUNIT_EXPECT_STREQ(test, ks_t_path(name), "direct");
	}
	KUNIT_EXPECT_EQ(test, killed, (unsigned int)KS_KT_BATCH);
	/* Every other one alone first: the groups keep their sites. */
	for (i = 0; i < KS_KT_BATCH; i += 2) {
		ks_t_batch_name(name, sizeof(name), i);
		snprintf(line, sizeof(line), "disengage %s", name);
		KUNIT_ASSERT_EQ(test, ks_t_ctl(line), 0);
	}
	for (i = 0; i < KS_KT_BATCH; i++)
		real += ks_kt_batch(i) >= 1000;
	KUNIT_EXPECT_EQ(test, real, (unsigned int)KS_KT_BATCH / 2);
	KUNIT_ASSERT_EQ(test, ks_t_ctl("disengage_all"), 0);
	for (i = 0, real = 0; i < KS_KT_BATCH; i++)
		real += ks_kt_batch(i) >= 1000;
	KUNIT_EXPECT_EQ(test, real, (unsigned int)KS_KT_BATCH);
	/* All released: a kprobe can have any of them now. */
	KUNIT_EXPECT_EQ(test, ks_t_ctl("observe ks_kt_fn11"), 0);
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_fn11"), "kprobe-ftrace");
}

/* The automatic revert works the same on the direct path. */
static void ks_t_revert_direct(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_long -1 revert=3600"), 0);
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_long"), "direct");
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), -1L);
	ks_t_expire("ks_kt_long", false, true);
	KUNIT_EXPECT_TRUE(test, KS_T_WAIT(!ks_t_find("ks_kt_long")));
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), 2L);
}

/*
 * A pending target is on no path; "engage" then "disengage_all" in one
 * write never arms anything.
 */
static void ks_t_never_armed(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kunit_absent:ks_y 1"), 0);
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_y"), "none");
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_long -1\ndisengage_all"), 0);
	KUNIT_EXPECT_EQ(test, ks_t_count(), 0U);
	KUNIT_EXPECT_TRUE(test, KS_T_RAN(ks_kt_long_fn(1)));
}

/*
 * "disengage X" then "engage X ..." in one write replaces X on the path it
 * is on, never unprotected, all or nothing; its fn/ files stay (same id).
 */
static void ks_t_replace(struct kunit *test)
{
	struct ftrace_ops *ops;
	unsigned long id;
	int err;

	/* kprobe -> kprobe, then a plain value: it stays on its kprobe. */
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_int -1 scope=unpriv"), 0);
	id = ks_t_find("ks_kt_int")->id;
	KUNIT_EXPECT_EQ(test, ks_t_ctl("disengage ks_kt_int\nengage ks_kt_int -2"), 0);
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_int"), "kprobe-ftrace");
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), -2);
	KUNIT_EXPECT_EQ(test, ks_t_count(), 1U);
	KUNIT_EXPECT_EQ(test, ks_t_find("ks_kt_int")->id, id);

	/* direct -> direct: the slot is taken over. */
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_long -1"), 0);
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), -1L);
	KUNIT_EXPECT_EQ(test, ks_t_ctl("disengage ks_kt_long\nengage ks_kt_long -4 revert=3600"), 0);
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_long"), "direct");
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), -4L);
	KUNIT_EXPECT_EQ(test, ks_hits(ks_t_find("ks_kt_long")), 1UL);
	KUNIT_EXPECT_NE(test, ks_t_find("ks_kt_long")->revert_at, 0UL);

	/* direct -> kprobe cannot share the site: refused, nothing changes. */
	KUNIT_EXPECT_EQ(test, ks_t_ctl("disengage ks_kt_long\nengage ks_kt_long 1 scope=userns"), -EBUSY);
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), -4L);
	KUNIT_EXPECT_EQ(test, ks_t_count(), 2U);

	/* A failure at arm time gives the slot back. */
	ops = ks_t_ipmod_register(&err);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, ks_t_ctl("disengage ks_kt_long\nengage ks_kt_long -5\nengage ks_kt_bool 0"), -EBUSY);
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), -4L);
	KUNIT_EXPECT_STREQ(test, ks_t_path("ks_kt_long"), "direct");
	ks_t_ipmod_unregister(ops);

	/* Named a third time: EINVAL. Dropped again by disengage_all: gone. */
	KUNIT_EXPECT_EQ(test, ks_t_ctl("disengage ks_kt_long\nengage ks_kt_long -6\ndisengage ks_kt_long"), -EINVAL);
	KUNIT_EXPECT_EQ(test, ks_t_ctl("disengage ks_kt_long\nengage ks_kt_long -6\ndisengage_all"), 0);
	KUNIT_EXPECT_EQ(test, ks_t_count(), 0U);
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(1), 2L);
}

/* ---- ids of fn/ files, values of int functions, listing ------------------ */

static void ks_t_ids(struct kunit *test)
{
	struct ks_target *t;
	unsigned long id;

	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_int 1"), 0);
	t = ks_t_find("ks_kt_int");
	KUNIT_ASSERT_NOT_NULL(test, t);
	id = t->id;
	mutex_lock(&ks_lock);
	KUNIT_EXPECT_PTR_EQ(test, ks_find_id(id), t);
	mutex_unlock(&ks_lock);

	KUNIT_ASSERT_EQ(test, ks_t_ctl("disengage ks_kt_int\nengage ks_kt_long 2"), 0);
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_int 3"), 0);
	mutex_lock(&ks_lock);
	/* A file of the old target finds nothing, whatever memory is reused. */
	KUNIT_EXPECT_NULL(test, ks_find_id(id));
	KUNIT_EXPECT_NE(test, ks_find("ks_kt_int")->id, id);
	mutex_unlock(&ks_lock);
}

struct ks_t_int_case {
	const char *retval;
	int want;	/* what a caller of an int function sees */
};

static const struct ks_t_int_case ks_t_ints[] = {
	{ "-1", -1 }, { "-EPERM", -EPERM }, { "-EHWPOISON", -EHWPOISON },
	{ "2147483647", INT_MAX }, { "-2147483648", INT_MIN },
	/* The register holds 64 bits; an int caller reads the low 32. */
	{ "0x100000001", 1 }, { "0xffffffff", -1 },
};

static void ks_t_int_desc(const struct ks_t_int_case *c, char *desc)
{
	strscpy(desc, c->retval, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(ks_t_ints, ks_t_ints, ks_t_int_desc);

static void ks_t_int_seen(struct kunit *test)
{
	const struct ks_t_int_case *c = test->param_value;
	char line[64];

	snprintf(line, sizeof(line), "engage ks_kt_int %s\n", c->retval);
	KUNIT_ASSERT_EQ(test, ks_t_ctl(line), 0);
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), c->want);
}

/* The "engaged" line, as admins' scripts parse it. */
static void ks_t_engaged_line(struct kunit *test)
{
	struct seq_file m = { .size = 512 };
	char *nl;

	m.buf = kunit_kzalloc(test, m.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m.buf);
	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kunit_targets:ks_kt_int -13 revert=3600"), 0);
	ks_kt_int_fn(1);
	mutex_lock(&ks_lock);
	ks_show_all(&m);
	mutex_unlock(&ks_lock);
	KUNIT_ASSERT_GT(test, m.count, (size_t)0);
	nl = strchr(m.buf, '\n');
	KUNIT_ASSERT_NOT_NULL(test, nl);
	*nl = '\0';
	KUNIT_EXPECT_STREQ(test, m.buf,
			   "ks_kunit_targets:ks_kt_int retval=-13 hits=1 state=engaged path=direct scope=all module=ks_kunit_targets revert_in=3600");
}

/* A retval change while trying changes the value it will engage with. */
static void ks_t_retval_trying(struct kunit *test)
{
	struct ks_actor who;
	struct ks_target *t;

	ks_actor_current(&who, false);
	KUNIT_ASSERT_EQ(test, ks_t_ctl("tryengage ks_kt_int -1 3600"), 0);
	mutex_lock(&ks_lock);
	t = ks_find("ks_kt_int");
	KUNIT_EXPECT_EQ(test, t ? ks_set_retval(t, -4, &who) : -ENOENT, 0);
	KUNIT_EXPECT_EQ(test, t ? t->retval : 0L, 0L);	/* not engaged yet */
	mutex_unlock(&ks_lock);
	ks_t_expire("ks_kt_int", true, false);
	KUNIT_EXPECT_TRUE(test, KS_T_WAIT(ks_t_state(test, "ks_kt_int") ==
				      KS_STATE_ENGAGED));
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), -4);
}

/*
 * Observing remembers each distinct (caller, pid) once. All calls come
 * from one call site, in this task and in a kthread: two callers.
 */
static volatile int ks_t_sink;

static noinline void ks_t_call_int_site(void)
{
	ks_t_sink = ks_kt_int_fn(1);	/* a store after it: no tail call */
}

static int ks_t_observe_thread(void *arg)
{
	ks_t_call_int_site();
	ks_t_call_int_site();
	return 0;
}

static void ks_t_callers_distinct(struct kunit *test)
{
	struct task_struct *k;
	struct ks_target *t;
	unsigned int i, n = 0;

	KUNIT_ASSERT_EQ(test, ks_t_ctl("observe ks_kt_int"), 0);
	for (i = 0; i < 5; i++)
		ks_t_call_int_site();
	k = kthread_run(ks_t_observe_thread, NULL, "ks_kunit_obs");
	KUNIT_ASSERT_FALSE(test, IS_ERR(k));
	t = ks_t_find("ks_kt_int");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, KS_T_WAIT(ks_hits(t) == 7));
	for (i = 0; i < KS_CALLERS; i++) {
		n += !!t->callers[i].ip;
		if (t->callers[i].ip)
			kunit_info(test, "caller %pS pid %d\n",
				   (void *)t->callers[i].ip, t->callers[i].pid);
	}
	KUNIT_EXPECT_EQ(test, n, 2U);
	KUNIT_EXPECT_EQ(test, t->callers[0].ip, t->callers[1].ip);
}

/* ---- concurrency --------------------------------------------------------------- */

struct ks_t_caller {
	atomic_t stop;
	atomic_long_t calls, real, killed, changed, bad;
	long bad_value;
};

/*
 * Calls ks_kt_long until told to stop. Every 64 calls it sleeps briefly:
 * like a real task it must reach a voluntary context switch now and then,
 * or an RCU-tasks grace period (the engine's unload) could never end.
 */
static int ks_t_caller_thread(void *arg)
{
	struct ks_t_caller *c = arg;
	unsigned long n = 0;

	while (!atomic_read(&c->stop) && !kthread_should_stop()) {
		long v = ks_kt_long_fn(KS_KT_REAL_LONG / 2);

		if (v == KS_KT_REAL_LONG) {
			atomic_long_inc(&c->real);
		} else if (v == -7) {
			atomic_long_inc(&c->killed);
		} else if (v == 11) {
			atomic_long_inc(&c->changed);
		} else {
			c->bad_value = v;
			atomic_long_inc(&c->bad);
		}
		atomic_long_inc(&c->calls);
		if (++n % 64 == 0)
			usleep_range(50, 100);
		else
			cond_resched();
	}
	return 0;
}

/* Start callers; returns how many started (each holds a task reference). */
static unsigned int ks_t_start_callers(struct task_struct **threads,
				       unsigned int n, struct ks_t_caller *c)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct task_struct *k = kthread_run(ks_t_caller_thread, c,
						    "ks_kunit/%u", i);

		if (IS_ERR(k))
			break;
		get_task_struct(k);
		threads[i] = k;
	}
	return i;
}

static void ks_t_stop_callers(struct task_struct **threads, unsigned int n,
			      struct ks_t_caller *c)
{
	unsigned int i;

	atomic_set(&c->stop, 1);
	for (i = 0; i < n; i++) {
		kthread_stop(threads[i]);
		put_task_struct(threads[i]);
	}
}

/* Let the callers complete at least n more calls (bounded, see KS_T_WAIT). */
static bool ks_t_more_calls(struct ks_t_caller *c, long n)
{
	long want = atomic_long_read(&c->calls) + n;

	return KS_T_WAIT(atomic_long_read(&c->calls) >= want);
}

#define KS_T_THREADS	3
#define KS_T_ROUNDS	30

/*
 * Callers on every CPU while the test engages, changes the retval and
 * disengages, KS_T_ROUNDS times. After each step it lets the callers make
 * a few more calls, so every value is seen; a call in flight during a
 * change may see the value before or after it, nothing else.
 */
static void ks_t_concurrent(struct kunit *test)
{
	struct task_struct *threads[KS_T_THREADS];
	struct ks_t_caller c = {};
	unsigned int started, round;
	bool progress = true;
	struct ks_actor who;

	ks_actor_current(&who, false);
	started = ks_t_start_callers(threads, KS_T_THREADS, &c);
	KUNIT_EXPECT_EQ(test, started, (unsigned int)KS_T_THREADS);
	progress = started && ks_t_more_calls(&c, 16);
	for (round = 0; progress && round < KS_T_ROUNDS; round++) {
		struct ks_target *t;
		int ret;

		KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kt_long -7"), 0);
		progress = ks_t_more_calls(&c, 16);
		mutex_lock(&ks_lock);
		t = ks_find("ks_kt_long");
		ret = t ? ks_set_retval(t, 11, &who) : -ENOENT;
		mutex_unlock(&ks_lock);
		KUNIT_EXPECT_EQ(test, ret, 0);
		progress = progress && ks_t_more_calls(&c, 16);
		KUNIT_EXPECT_EQ(test, ks_t_ctl("disengage ks_kt_long"), 0);
		progress = progress && ks_t_more_calls(&c, 16);
	}
	ks_t_stop_callers(threads, started, &c);

	KUNIT_EXPECT_TRUE_MSG(test, progress, "callers stopped making calls");
	KUNIT_EXPECT_EQ(test, round, (unsigned int)KS_T_ROUNDS);
	KUNIT_EXPECT_EQ_MSG(test, atomic_long_read(&c.bad), 0L,
			    "a caller saw %ld", c.bad_value);
	KUNIT_EXPECT_GT(test, atomic_long_read(&c.real), 0L);
	KUNIT_EXPECT_GT(test, atomic_long_read(&c.killed), 0L);
	KUNIT_EXPECT_GT(test, atomic_long_read(&c.changed), 0L);
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(KS_KT_REAL_LONG / 2), KS_KT_REAL_LONG);
}

/*
 * A write that fails while arming (here: its second line's function is
 * owned by another ip-modifying ftrace user, which its kprobe, armed last,
 * runs into) must not have killed a single call of its first line's
 * function, not even for the moment between arming that one and undoing
 * it. (With each probe or slot live as soon as armed, callers saw the
 * killed value here on both paths.)
 */
static void ks_t_failed_write_never_kills(struct kunit *test)
{
	struct task_struct *threads[KS_T_THREADS];
	struct ks_t_caller c = { };
	struct ftrace_ops *ops;
	unsigned int n, i;
	int err;

	ks_fastpath = *(const bool *)test->param_value;
	ops = ks_t_ipmod_register(&err);
	KUNIT_ASSERT_EQ(test, err, 0);
	n = ks_t_start_callers(threads, KS_T_THREADS, &c);
	KUNIT_EXPECT_EQ(test, n, (unsigned int)KS_T_THREADS);
	KUNIT_EXPECT_TRUE(test, ks_t_more_calls(&c, 100));
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kt_long -7\nobserve ks_kt_bool"),
				-EBUSY);
	KUNIT_EXPECT_TRUE(test, ks_t_more_calls(&c, 100));
	ks_t_stop_callers(threads, n, &c);
	ks_t_ipmod_unregister(ops);
	ks_fastpath = true;
	KUNIT_EXPECT_EQ(test, ks_t_count(), 0U);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c.killed), 0L);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c.bad), 0L);
	KUNIT_EXPECT_GT(test, atomic_long_read(&c.real), 0L);
}

/*
 * Unload with calls in flight: the engine's exit path (what module exit
 * runs) while callers keep calling a killed function, then init again.
 */
static void ks_t_exit_in_flight(struct kunit *test)
{
	struct task_struct *threads[KS_T_THREADS];
	struct ks_t_caller c = {};
	unsigned int started;

	KUNIT_ASSERT_EQ(test, ks_t_ctl("engage ks_kt_long -7\nengage ks_kt_int 11"), 0);
	started = ks_t_start_callers(threads, KS_T_THREADS, &c);
	KUNIT_EXPECT_EQ(test, started, (unsigned int)KS_T_THREADS);
	KUNIT_EXPECT_TRUE(test, started && ks_t_more_calls(&c, 64));

	ks_engine_exit();	/* disengages all, waits for the handlers */
	KUNIT_EXPECT_EQ(test, ks_t_count(), 0U);
	KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kt_int 3"), -ENODEV);
	KUNIT_EXPECT_EQ(test, ks_kt_long_fn(KS_KT_REAL_LONG / 2), KS_KT_REAL_LONG);
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), KS_KT_REAL_INT);
	KUNIT_EXPECT_TRUE(test, started && ks_t_more_calls(&c, 64));
	ks_engine_init();
	ks_t_stop_callers(threads, started, &c);

	KUNIT_EXPECT_GT(test, atomic_long_read(&c.killed), 0L);
	KUNIT_EXPECT_GT(test, atomic_long_read(&c.real), 0L);
	KUNIT_EXPECT_EQ_MSG(test, atomic_long_read(&c.bad), 0L,
			    "a caller saw %ld", c.bad_value);
	KUNIT_EXPECT_EQ(test, ks_t_ctl("engage ks_kt_int 3"), 0);
	KUNIT_EXPECT_EQ(test, ks_kt_int_fn(1), 3);
}

/* ---- suite ------------------------------------------------------------------------ */

/*
 * KUnit runs a module's suites from the module notifier chain, so the
 * engine's own module notifier cannot be registered here (pending targets
 * are tested in the VM suites instead).
 */
static bool ks_t_set_kset;

static int ks_t_suite_init(struct kunit_suite *suite)
{
	/*
	 * The engine tells "module loaded without that symbol" from "module
	 * not loaded" through its own kobject's kset, which a module gets
	 * only after its MODULE_STATE_COMING notifiers - where KUnit runs
	 * these suites. Give it now the kset it will have (the kernel sets
	 * the same pointer again when it adds the kobject).
	 */
	if (!THIS_MODULE->mkobj.kobj.kset) {
		THIS_MODULE->mkobj.kobj.kset = ks_kt_module_kset();
		ks_t_set_kset = true;
	}
	ks_engine_init();
	return ks_report_init();
}

static void ks_t_suite_exit(struct kunit_suite *suite)
{
	ks_engine_exit();
	ks_report_exit();
	if (ks_t_set_kset)
		THIS_MODULE->mkobj.kobj.kset = NULL;
	ks_t_set_kset = false;
}

static void ks_t_case_exit(struct kunit *test)
{
	ks_fastpath = true;
	ks_t_ctl("disengage_all");
}

static struct kunit_case ks_engine_cases[] = {
	KUNIT_CASE_PARAM(ks_t_each_type, ks_t_types_gen_params),
	KUNIT_CASE_PARAM(ks_t_value_seen, ks_t_values_gen_params),
	KUNIT_CASE_PARAM(ks_t_refused, ks_t_refusals_gen_params),
	KUNIT_CASE(ks_t_all_or_nothing),
	KUNIT_CASE(ks_t_disengage_all_in_batch),
	KUNIT_CASE(ks_t_hits_and_retval),
	KUNIT_CASE(ks_t_taint),
	KUNIT_CASE(ks_t_reengage),
	KUNIT_CASE(ks_t_batch),
	KUNIT_CASE(ks_t_pending),
	KUNIT_CASE(ks_t_observe),
	KUNIT_CASE(ks_t_scope),
	KUNIT_CASE(ks_t_revert),
	KUNIT_CASE(ks_t_tryengage),
	KUNIT_CASE(ks_t_path_choice),
	KUNIT_CASE(ks_t_fastpath_off),
	KUNIT_CASE(ks_t_fast_group),
	KUNIT_CASE(ks_t_fast_many_groups),
	KUNIT_CASE(ks_t_revert_direct),
	KUNIT_CASE(ks_t_never_armed),
	KUNIT_CASE_PARAM(ks_t_ipmodify_conflict, ks_t_fastpaths_gen_params),
	KUNIT_CASE(ks_t_replace),
	KUNIT_CASE(ks_t_ids),
	KUNIT_CASE_PARAM(ks_t_int_seen, ks_t_ints_gen_params),
	KUNIT_CASE(ks_t_engaged_line),
	KUNIT_CASE(ks_t_retval_trying),
	KUNIT_CASE(ks_t_callers_distinct),
	KUNIT_CASE(ks_t_concurrent),
	KUNIT_CASE_PARAM(ks_t_failed_write_never_kills, ks_t_fastpaths_gen_params),
	KUNIT_CASE(ks_t_exit_in_flight),
	{}
};

static struct kunit_suite ks_engine_suite = {
	.name = "killswitch_engine",
	.suite_init = ks_t_suite_init,
	.suite_exit = ks_t_suite_exit,
	.exit = ks_t_case_exit,
	.test_cases = ks_engine_cases,
};

kunit_test_suites(&ks_engine_suite);
