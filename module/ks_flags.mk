# SPDX-License-Identifier: GPL-2.0-only
#
# Compiler flags and kernel feature probes shared by module/Kbuild and
# tests/kunit/Kbuild (which builds the same sources into the KUnit module).
# Every kernel difference the C code sees is a KS_HAVE_* macro set here or
# a test in ks_compat.h, never a version number.

# ks_compat.h holds every kernel-version difference and pr_fmt; it is
# included first in every C object.
ccflags-y += -I$(src) -I$(src)/arch/$(SRCARCH) -include $(src)/ks_compat.h
asflags-y += -I$(src) -I$(src)/arch/$(SRCARCH)

# ftrace direct calls take (ops, addr) through *_ftrace_direct_multi() up
# to 6.5 and through *_ftrace_direct() after (see ks_compat.h).
ifneq ($(shell grep -qs 'register_ftrace_direct_multi' $(srctree)/include/linux/ftrace.h && echo y),)
ccflags-y += -DKS_HAVE_DIRECT_MULTI
endif
