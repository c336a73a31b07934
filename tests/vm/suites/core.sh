#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# In-VM tests of the core killswitch module (issue 2), on a Debian kernel.
# ks-append: killswitch.targets=ks_testmod:ks_test_cmdline=7
# ks-smp: 2
# ks-timeout: 900
#
# Runs as root in the initramfs (busybox sh). Prints TAP on stdout.

. /tests/lib.sh

KS=/sys/kernel/security/killswitch
CTL=$KS/control
KO=/lib/modules/$(uname -r)/extra/killswitch.ko
TAINT_BIT=1048576	# 1 << 20

# KS_PARAMS: extra module parameters for every load (core_kprobe.sh sets
# fastpath=0 to run this suite with the fast path forced off).
KS_PARAMS=${KS_PARAMS:-}
# The path a plain engagement of an ftrace-site function takes.
KS_PLAIN_PATH=${KS_PLAIN_PATH:-direct}
# shellcheck disable=SC2086 # KS_PARAMS is a list of parameters
ks_load() { insmod "$KO" $KS_PARAMS "$@"; }
ks_unload() { rmmod killswitch; }
engaged_line() { grep "^$1 " "$KS/engaged"; }
tainted() { [ $(( $(cat /proc/sys/kernel/tainted) & TAINT_BIT )) -ne 0 ]; }

modprobe ks_testmod
ks_ok "ks_testmod loaded" [ -r /sys/kernel/debug/ks_testmod/call_int ]

# --- Load, files, taint clear before anything is engaged -------------------
ks_ok "insmod killswitch" ks_load
ks_ok "control file exists" [ -e "$CTL" ]
ks_is "$(stat -c %a "$CTL")" "200" "control is write-only for root"
ks_is "$(stat -c %a "$KS/engaged")" "400" "engaged is readable by root only"
if tainted; then t=set; else t=clear; fi
ks_is "$t" "clear" "tainted bit 20 is clear before any engagement"

# --- Each return type, on ftrace sites --------------------------------------
ks_is "$(ks_call int)" "42 body=1" "int target runs normally"
ks_is "$(ks_ctl 'engage ks_test_int -1')" "OK" "engage ks_test_int -1"
ks_is "$(ks_call int)" "-1 body=0" "int target returns -1, body skipped"
ks_like "$(engaged_line ks_test_int)" "^ks_test_int retval=-1 hits=1 state=engaged " \
	"engaged line starts '<target> retval=<v> hits=<n>' then state="
ks_like "$(engaged_line ks_test_int)" " path=$KS_PLAIN_PATH " "plain engage of an ftrace site uses $KS_PLAIN_PATH"
ks_is "$(cat $KS/fn/ks_test_int/hits)" "1" "fn/<sym>/hits"
ks_is "$(cat $KS/fn/ks_test_int/state)" "engaged" "fn/<sym>/state"
ks_is "$(cat $KS/fn/ks_test_int/retval)" "-1" "fn/<sym>/retval"
if tainted; then t=set; else t=clear; fi
ks_is "$t" "set" "tainted bit 20 set after the first engagement"

# Every CPU, from the moment write() returns: the calls follow the write at
# once, from a process pinned to each CPU in turn.
on_cpus() { taskset -c 0 cat "$KS_TESTMOD/call_$1"; taskset -c 1 cat "$KS_TESTMOD/call_$1"; }
ks_is "$({ ks_ctl 'engage ks_test_fn11 -11' && on_cpus fn11; } | tr '\n' ' ')" "OK -11 body=0 -11 body=0 " \
	"killed on CPU 0 and CPU 1 right after the write returns"
ks_is "$({ ks_ctl 'disengage ks_test_fn11' && on_cpus fn11; } | tr '\n' ' ')" "OK 1011 body=1 1011 body=1 " \
	"restored on CPU 0 and CPU 1 right after the disengage returns"
ks_ok "audit line names the actor" sh -c \
	"dmesg | grep -q 'engage ks_test_int retval=-1 scope=all.* by uid=0 auid=[0-9]* ses=[0-9]* pid=[0-9]* comm=ks_write'"

