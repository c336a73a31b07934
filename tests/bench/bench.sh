#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The in-VM half of make bench (scripts/ks-bench.sh puts it into the
# initramfs as /tests/suites/bench.sh, with ks_bench.ko and ks_bench_ctl).
# Not a test suite: it measures. It prints TAP for the things that must
# work (every engage took, every killed call returned the killed value,
# every real call the real one) and "ksb ..." data lines that the host
# turns into the table and bench/results.json. Timings are never judged.
#
# Kernel command line: ks.bench_quick=1 takes fewer repetitions (a smoke
# run; its numbers are noisier). ks.bench_alt=P=V[,P=V...] also measures
# an engaged call with killswitch loaded with those module parameters
# (e.g. one that forces a different path), in the same boot.
# shellcheck source=tests/vm/lib.sh
. /tests/lib.sh
set -u

CMD=/sys/kernel/debug/ks_bench/cmd
KS=/sys/kernel/security/killswitch
KV=-3		# the value every killed call must return
# Calls per timed rep, by how slow a call is expected to be: short reps
# (about half a millisecond) are rarely hit by host scheduling, so the
# median sees clean reps even on a busy host.
FAST=20000	# plain calls
SLOW=2000	# calls through a kprobe on an ftrace site
INT3=500	# calls through a breakpoint
REPS=201	# timed reps per measurement
# n:reps of one-write-per-function:reps of one-write-for-all
CYCLES="1:21:21 64:7:7 512:3:5"
ALT=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^ks\.bench_alt=//p')
if grep -qw 'ks.bench_quick=1' /proc/cmdline; then
	REPS=31
	CYCLES="1:5:5 64:3:3 512:1:3"
fi

data() { echo "ksb $*"; }

# bail: after a failed check nothing later means anything; stop loudly.
bail() {
	[ "$KS_FAIL" -eq 0 ] && return 0
	ks_diag "stopping: a check failed" "engaged now:"
	ks_diag "$(cat "$KS/engaged" 2>&1)"
	ks_done
	exit 1
}

# bench_cmd "COMMAND": one command to ks_bench; prints its result.
bench_cmd() {
	printf '%s' "$1" >"$CMD" && cat "$CMD"
}

# path_of SYMBOL: the path= field of SYMBOL's "engaged" line ("-": none).
path_of() {
	local p
	p=$(grep "^$1 " "$KS/engaged" | sed -n 's/.* path=\([^ ]*\).*/\1/p')
	echo "${p:--}"
}

hits_of() { cat "$KS/fn/$1/hits" 2>/dev/null || echo "-"; }

# measure ROW FN ITERS WANT [SYMBOL]: times FN, checks every call
# returned the WANT (real|killed) value and prints "ksb call ROW ...".
measure() {
	local row=$1 fn=$2 iters=$3 want=$4 sym=${5:-} out result ps path="-"
	out=$(bench_cmd "time $fn $iters $REPS $KV")
	result=$(sed -n 's/.* result=\([a-z]*\).*/\1/p' <<<"$out")
	ps=$(sed -n 's/.* ps=\([0-9,]*\).*/\1/p' <<<"$out")
	[ -z "$sym" ] || path=$(path_of "$sym")
	if ! ks_is "$result" "$want" "$row: every call of $fn returned the $want value"; then
		ks_diag "ks_bench said: $out"
	elif [ -z "$ps" ] || grep -Eq '(^|,)0(,|$)' <<<"$ps"; then
		ks_fail "$row: the clock advanced in every rep"
		ks_diag "ks_bench said: $out"
	else
		data "call $row fn=$fn path=$path iters=$iters ps=$ps"
	fi
	bail
}

# ctl "LINE": one write to the control file, must succeed.
ctl() {
	ks_is "$(ks_ctl "$1")" OK "write '$1'"
	bail
}

echo "# ks-bench: $(uname -r), $(nproc) CPUs, clocksource" \
	"$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
echo "# under TCG only ratios within this one boot mean anything"
data "kernel $(uname -r)"
data "cpus $(nproc)"
data "clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"

ks_ok "insmod ks_bench" insmod /tests/bench/ks_bench.ko
ks_ok "modprobe killswitch" modprobe killswitch
bail

# --- 1. ns per call of one target -----------------------------------------
measure plain target $FAST real
measure plain_notrace notrace $FAST real

ctl "engage ks_bench_target $KV"
measure engaged target $SLOW killed ks_bench_target
ks_is "$(hits_of ks_bench_target)" "$(((REPS + 1) * SLOW))" \
	"engaged: every killed call was counted"
bail
ctl "disengage ks_bench_target"

ctl "engage ks_bench_target $KV scope=userns"
measure scope_miss target $SLOW real ks_bench_target
ctl "disengage ks_bench_target"

ctl "observe ks_bench_target"
measure observed target $SLOW real ks_bench_target
ks_is "$(hits_of ks_bench_target)" "$(((REPS + 1) * SLOW))" \
	"observed: every call was counted"
bail
ctl "disengage ks_bench_target"

if [ -n "$ALT" ]; then
	# shellcheck disable=SC2086 # one word per parameter
	set -- ${ALT//,/ }
	data "alt $*"
	ks_ok "rmmod killswitch" rmmod killswitch
	ks_ok "modprobe killswitch $*" modprobe killswitch "$@"
	bail
	ctl "engage ks_bench_target $KV"
	measure engaged_alt target $SLOW killed ks_bench_target
	ctl "disengage ks_bench_target"
	ks_ok "rmmod killswitch" rmmod killswitch
	ks_ok "modprobe killswitch" modprobe killswitch
	bail
fi

ctl "engage ks_bench_notrace $KV"
measure engaged_notrace notrace $INT3 killed ks_bench_notrace
ctl "disengage ks_bench_notrace"

# --- 2. an untouched function, with 0 and with 512 others engaged ----------
measure idle_0 idle $FAST real
ks_ok "engage ks_bench_f000..f511 (one write; all listed and killed)" \
	ks_bench_ctl on 512 "$KV"
bail
measure idle_512 idle $FAST real
measure engaged_of_512 f000 $SLOW killed ks_bench_f000
ks_ok "disengage ks_bench_f000..f511" ks_bench_ctl off 512
bail
measure plain_end target $FAST real

# --- 3./4. engage + disengage 1, 64, 512 functions; memory -----------------
for c in $CYCLES; do
	IFS=: read -r n rs rb <<<"$c"
	for mode in single batch; do
		r=$rs
		[ "$mode" = single ] || r=$rb
		if out=$(ks_bench_ctl cycle "$n" "$r" "$mode" "$KV" 2>&1); then
			ks_pass "engage+disengage $n ($mode), $r times"
			data "$out"
		else
			ks_fail "engage+disengage $n ($mode), $r times"
			ks_diag "$out"
		fi
		bail
	done
done

ks_is "$(grep -c . "$KS/engaged")" 0 "nothing left engaged"
ks_ok "rmmod killswitch" rmmod killswitch
ks_ok "rmmod ks_bench" rmmod ks_bench
ks_done
