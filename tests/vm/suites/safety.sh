#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# In-VM tests of the safety features (issue 5): observe, tryengage, scopes,
# automatic revert with confirm, and the guard rails.
# ks-smp: 2
# ks-timeout: 900

. /tests/lib.sh

KS=/sys/kernel/security/killswitch
KO=/lib/modules/$(uname -r)/extra/killswitch.ko

engaged_line() { grep "^$1 " "$KS/engaged"; }
state_of() { engaged_line "$1" | sed -n 's/.* state=\([a-z]*\).*/\1/p'; }
absent() { ! grep -q "^$1 " "$KS/engaged"; }

modprobe ks_testmod
ks_alg skcipher >/dev/null	# autoload AF_ALG
ks_ok "insmod killswitch guard_extra=ks_test_guarded" insmod "$KO" guard_extra=ks_test_guarded

# --- observe ----------------------------------------------------------------
ks_is "$(ks_ctl 'observe ks_test_int')" "OK" "observe ks_test_int"
ks_is "$(ks_call int)" "42 body=1" "observed function still runs"
ks_is "$(ks_call int)" "42 body=1" "twice"
ks_like "$(engaged_line ks_test_int)" "^ks_test_int retval=0 hits=2 state=observing " "calls counted"
ks_like "$(cat $KS/fn/ks_test_int/callers)" "comm=cat pid=[0-9]+ uid=0 caller=ks_t_(call|show)\+0x[0-9a-f]+/0x[0-9a-f]+ \[ks_testmod\]" \
	"callers names the calling program and function"
ks_is "$(cat $KS/fn/ks_test_int/callers | grep -c .)" "2" "one line per distinct caller (two cat processes)"
ks_diag "$(cat $KS/fn/ks_test_int/callers)"
ks_is "$(ks_ctl 'disengage ks_test_int')" "OK" "disengage an observation"
ks_is "$(ks_userns $KS/control 'observe ks_test_int')" "write:EPERM" "observe needs CAP_SYS_ADMIN in init ns"

# --- tryengage: commits when unused, gives up when called ---------------------
ks_is "$(ks_ctl 'tryengage ks_test_fn1 -1 2')" "OK" "tryengage an unused function for 2 s"
ks_like "$(engaged_line ks_test_fn1)" "state=trying .*try_in=" "trying, with try_in="
sleep 4
ks_is "$(state_of ks_test_fn1)" "engaged" "engaged after 2 s without calls"
ks_is "$(ks_call fn1)" "-1 body=0" "and killed"
ks_ok "commit logged" sh -c "dmesg | grep -q 'tryengage ks_test_fn1: not called while observed; engaged'"
ks_is "$(ks_ctl 'tryengage ks_test_fn2 -2 3')" "OK" "tryengage a function that gets called"
ks_is "$(ks_call fn2)" "1002 body=1" "call during the trial runs the real body"
sleep 3
ks_ok "gave up and removed itself" absent ks_test_fn2
ks_ok "give-up logged with the caller" sh -c \
	"dmesg | grep -q 'tryengage ks_test_fn2: gave up' && dmesg | grep -q 'ks_test_fn2 called by comm=cat'"
ks_is "$(ks_call fn2)" "1002 body=1" "function untouched after give-up"
ks_is "$(ks_ctl 'tryengage ks_test_fn3 -3 30')" "OK" "long tryengage"
ks_is "$(ks_ctl 'disengage ks_test_fn3')" "OK" "disengage cancels a tryengage"
ks_ok "cancelled" absent ks_test_fn3

# --- scopes -------------------------------------------------------------------
ks_is "$(ks_ctl 'engage af_alg_sendmsg -1 scope=userns')" "OK" "engage af_alg_sendmsg scope=userns"
ks_like "$(engaged_line af_alg_sendmsg)" " scope=userns " "scope shown in engaged"
ks_is "$(ks_alg skcipher)" "sendmsg=OK" "root in the initial namespace: real function"
ks_is "$(ks_runas --userns 0 ks_alg skcipher)" "sendmsg=EPERM" "root inside a user namespace: killed"
ks_is "$(ks_runas 1000 ks_alg skcipher)" "sendmsg=OK" "uid 1000 in the initial namespace: real function"
ks_is "$(ks_ctl 'disengage af_alg_sendmsg')" "OK" "disengage"
ks_is "$(ks_ctl 'engage af_alg_sendmsg -1 scope=unpriv')" "OK" "engage scope=unpriv"
ks_is "$(ks_alg skcipher)" "sendmsg=OK" "root: real function"
ks_is "$(ks_runas 1000 ks_alg skcipher)" "sendmsg=EPERM" "uid 1000: killed"
ks_is "$(ks_ctl 'disengage af_alg_sendmsg')" "OK" "disengage"

# A function without an ftrace site is probed with int3, whose handler runs
# in the exception (NMI on x86): scope and callers must still see the task.
ks_is "$(ks_ctl 'engage ks_test_notrace 3 scope=userns')" "OK" "engage a notrace function scope=userns"
ks_like "$(engaged_line ks_test_notrace)" " path=kprobe-int3 scope=userns " "int3 path, scoped"
ks_is "$(ks_call notrace)" "7 body=1" "int3 path: root in the initial namespace runs the real function"
ks_is "$(ks_runas --userns 0 cat $KS_TESTMOD/call_notrace)" "3 body=0" "int3 path: root inside a user namespace is killed"
ks_is "$(ks_ctl 'disengage ks_test_notrace\nobserve ks_test_notrace')" "OK" "observe a notrace function"
ks_call notrace >/dev/null
ks_like "$(cat $KS/fn/ks_test_notrace/callers)" "^comm=cat pid=[1-9][0-9]* uid=0 caller=ks_t_(call|show)\+" \
	"int3 path: callers names the calling task, not <irq>"