# --- Audit trail: engage, retval change and disengage name who did it ------
# A subshell with a login uid (as after a login), so auid and ses are real.
(
	echo 4242 > /proc/self/loginuid || exit 1
	ks_write "$CTL" 'engage ks_test_fn9 -9' >/dev/null
	echo -19 > $KS/fn/ks_test_fn9/retval
	ks_write "$CTL" 'disengage ks_test_fn9' >/dev/null
	ks_write "$CTL" 'disengage ks_test_fn9' >/dev/null
)
line=$(dmesg | grep -E "killswitch: disengage ks_test_fn9: refused \(-ENOENT\)" | tail -n 1)
ks_like "$line" "\[uid=0 auid=4242 ses=[0-9]+ pid=[0-9]+ comm=ks_write\]" "a refusal names uid, auid, ses, pid, comm"
for what in "engage ks_test_fn9 retval=-9 .*comm=ks_write" "retval ks_test_fn9 -19 by" \
	"disengage ks_test_fn9 hits=0 .*comm=ks_write"; do
	line=$(dmesg | grep -E "killswitch: $what" | tail -n 1)
	ks_like "$line" "by uid=0 auid=4242 ses=[0-9]+ pid=[0-9]+ comm=" "audit: ${what%% .*} names uid, auid, ses, pid, comm"
	ks_unlike "$line" "ses=4294967295" "audit: ${what%% .*} has the session of the login"
done

ks_is "$(ks_ctl 'engage ks_test_long 0x7fffffffffffffff')" "OK" "engage long with hex LONG_MAX"
ks_is "$(ks_call long)" "9223372036854775807 body=0" "long returns LONG_MAX"
printf "%s\n" -9223372036854775808 > $KS/fn/ks_test_long/retval
ks_is "$(ks_call long)" "-9223372036854775808 body=0" "live retval change to LONG_MIN"
ks_ok "retval change is logged" sh -c "dmesg | grep -q 'retval ks_test_long -9223372036854775808 by uid=0'"

ks_is "$(ks_ctl 'engage ks_test_bool 0')" "OK" "engage bool 0"
ks_is "$(ks_call bool)" "0 body=0" "bool returns false"
ks_is "$(ks_ctl 'engage ks_test_ptr -EFAULT')" "OK" "engage ptr -EFAULT"
ks_is "$(ks_call ptr)" "-14 body=0" "pointer returns ERR_PTR(-EFAULT)"
ks_is "$(ks_ctl 'engage ks_test_void 0')" "OK" "engage void"
ks_is "$(ks_call void)" "0 body=0" "void body skipped"
ks_is "$(ks_ctl 'disengage ks_test_int')" "OK" "disengage ks_test_int"
ks_is "$(ks_call int)" "42 body=1" "int target runs again after disengage"
ks_ok "fn/ks_test_int removed" [ ! -e $KS/fn/ks_test_int ]
ks_is "$(ks_ctl 'engage ks_test_int -ENOMEM')" "OK" "engage with an errno name"
ks_is "$(ks_call int)" "-12 body=0" "errno name gives -12"

# --- A breakpoint kprobe (not an ftrace site) ------------------------------
ks_is "$(ks_ctl 'engage ks_test_notrace 3')" "OK" "engage notrace function"
ks_is "$(ks_call notrace)" "3 body=0" "notrace function killed through int3"
ks_like "$(engaged_line ks_test_notrace)" " path=kprobe-int3 " "notrace uses kprobe-int3"
ks_is "$(ks_ctl 'observe ks_test_fn12')" "OK" "observe ks_test_fn12"
ks_like "$(engaged_line ks_test_fn12)" " path=kprobe-ftrace " "an observed ftrace site uses kprobe-ftrace"
ks_is "$(ks_ctl 'disengage ks_test_fn12')" "OK" "disengage the observed ks_test_fn12"

ks_is "$(ks_ctl 'disengage_all')" "OK" "disengage_all"
ks_is "$(cat $KS/engaged)" "" "nothing engaged after disengage_all"
for f in int long bool void notrace; do
	ks_like "$(ks_call $f)" " body=1$" "$f runs again after disengage_all"
