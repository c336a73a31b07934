/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch arm64 glue (builds; not yet tested in the VM rig).
 *
 * At the probed function's entry the link register holds the caller's
 * return address (not yet signed by PAC, which happens in the prologue),
 * so resuming there with x0 set is a complete return: no stub needed.
 */
#ifndef _KS_ARCH_H
#define _KS_ARCH_H

#include <linux/ptrace.h>
#include <asm/ptrace.h>

#define KS_ARCH_NAME "arm64"

static __always_inline void ks_arch_override_return(struct pt_regs *regs,
						    unsigned long val)
{
	regs_set_return_value(regs, val);
	instruction_pointer_set(regs, procedure_link_pointer(regs));
}

/*
 * A BRK in kernel mode enters el1_dbg() through arm64_enter_el1_dbg(), which
 * does not add to the preempt count (unlike x86's int3): the handler sees
 * the interrupted context as it was.
 */
#define KS_ARCH_BP_PREEMPT_OFFSET	0

static __always_inline unsigned long ks_arch_caller(struct pt_regs *regs)
{
	return procedure_link_pointer(regs);
}

#endif /* _KS_ARCH_H */
