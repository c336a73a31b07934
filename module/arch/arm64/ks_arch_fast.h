/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch arm64: no fast path yet (KS_ARCH_HAS_FAST undefined), so every
 * target uses kprobes. An arm64 port would add slot code like x86's
 * ks_fast_slots.S, returning through the link register.
 */
#ifndef _KS_ARCH_FAST_H
#define _KS_ARCH_FAST_H
#endif /* _KS_ARCH_FAST_H */