done
if tainted; then t=set; else t=clear; fi
ks_is "$t" "set" "taint stays after disengage"

# --- engage -> disengage -> engage, several times --------------------------
ok=1
for i in 1 2 3 4 5; do
	[ "$(ks_ctl "engage ks_test_int $i")" = OK ] || ok=0
	[ "$(ks_call int)" = "$i body=0" ] || ok=0
	[ "$(ks_ctl 'disengage ks_test_int')" = OK ] || ok=0
	[ "$(ks_call int)" = "42 body=1" ] || ok=0
done
ks_is "$ok" 1 "engage/disengage cycle x5"

# --- An fn/ file held open across disengage and re-engage ------------------
ks_is "$(ks_ctl 'engage ks_test_int 1')" "OK" "engage ks_test_int 1"
exec 3<>"$KS/fn/ks_test_int/retval"
ks_is "$(ks_ctl 'disengage ks_test_int')" "OK" "disengage it with fn/ks_test_int/retval open"
ks_fails "reading the open file of a disengaged target fails" sh -c 'cat <&3'
ks_is "$(ks_ctl 'engage ks_test_int 2')" "OK" "engage ks_test_int again (a new target)"
ks_fails "writing the old open file fails" sh -c 'echo 9 >&3'
ks_is "$(ks_call int)" "2 body=0" "the new target kept its value"
exec 3>&-
ks_is "$(ks_ctl 'disengage ks_test_int')" "OK" "disengage ks_test_int"

# --- All-or-nothing multi-line writes --------------------------------------
ks_is "$(ks_ctl 'engage ks_test_int 1\nengage ks_test_long 2\n')" "OK" "two lines in one write"
ks_is "$(ks_call int) $(ks_call long)" "1 body=0 2 body=0" "both applied"
ks_is "$(ks_ctl 'disengage ks_test_int\nengage no_such_function_xyz 1\n')" "ENOENT" \
	"write with an unknown symbol on line 2 fails ENOENT"
ks_is "$(ks_call int)" "1 body=0" "line 1 (disengage) of the failed write not applied"
ks_is "$(ks_ctl 'engage ks_test_bool 1\nbogus words here\n')" "EINVAL" "malformed line 2: EINVAL"
ks_ok "ks_test_bool not engaged by the failed write" sh -c "! grep -q '^ks_test_bool ' $KS/engaged"
ks_is "$(ks_call bool)" "1 body=1" "bool untouched"
ks_is "$(ks_ctl 'engage ks_test_bool 0\nengage ks_test_int 5\n')" "EBUSY" "already-engaged on line 2: EBUSY"
ks_ok "line 1 of the EBUSY write rolled back" sh -c "! grep -q '^ks_test_bool ' $KS/engaged"
ks_ok "no fn/ks_test_bool left behind" [ ! -e $KS/fn/ks_test_bool ]
ks_is "$(ks_ctl '# comment\n\nengage ks_test_bool 0\n')" "OK" "comments and blank lines are skipped"
ks_is "$(ks_ctl 'disengage_all')" "OK" "disengage_all"

# --- Refusals: errno and a reason in the log -------------------------------
ks_is "$(ks_ctl 'engage ks_test_int')" "EINVAL" "missing retval: EINVAL"
ks_is "$(ks_ctl 'frobnicate ks_test_int 1')" "EINVAL" "unknown verb: EINVAL"
ks_is "$(ks_ctl 'engage ks_test_int 99999999999999999999')" "EINVAL" "retval overflow: EINVAL"
ks_is "$(ks_ctl 'engage no_such_function_xyz 1')" "ENOENT" "unknown symbol: ENOENT"
ks_ok "ENOENT log line suggests module:symbol" sh -c "dmesg | grep 'no_such_function_xyz: refused (-ENOENT)' | grep -q 'module:symbol'"
ks_is "$(ks_ctl 'engage ks_test_int 1')" "OK" "engage"
ks_is "$(ks_ctl 'engage ks_test_int 2')" "EBUSY" "engage twice: EBUSY"
ks_is "$(ks_ctl 'disengage ks_test_long')" "ENOENT" "disengage of a non-target: ENOENT"
ks_is "$(ks_userns "$CTL" 'disengage ks_test_int')" "write:EPERM" "root in a user namespace: EPERM"
ks_is "$(ks_call int)" "1 body=0" "still engaged after the refused userns write"
ks_mark
ks_is "$(ks_runas --no-sys-admin 0 ks_write "$CTL" 'disengage ks_test_int')" "EPERM" \
	"root without CAP_SYS_ADMIN: EPERM"
