/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Targets for the engine's KUnit suite. They live in their own module,
 * ks_kunit_targets.ko: killswitch refuses to kill its own code, and the
 * suite's module contains the engine.
 */
#ifndef _KS_KUNIT_TARGETS_H
#define _KS_KUNIT_TARGETS_H

#include <linux/atomic.h>
#include <linux/kobject.h>
#include <linux/types.h>

#define KS_KT_REAL_INT		42
#define KS_KT_REAL_LONG		0x123456788L
#define KS_KT_BATCH		64

int ks_kt_int(int x);			/* x + 41 */
long ks_kt_long(long x);		/* x * 2 */
bool ks_kt_bool(void);			/* true */
void *ks_kt_ptr(void);			/* &a static object */
void ks_kt_void(void);
int ks_kt_batch(unsigned int i);	/* calls ks_kt_fn<i>: 1000 + i */
int ks_kt_int_alias(int x);		/* the same code as ks_kt_int */
struct kset *ks_kt_module_kset(void);	/* where loaded modules are */

/* Calls through volatile pointers, so nothing is inlined or folded. */
extern typeof(ks_kt_int) *volatile ks_kt_int_fn;
extern typeof(ks_kt_long) *volatile ks_kt_long_fn;
extern typeof(ks_kt_bool) *volatile ks_kt_bool_fn;
extern typeof(ks_kt_ptr) *volatile ks_kt_ptr_fn;
extern typeof(ks_kt_void) *volatile ks_kt_void_fn;

/* How many times each body ran. */
extern atomic_t ks_kt_body_runs;

#endif
