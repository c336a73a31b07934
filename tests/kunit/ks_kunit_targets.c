// SPDX-License-Identifier: GPL-2.0-only
/*
 * ks_kunit_targets.ko: noinline functions of each return type for the
 * engine's KUnit suite, plus KS_KT_BATCH functions for batch tests.
 */
#include <linux/module.h>

#include "ks_kunit_targets.h"

atomic_t ks_kt_body_runs = ATOMIC_INIT(0);
EXPORT_SYMBOL_GPL(ks_kt_body_runs);

static int ks_kt_object;

noinline int ks_kt_int(int x)
{
	atomic_inc(&ks_kt_body_runs);
	return x + 41;
}
EXPORT_SYMBOL_GPL(ks_kt_int);

/* A second name for ks_kt_int's code (the engine refuses a second target). */
__alias(ks_kt_int) int ks_kt_int_alias(int x);

noinline long ks_kt_long(long x)
{
	atomic_inc(&ks_kt_body_runs);
	return x * 2;
}
EXPORT_SYMBOL_GPL(ks_kt_long);

noinline bool ks_kt_bool(void)
{
	atomic_inc(&ks_kt_body_runs);
	return true;
}
EXPORT_SYMBOL_GPL(ks_kt_bool);

noinline void *ks_kt_ptr(void)
{
	atomic_inc(&ks_kt_body_runs);
	return &ks_kt_object;
}
EXPORT_SYMBOL_GPL(ks_kt_ptr);

noinline void ks_kt_void(void)
{
	atomic_inc(&ks_kt_body_runs);
}
EXPORT_SYMBOL_GPL(ks_kt_void);

typeof(ks_kt_int) *volatile ks_kt_int_fn = ks_kt_int;
EXPORT_SYMBOL_GPL(ks_kt_int_fn);
typeof(ks_kt_long) *volatile ks_kt_long_fn = ks_kt_long;
EXPORT_SYMBOL_GPL(ks_kt_long_fn);
typeof(ks_kt_bool) *volatile ks_kt_bool_fn = ks_kt_bool;
EXPORT_SYMBOL_GPL(ks_kt_bool_fn);
typeof(ks_kt_ptr) *volatile ks_kt_ptr_fn = ks_kt_ptr;
EXPORT_SYMBOL_GPL(ks_kt_ptr_fn);
typeof(ks_kt_void) *volatile ks_kt_void_fn = ks_kt_void;
EXPORT_SYMBOL_GPL(ks_kt_void_fn);

#define KS_KT_FN(i)							\
	noinline int ks_kt_fn##i(void);					\
	noinline int ks_kt_fn##i(void)					\
	{								\
		atomic_inc(&ks_kt_body_runs);				\
		return 1000 + (i);					\
	}
#define KS_KT_FN8(i)							\
	KS_KT_FN(i##0) KS_KT_FN(i##1) KS_KT_FN(i##2) KS_KT_FN(i##3)	\
	KS_KT_FN(i##4) KS_KT_FN(i##5) KS_KT_FN(i##6) KS_KT_FN(i##7)
KS_KT_FN8(1) KS_KT_FN8(2) KS_KT_FN8(3) KS_KT_FN8(4)
KS_KT_FN8(5) KS_KT_FN8(6) KS_KT_FN8(7) KS_KT_FN8(8)

#define KS_KT_REF(i)	ks_kt_fn##i
#define KS_KT_REF8(i)							\
	KS_KT_REF(i##0), KS_KT_REF(i##1), KS_KT_REF(i##2), KS_KT_REF(i##3), \
	KS_KT_REF(i##4), KS_KT_REF(i##5), KS_KT_REF(i##6), KS_KT_REF(i##7)
static int (*volatile const ks_kt_batch_fns[KS_KT_BATCH])(void) = {
	KS_KT_REF8(1), KS_KT_REF8(2), KS_KT_REF8(3), KS_KT_REF8(4),
	KS_KT_REF8(5), KS_KT_REF8(6), KS_KT_REF8(7), KS_KT_REF8(8),
};

int ks_kt_batch(unsigned int i)
{
	return i < KS_KT_BATCH ? ks_kt_batch_fns[i]() : -1;
}
EXPORT_SYMBOL_GPL(ks_kt_batch);

/*
 * KUnit runs a module's suites from its MODULE_STATE_COMING notifier,
 * before the module has a sysfs kobject: the engine, which finds the list
 * of loaded modules through its own kobject's kset, sees no modules then.
 * This module's kset (the same one) lets the suite set that link early.
 */
struct kset *ks_kt_module_kset(void)
{
	return THIS_MODULE->mkobj.kobj.kset;
}
EXPORT_SYMBOL_GPL(ks_kt_module_kset);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("killswitch KUnit: target functions");
