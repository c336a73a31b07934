#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# smoke: proves the rig works - ks_testmod's targets give their real
# values, AF_ALG works (with module autoloading through kmod), the test
# programs work, and killswitch.ko loads and unloads.
# ks-timeout: 300
# shellcheck source=tests/vm/lib.sh
. /tests/lib.sh

ks_diag "kernel $(uname -r), cmdline: $(cat /proc/cmdline)"
ks_ok "modprobe ks_testmod" modprobe ks_testmod
ks_ok "debugfs dir exists" test -d "$KS_TESTMOD"

ks_is "$(ks_call int)" "42 body=1" "call_int: real value, body ran"
ks_is "$(ks_call long)" "4886718344 body=1" "call_long: real value, body ran"
ks_is "$(ks_call bool)" "1 body=1" "call_bool: real value, body ran"
ptr=$(ks_call ptr)
ks_like "$ptr" '^-?[0-9]+ body=1$' "call_ptr: a number, body ran"
ks_unlike "$ptr" '^(0|-1) ' "call_ptr: not NULL or -1"
ks_is "$(ks_call void)" "0 body=1" "call_void: body ran"
ks_is "$(ks_call notrace)" "7 body=1" "call_notrace: real value, body ran"
ks_is "$(ks_call cmdline)" "100 body=1" "call_cmdline: real value, body ran"
ks_is "$(ks_call guarded)" "5 body=1" "call_guarded: real value, body ran"
i=0
while [ $i -lt 16 ]; do
	ks_is "$(ks_call fn$i)" "$((1000 + i)) body=1" "call_fn$i: real value, body ran"
	i=$((i + 1))
done
ks_is "$(cat "$KS_TESTMOD/stress_long")" "real=20000 other=0 values=" \
	"stress_long: 20000 real values"

syms="ks_test_int ks_test_long ks_test_bool ks_test_ptr ks_test_void
ks_test_notrace ks_test_cmdline ks_test_guarded"
i=0
while [ $i -lt 16 ]; do
	syms="$syms ks_test_fn$i"
	i=$((i + 1))
done
ksyms=$(grep '\[ks_testmod\]$' /proc/kallsyms)
missing=
for s in $syms; do
	printf '%s\n' "$ksyms" | grep -Eq " [tT] $s	\[ks_testmod\]$" ||
		missing="$missing $s"
done
ks_is "$missing" "" "all 24 targets are in kallsyms as functions"

mkdir -p /sys/kernel/tracing
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
aff=/sys/kernel/tracing/available_filter_functions
if [ -r "$aff" ]; then
	sites=$(grep '\[ks_testmod\]$' "$aff")
	ks_like "$sites" '^ks_test_int \[ks_testmod\]$' "ks_test_int is an ftrace site"
	ks_unlike "$sites" '^ks_test_notrace ' "ks_test_notrace is not an ftrace site"
else
	ks_skip "ftrace sites" "no $aff"
	ks_skip "notrace" "no $aff"
fi

ks_ok "rmmod ks_testmod" rmmod ks_testmod
ks_ok "modprobe ks_testmod again" modprobe ks_testmod
ks_is "$(ks_call int)" "42 body=1" "call_int after reload"

ks_is "$(ks_alg skcipher)" "sendmsg=OK" "AF_ALG skcipher cbc(aes) known answer"
ks_is "$(ks_alg aead)" "sendmsg=OK" "AF_ALG aead gcm(aes) known answer"
ks_is "$(ks_alg hash)" "sendmsg=OK" "AF_ALG hash sha256 known answer"
ks_is "$(ks_alg skcipher --loop 50)" "ok=50 rounds=50" "AF_ALG skcipher loop"
ks_like "$(cat /proc/modules)" '^algif_skcipher ' "algif_skcipher was autoloaded (kmod modprobe)"
ks_is "$(ks_write /proc/sys/kernel/printk_ratelimit 5)" "OK" "ks_write: OK"
ks_is "$(ks_write /nonexistent x)" "ENOENT" "ks_write: errno name"
ks_is "$(ks_userns /proc/self/comm 'x')" "OK" "ks_userns: write inside a user namespace"
ks_like "$(ks_userns /nonexistent x)" "^open:ENOENT$" "ks_userns: errno name"

ko=$(modinfo -n killswitch 2>/dev/null)
if [ -z "$ko" ]; then
	ks_skip "modprobe killswitch" "killswitch.ko was not built"
else
	ks_mark
	if ks_ok "modprobe killswitch" modprobe killswitch; then
		ks_ok "control file exists" test -e "$KS_CONTROL"
		ks_ok "engaged file exists" test -e "$KS_SECFS/engaged"
		ks_is "$(ks_ctl 'engage ks_testmod:ks_test_int 7')" "OK" "engage ks_test_int 7"
		ks_is "$(ks_call int)" "7 body=0" "engaged: fixed value, body skipped"
		ks_like "$(ks_engaged)" '^ks_testmod:ks_test_int retval=7 hits=1( |$)' \
			"engaged lists the target with one hit"
		ks_is "$(ks_ctl 'disengage ks_testmod:ks_test_int')" "OK" "disengage"
		ks_is "$(ks_call int)" "42 body=1" "disengaged: real value again"
		ks_ok "rmmod killswitch" rmmod killswitch
	fi
	ks_diag "kernel log:" "$(ks_dmesg_since_mark)"
fi
ks_ok "rmmod ks_testmod" rmmod ks_testmod
ks_done
