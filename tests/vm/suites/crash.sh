#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Oops and panic reports list what killswitch has engaged (issue 2, point 5).
# ks-expect: crash
# ks-timeout: 300
# ks-console: killswitch: oops with killswitch engagements
# ks-console: killswitch: panic with killswitch engagements
# ks-console: killswitch:  +ks_crash_ptr retval=16 ENGAGED
# ks-console: killswitch:  +ks_test_fn7 retval=-7 was engaged
#
# This boot ends in a deliberate panic. The host side (ks-vm-check.sh) does
# not fail it for the oops and the panic; instead it checks that the
# console log has killswitch's report in both, naming the engaged target
# and the one that was engaged before.

. /tests/lib.sh

KS=/sys/kernel/security/killswitch
KO=/lib/modules/$(uname -r)/extra/killswitch.ko

modprobe ks_testmod
modprobe ks_crashmod
ks_ok "insmod killswitch" insmod "$KO"
ks_is "$(cat /sys/kernel/debug/ks_crashmod/deref)" "1234" "deref works before"
ks_is "$(ks_ctl 'engage ks_test_fn7 -7')" "OK" "engage ks_test_fn7"
ks_is "$(ks_ctl 'disengage ks_test_fn7')" "OK" "disengage it (history: was engaged)"
ks_is "$(ks_ctl 'observe ks_test_fn8\nengage ks_absent_mod:ks_absent_fn 1')" "OK" "observe ks_test_fn8; a pending target"
ks_is "$(ks_ctl 'engage ks_crash_ptr 0x10')" "OK" "engage ks_crash_ptr with a bad pointer"
ks_mark
cat /sys/kernel/debug/ks_crashmod/deref >/dev/null 2>&1
report=$(ks_dmesg_since_mark | grep 'killswitch:' | tr '\n' '|')
ks_like "$report" \
	"oops with killswitch engagements.*ks_test_fn7 retval=-7 was engaged.*ks_crash_ptr retval=16 ENGAGED" \
	"the oops report lists current and past engagements"
ks_unlike "$report" "ks_test_fn8|ks_absent_fn" "observed and pending targets, which never killed, are not listed"
ks_done
# The panic notifier is checked on the host, from the console log. The
# results above must reach the host first: a panic stops everything,
# including the serial port still sending them.
sleep 3
echo c > /proc/sysrq-trigger
