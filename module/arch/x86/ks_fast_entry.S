/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch x86_64 fast path: the one entry that ftrace direct calls reach
 * from the ftrace site of every function killed this way (see ks_fast.c).
 *
 * On entry (%rsp) is the return address into the function, just past its
 * __fentry__ call, and 8(%rsp) the return address into its caller. That
 * first address is the key of the function in ks_fast_keys[]:
 *
 * - found: count the hit in this CPU's ks_fast_hits[], load the value,
 *   drop the return address into the function and return to the caller.
 *   The body never runs.
 * - not found: return into the function, which runs as if nothing had
 *   happened. That is the case of a disengaged member of a group whose
 *   ftrace_ops is still registered for the others, and of an address
 *   that an ip-modifying ftrace user sharing the site has changed.
 *
 * Only %r10 and %r11 are used until the function is known to be killed:
 * at an ftrace site they are dead (ftrace_caller itself clobbers them),
 * while the argument registers and %rax must survive for the function.
 * Flags need not survive a call.
 *
 * Reached by the direct "call" that ftrace patched into the site, or, when
 * other ftrace users share the site, by the "ret" that ends
 * ftrace_regs_caller: never by an indirect branch, so IBT needs no ENDBR;
 * there is one anyway (a no-op).
 *
 * Call depth tracking (retbleed=stuff): the direct call does no
 * accounting and the kill path returns once, which balances the caller's
 * call of the function. The pass path returns once more than was
 * accounted, which only makes the kernel refill the return stack buffer
 * sooner than needed: the safe direction.
 */
#include <linux/linkage.h>
#include <asm/unwind_hints.h>

#include "ks_arch_fast.h"

	.text
SYM_CODE_START(ks_fast_entry)
	UNWIND_HINT_FUNC
	ENDBR
	movq	(%rsp), %r11
	imull	$KS_FAST_MUL, %r11d, %r10d
	shrl	$(32 - KS_FAST_BITS), %r10d
.Lks_probe:
	cmpq	%r11, ks_fast_keys(, %r10, 8)
	je	.Lks_kill
	cmpq	$0, ks_fast_keys(, %r10, 8)
	je	.Lks_pass
	incl	%r10d
	andl	$KS_FAST_MASK, %r10d
	jmp	.Lks_probe
.Lks_kill:
	movq	ks_fast_vals(, %r10, 8), %rax
	movq	ks_fast_hits(%rip), %r11
	incq	%gs:(%r11, %r10, 8)
	addq	$8, %rsp
	UNWIND_HINT_FUNC
	RET
.Lks_pass:
	RET
SYM_CODE_END(ks_fast_entry)