ks_like "$(ks_dmesg_since_mark)" "refused \(-EPERM\): CAP_SYS_ADMIN in the initial user namespace required" \
	"the reason is logged"
ks_is "$(ks_call int)" "1 body=0" "still engaged after the refused write"
ks_is "$(ks_ctl 'engage vfs_write 0')" "EACCES" "control-file write path refused"
ks_ok "reason logged for vfs_write" sh -c "dmesg | grep 'vfs_write: refused (-EACCES)' | grep -q 'write path'"
ks_is "$(ks_ctl 'engage capable 0')" "EACCES" "capable() refused"
ks_is "$(ks_ctl 'engage ks_apply 0')" "EACCES" "killswitch's own code refused"
ks_ok "reason logged for own code" sh -c "dmesg | grep 'ks_apply: refused (-EACCES)' | grep -q \"killswitch's own code\""
ks_is "$(ks_ctl 'engage exc_int3 0')" "EOPNOTSUPP" "function kprobes refuses: EOPNOTSUPP"
ks_is "$(ks_ctl 'engage ks_test_long 1 scope=bogus')" "EINVAL" "bad option: EINVAL"
ks_is "$(ks_ctl 'disengage_all')" "OK" "disengage_all"

# --- Module parameters ------------------------------------------------------
ks_ok "rmmod killswitch" ks_unload
ks_ok "insmod with targets= and engage=" ks_load \
	"targets=ks_test_int=-5,no_such_fn_abc=1,ks_testmod:ks_test_long=-EPERM" \
	"engage=ks_test_bool=0"
ks_is "$(ks_call int)" "-5 body=0" "targets= entry 1 applied"
ks_is "$(ks_call long)" "-1 body=0" "targets= module:symbol entry applied"
ks_is "$(ks_call bool)" "0 body=0" "engage= alias applied"
ks_ok "bad entry logged, others applied" sh -c "dmesg | grep -q 'no_such_fn_abc: refused (-ENOENT)'"
ks_like "$(engaged_line ks_testmod:ks_test_long)" "^ks_testmod:ks_test_long retval=-1 hits=1 state=engaged" \
	"module:symbol listed as written"

# --- Unload disengages everything, also with calls in flight ---------------
( i=0; while [ $i -lt 400 ]; do cat /sys/kernel/debug/ks_testmod/stress_long >/dev/null; i=$((i+1)); done ) &
bg=$!
sleep 1
ks_ok "rmmod with calls in flight" ks_unload
wait $bg
ks_is "$(ks_call int)" "42 body=1" "int restored after rmmod"
ks_is "$(ks_call long)" "4886718344 body=1" "long restored after rmmod"
if tainted; then t=set; else t=clear; fi
ks_is "$t" "set" "taint stays after rmmod"
ok=1
for i in 1 2 3; do
	ks_load "targets=ks_test_int=$i" || ok=0
	[ "$(ks_call int)" = "$i body=0" ] || ok=0
	ks_unload || ok=0
done
ks_is "$ok" 1 "insmod/engage/rmmod x3 (no EEXIST from securityfs)"

# A fleet list longer than the 1024 bytes of a plain charp parameter: 60
# pending entries first, the real one last.
long=""
i=0
while [ $i -lt 60 ]; do
	long="${long}ks_absent_mod:ks_pad_fn_$i=-EPERM,"
	i=$((i + 1))
