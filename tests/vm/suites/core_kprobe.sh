#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The core suite again with the fast path forced off (fastpath=0, issue 8):
# every target then uses kprobes, and both paths stay correct.
# ks-append: killswitch.targets=ks_testmod:ks_test_cmdline=7 killswitch.fastpath=0
# ks-append: preempt=full
# ks-smp: 2
# ks-timeout: 900
#
# kmod's modprobe takes killswitch.fastpath=0 from the kernel command line;
# insmod gets it from KS_PARAMS.

KS_PARAMS="fastpath=0"
KS_PLAIN_PATH=kprobe-ftrace
. /tests/suites/core.sh
