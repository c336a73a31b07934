/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch x86_64 glue: how a probe at a function's entry makes that
 * function return a value to its caller without running its body.
 */
#ifndef _KS_ARCH_H
#define _KS_ARCH_H

#include <linux/ptrace.h>
#include <asm/ptrace.h>

#define KS_ARCH_NAME "x86_64"

/* A lone return instruction, in ks_return.S. */
void ks_arch_return_stub(void);

/*
 * At the entry of the probed function the stack pointer (in the probe's
 * pt_regs) points at the caller's return address, whether the probe is a
 * breakpoint or an ftrace-based one. Setting the return register and
 * resuming at a "ret" therefore returns to the caller as if the function
 * had run and returned val.
 *
 * Why not emulate the "ret" here (ip = *sp, sp += 8)? The ftrace path
 * (ftrace_regs_caller) honours a new ip but not a new sp, so the "ret"
 * must really execute. It lives in this module, which is why module exit
 * waits for RCU-tasks: a task preempted on that instruction has not passed
 * a voluntary context switch yet (see ks_engine_exit()).
 *
 * IBT: the stub is reached by iret or by the ftrace trampoline's ret, not
 * by an indirect call or jump, so it needs no ENDBR; it has one anyway
 * (SYM_FUNC_START), which is a no-op and keeps objtool's checks simple.
 */
static __always_inline void ks_arch_override_return(struct pt_regs *regs,
						    unsigned long val)
{
	regs_set_return_value(regs, val);
	instruction_pointer_set(regs, (unsigned long)ks_arch_return_stub);
}

/*
 * A breakpoint in kernel mode enters exc_int3() through irqentry_nmi_enter(),
 * which adds this to the preempt count: the probe handler then runs "in NMI"
 * whatever the interrupted context was.
 */
#define KS_ARCH_BP_PREEMPT_OFFSET	(NMI_OFFSET + HARDIRQ_OFFSET)

/* The caller's return address, valid at the probed function's entry. */
static __always_inline unsigned long ks_arch_caller(struct pt_regs *regs)
{
	return *(unsigned long *)kernel_stack_pointer(regs);
}

#endif /* _KS_ARCH_H */