done
long="${long}ks_test_int=-9"
ks_ok "the list (${#long} bytes) is longer than 1024" [ ${#long} -gt 1024 ]
ks_ok "insmod with a ${#long}-byte targets=" ks_load "targets=$long"
ks_is "$(ks_call int)" "-9 body=0" "the entry beyond byte 1024 applied"
ks_is "$(grep -c '^ks_absent_mod:ks_pad_fn_[0-9]* .*state=pending' "$KS/engaged")" 60 \
	"all 60 entries before it pending"
ks_ok "rmmod" ks_unload

# --- The debugfs fallback, for kernels without securityfs --------------------
# test_debugfs=1 makes the module act as if securityfs were missing.
D=/sys/kernel/debug/killswitch
ks_ok "insmod test_debugfs=1" ks_load test_debugfs=1
ks_ok "interface in debugfs, not in securityfs" sh -c "[ -e $D/control ] && [ ! -e $KS ]"
ks_ok "the log says where the interface is" sh -c \
	"dmesg | grep -q 'interface at debugfs: /sys/kernel/debug/killswitch/control'"
ks_is "$(stat -c %a $D/control) $(stat -c %a $D/engaged)" "200 400" "debugfs: control write-only, engaged root-only"
ks_is "$(ks_write $D/control 'engage ks_test_int -4')" "OK" "engage through debugfs"
ks_is "$(ks_call int)" "-4 body=0" "killed"
ks_like "$(cat $D/engaged)" "^ks_test_int retval=-4 hits=1 state=engaged " "debugfs: engaged line"
ks_is "$(cat $D/fn/ks_test_int/hits)" "1" "debugfs: fn/<sym>/hits"
ks_is "$(ks_userns $D/control 'disengage ks_test_int')" "write:EPERM" "debugfs: root in a user namespace: EPERM"
ks_is "$(ks_write $D/control 'disengage ks_test_int')" "OK" "disengage through debugfs"
ks_ok "debugfs: fn/ks_test_int removed" [ ! -e $D/fn/ks_test_int ]
ks_is "$(ks_call int)" "42 body=1" "restored"
ks_ok "rmmod" ks_unload
ks_ok "debugfs directory removed" [ ! -e $D ]

# --- Kernel command line (kmod passes killswitch.targets= to modprobe) -----
ks_ok "modprobe killswitch (kmod)" modprobe killswitch
ks_is "$(ks_call cmdline)" "7 body=0" "killswitch.targets= from the kernel command line"
ks_ok "rmmod" ks_unload

# --- Unloading the module that holds a target --------------------------------
ks_ok "insmod" ks_load
ks_is "$(ks_ctl 'engage ks_test_fn3 -3')" "OK" "engage a function of ks_testmod"
ks_is "$(ks_call fn3)" "-3 body=0" "killed"
ks_ok "rmmod ks_testmod while engaged" rmmod ks_testmod
ks_like "$(engaged_line ks_test_fn3)" "state=pending .*module=ks_testmod" "target goes back to pending"
ks_ok "modprobe ks_testmod" modprobe ks_testmod
ks_like "$(engaged_line ks_test_fn3)" "state=engaged" "re-armed when the module loads again"
ks_is "$(ks_call fn3)" "-3 body=0" "killed again after reload"
ks_is "$(ks_ctl 'disengage_all')" "OK" "disengage_all"

# --- Concurrency: callers on another CPU see only real or configured values -
# Two readers run stress_long (20000 calls per read) in a loop until told to
# stop, while this shell engages, changes retval and disengages ks_test_long
# for 20 rounds: the readers run across every state change.
rm -f /tmp/stress /tmp/stress.stop
reader() {
	while [ ! -e /tmp/stress.stop ]; do
		cat /sys/kernel/debug/ks_testmod/stress_long
	done >> /tmp/stress
}
reader &
r1=$!
reader &
r2=$!
loops=0
while [ $loops -lt 20 ]; do
	ks_ctl 'engage ks_test_long -7' >/dev/null
	echo 11 > $KS/fn/ks_test_long/retval 2>/dev/null
	ks_ctl 'disengage ks_test_long' >/dev/null
	# Stay disengaged as long as an engage round takes (the readers
	# must see real calls too); not a timing assertion.
	sleep 0.05
	loops=$((loops + 1))
done
touch /tmp/stress.stop
wait $r1 $r2
ks_diag "$loops engage/retval/disengage rounds; reader results:" "$(sort /tmp/stress | uniq -c | head -20)"
bad=$(grep -o 'values=[^ ]*' /tmp/stress | sed 's/values=//' | tr ',' '\n' | grep -v -e '^$' -e '^-7$' -e '^11$' | head -3)
ks_is "$bad" "" "concurrent callers never see a value other than real, -7 or 11"
real=$(sed -n 's/.*real=\([0-9]*\).*/\1/p' /tmp/stress | awk '{s+=$1} END {print s+0}')
other=$(sed -n 's/.*other=\([0-9]*\).*/\1/p' /tmp/stress | awk '{s+=$1} END {print s+0}')
ks_ok "the readers saw both real and killed calls (the race was exercised)" [ "$real" -gt 0 -a "$other" -gt 0 ]

# --- AF_ALG: the real case ---------------------------------------------------
ks_is "$(ks_alg skcipher)" "sendmsg=OK" "AF_ALG skcipher works (modules autoloaded)"
ks_is "$(ks_ctl 'engage af_alg_sendmsg -1')" "OK" "engage af_alg_sendmsg -1"
ks_is "$(ks_alg skcipher)" "sendmsg=EPERM" "skcipher sendmsg fails with EPERM"
ks_is "$(ks_alg aead)" "sendmsg=EPERM" "aead sendmsg fails with EPERM"
ks_is "$(ks_alg hash)" "sendmsg=OK" "hash sockets do not use af_alg_sendmsg"
ks_is "$(ks_ctl 'disengage af_alg_sendmsg')" "OK" "disengage af_alg_sendmsg"
ks_is "$(ks_alg skcipher)" "sendmsg=OK" "skcipher works again"

# --- Lockdown (last: it cannot be lifted) ------------------------------------
ks_is "$(ks_ctl 'engage ks_test_int 8\nengage ks_test_fn5 5')" "OK" "engage before lockdown"
ks_ok "the lockdown LSM is there" [ -w /sys/kernel/security/lockdown ]
ks_ok "lockdown=integrity" sh -c "echo integrity > /sys/kernel/security/lockdown"
ks_is "$(ks_ctl 'engage ks_test_long 1')" "EPERM" "engage under lockdown=integrity: EPERM"
ks_ok "lockdown reason logged" sh -c "dmesg | grep 'ks_test_long: refused (-EPERM)' | grep -q lockdown"
ks_is "$(ks_ctl 'tryengage ks_test_long 1 5')" "EPERM" "tryengage under lockdown: EPERM"
ks_fails "retval change under lockdown fails" sh -c "echo 9 > $KS/fn/ks_test_int/retval"
ks_is "$(ks_call int)" "8 body=0" "... and changes nothing"
ks_is "$(ks_ctl 'observe ks_test_fn6')" "OK" "observe is allowed at integrity (it changes no code path)"
ks_is "$(ks_ctl 'disengage ks_test_int\ndisengage ks_test_fn6')" "OK" "disengage still allowed under lockdown"
ks_is "$(ks_call int)" "42 body=1" "disengaged under lockdown"
ks_ok "lockdown=confidentiality" sh -c "echo confidentiality > /sys/kernel/security/lockdown"
ks_is "$(ks_ctl 'observe ks_test_fn6')" "EPERM" "observe under lockdown=confidentiality: EPERM (no kprobes)"
ks_is "$(ks_ctl 'disengage_all')" "OK" "disengage_all under confidentiality"
ks_is "$(ks_call fn5)" "1005 body=1" "disengaged"
# (targets= under lockdown is refused too, but only a signed module can
# be loaded then, and the rig's modules are unsigned: not testable here.)
ks_ok "final rmmod" ks_unload

ks_done
