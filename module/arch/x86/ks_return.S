/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch x86_64: the instruction a killed function "resumes" at.
 * See ks_arch_override_return() for why it has to exist.
 */
#include <linux/linkage.h>

	.text
SYM_FUNC_START(ks_arch_return_stub)
	RET
SYM_FUNC_END(ks_arch_return_stub)