ks_is "$(ks_ctl 'disengage ks_test_notrace')" "OK" "disengage"

# --- automatic revert and confirm ---------------------------------------------
ks_is "$(ks_ctl 'engage ks_test_fn4 -4 revert=2')" "OK" "engage with revert=2"
ks_like "$(engaged_line ks_test_fn4)" " revert_in=[12]( |$)" "revert_in= shown"
ks_is "$(ks_call fn4)" "-4 body=0" "killed meanwhile"
sleep 4
ks_ok "reverted by itself" absent ks_test_fn4
ks_is "$(ks_call fn4)" "1004 body=1" "function runs again after the revert"
ks_ok "revert logged" sh -c "dmesg | grep -q 'revert: ks_test_fn4 was not confirmed in time'"
ks_is "$(ks_ctl 'engage ks_test_fn5 -5 revert=3')" "OK" "engage with revert=3"
ks_is "$(ks_ctl 'confirm ks_test_fn5')" "OK" "confirm"
ks_unlike "$(engaged_line ks_test_fn5)" "revert_in=" "no revert_in after confirm"
sleep 4
ks_is "$(ks_call fn5)" "-5 body=0" "still engaged after the deadline"
ks_is "$(ks_ctl 'confirm ks_test_fn5')" "EINVAL" "confirm without a pending revert: EINVAL"
ks_is "$(ks_ctl 'confirm ks_test_fn6')" "ENOENT" "confirm of a non-target: ENOENT"

# --- guard rails -----------------------------------------------------------------
ks_is "$(ks_ctl 'engage ks_test_guarded 0')" "EACCES" "guarded (test list) target refused"
ks_ok "reason logged" sh -c "dmesg | grep 'ks_test_guarded: refused (-EACCES)' | grep -q guard_extra"
ks_is "$(ks_call guarded)" "5 body=1" "refused target untouched"
ks_is "$(ks_ctl 'engage ks_test_guarded 0 force')" "OK" "accepted with force"
ks_is "$(ks_call guarded)" "0 body=0" "forced target killed"
ks_like "$(engaged_line ks_test_guarded)" " force=1" "force shown"
ks_is "$(ks_ctl 'engage schedule_timeout 0')" "EACCES" "scheduler function refused"
ks_is "$(ks_ctl 'engage rcu_barrier 0')" "EACCES" "RCU function refused"
ks_is "$(ks_ctl 'engage vfs_write 0 force')" "EACCES" "force never overrides the write path"
ks_is "$(ks_ctl 'engage exc_int3 0 force')" "EOPNOTSUPP" "force never overrides kprobes' refusal"

# --- the audit trail of the new verbs ---------------------------------------------
audited() {
	ks_like "$(dmesg | grep -E "killswitch: $1.* by uid=" | tail -n 1)" "by uid=0 auid=[0-9]+ ses=[0-9]+ pid=[0-9]+ comm=$2" "audit: $3"
}
audited "observe ks_test_int" ks_write "observe names its actor"
audited "tryengage ks_test_fn1 retval=-1 scope=all" ks_write "tryengage names its actor"
audited "tryengage ks_test_fn1: not called while observed; engaged" killswitch-timer "the trial's commit names the timer"
audited "confirm ks_test_fn5" ks_write "confirm names its actor"
audited "disengage \\(automatic\\) ks_test_fn4 hits=1" killswitch-timer "the automatic revert names the timer"

# --- all-or-nothing with the new verbs ---------------------------------------------
ks_is "$(ks_ctl 'observe ks_test_fn7\nconfirm ks_test_fn8\n')" "ENOENT" "observe + bad confirm in one write"
ks_ok "observe from the failed write not applied" absent ks_test_fn7
ks_is "$(ks_ctl 'disengage_all')" "OK" "disengage_all"

# --- the same options from targets= --------------------------------------------------
ks_ok "rmmod" rmmod killswitch
ks_ok "insmod with options in targets=" insmod "$KO" guard_extra=ks_test_guarded \
	"targets=ks_test_fn6=-6/revert=2,ks_test_fn7=observe,ks_test_guarded=1/force,ks_test_fn8=-8/scope=userns,ks_test_fn9=-9/try=2,ks_test_fn10=-10/scope=bogus"
ks_like "$(engaged_line ks_test_fn6)" "state=engaged .*revert_in=" "revert= from targets="
ks_is "$(state_of ks_test_fn7)" "observing" "observe from targets="
ks_is "$(ks_call guarded)" "1 body=0" "force from targets="
ks_like "$(engaged_line ks_test_fn8)" " scope=userns " "scope= from targets="
ks_is "$(ks_call fn8)" "1008 body=1" "scoped target runs for root"
ks_is "$(state_of ks_test_fn9)" "trying" "try= from targets="
ks_ok "bad option in one entry logged, others applied" sh -c \
	"dmesg | grep -q 'ks_test_fn10=-10/scope=bogus\" ignored: unknown scope'"
sleep 4
ks_ok "targets= revert fired" absent ks_test_fn6
ks_is "$(state_of ks_test_fn9)" "engaged" "targets= try committed"
ks_ok "rmmod" rmmod killswitch
ks_done
