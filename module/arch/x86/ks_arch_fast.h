/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch x86_64 fast path: the table layout shared by the entry code
 * (ks_fast_entry.S) and ks_fast.c. Safe to include from assembly.
 */
#ifndef _KS_ARCH_FAST_H
#define _KS_ARCH_FAST_H

#ifdef CONFIG_SMP		/* the entry counts hits with %gs-relative adds */
#define KS_ARCH_HAS_FAST	1
#endif

/*
 * Table slots (a power of two). At most 3/4 of them are ever in use, so a
 * lookup always meets an empty slot; beyond that, targets use kprobes.
 */
#define KS_FAST_BITS		10
#define KS_FAST_SIZE		(1 << KS_FAST_BITS)
#define KS_FAST_MASK		(KS_FAST_SIZE - 1)

/*
 * Slot of a key: the top KS_FAST_BITS bits of the low 32 bits of the key
 * times this odd constant (Fibonacci hashing: 2^32 divided by the golden
 * ratio), then linear probing.
 */
#define KS_FAST_MUL		0x9e3779b9

#ifndef __ASSEMBLY__
#include <linux/compiler_types.h>

/* The table (ks_fast.c) and the entry (ks_fast_entry.S) share these. */
extern unsigned long ks_fast_keys[KS_FAST_SIZE];
extern long ks_fast_vals[KS_FAST_SIZE];
extern unsigned long __percpu *ks_fast_hits;	/* [KS_FAST_SIZE] per CPU */
void ks_fast_entry(void);
#endif

#endif /* _KS_ARCH_FAST_H */
