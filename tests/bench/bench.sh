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
# run; its numbers are noisier).
# shellcheck source=tests/vm/lib.sh
. /tests/lib.sh
set -u

CMD=/sys/kernel/debug/ks_bench/cmd
KS=/sys/kernel/security/killswitch
KV=-3		# the value every killed call must return
ITERS=20000	# calls per timed rep
REPS=101	# timed reps per measurement
CYCLES="1:21 64:7 512:5"	# n:reps for engage/disengage timing
MEMREPS=5
if grep -qw 'ks.bench_quick=1' /proc/cmdline; then
	REPS=21
	CYCLES="1:5 64:3 512:3"
	MEMREPS=3
fi

data() { echo "ksb $*"; }

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

# measure ROW FN WANT [SYMBOL]: times FN, checks every call returned the
# WANT (real|killed) value and prints "ksb call ROW ...".
measure() {
	local row=$1 fn=$2 want=$3 sym=${4:-} out result ps path="-"
	out=$(bench_cmd "time $fn $ITERS $REPS $KV")
	result=$(sed -n 's/.* result=\([a-z]*\).*/\1/p' <<<"$out")
	ps=$(sed -n 's/.* ps=\([0-9,]*\).*/\1/p' <<<"$out")
	[ -z "$sym" ] || path=$(path_of "$sym")
	if ks_is "$result" "$want" "$row: every call of $fn returned the $want value" &&
		[ -n "$ps" ]; then
		data "call $row fn=$fn path=$path iters=$ITERS ps=$ps"
	else
		ks_diag "ks_bench said: $out"
	fi
}

# ctl "LINE": one write to the control file, must succeed.
ctl() {
	ks_is "$(ks_ctl "$1")" OK "write '$1'"
}

echo "# ks-bench: $(uname -r), $(nproc) CPUs, clocksource" \
	"$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
echo "# under TCG only ratios within this one boot mean anything"
data "kernel $(uname -r)"
data "cpus $(nproc)"
data "clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"

ks_ok "insmod ks_bench" insmod /tests/bench/ks_bench.ko
ks_ok "modprobe killswitch" modprobe killswitch
if [ ! -w "$CMD" ] || [ ! -e "$KS/control" ]; then
	ks_fail "ks_bench and killswitch are there"
	ks_done
	exit 1
fi

# --- 1. ns per call of one target -----------------------------------------
measure plain target real
measure plain_notrace notrace real

ctl "engage ks_bench_target $KV"
measure engaged target killed ks_bench_target
ks_is "$(hits_of ks_bench_target)" "$(((REPS + 1) * ITERS))" \
	"engaged: every killed call was counted"
ctl "disengage ks_bench_target"

ctl "engage ks_bench_target $KV scope=userns"
measure scope_miss target real ks_bench_target
ctl "disengage ks_bench_target"

ctl "observe ks_bench_target"
measure observed target real ks_bench_target
ks_is "$(hits_of ks_bench_target)" "$(((REPS + 1) * ITERS))" \
	"observed: every call was counted"
ctl "disengage ks_bench_target"

ctl "engage ks_bench_notrace $KV"
measure engaged_notrace notrace killed ks_bench_notrace
ctl "disengage ks_bench_notrace"

# --- 2. an untouched function, with 0 and with 512 others engaged ----------
measure idle_0 idle real
ks_ok "engage ks_bench_f000..f511 (one write; all listed and killed)" \
	ks_bench_ctl on 512 "$KV"
measure idle_512 idle real
measure engaged_of_512 f000 killed ks_bench_f000
ks_ok "disengage ks_bench_f000..f511" ks_bench_ctl off 512
measure plain_end target real

# --- 3. engage + disengage 1, 64, 512 functions -----------------------------
for c in $CYCLES; do
	n=${c%:*}
	r=${c#*:}
	for mode in single batch; do
		if out=$(ks_bench_ctl cycle "$n" "$r" "$mode" "$KV" 2>&1); then
			ks_pass "engage+disengage $n ($mode), $r times"
			data "$out"
		else
			ks_fail "engage+disengage $n ($mode), $r times"
			ks_diag "$out"
		fi
	done
done

# --- 4. memory per engagement -----------------------------------------------
if out=$(ks_bench_ctl mem 512 "$MEMREPS" "$KV" 2>&1); then
	ks_pass "memory of 512 engagements, $MEMREPS times"
	data "$out"
else
	ks_fail "memory of 512 engagements"
	ks_diag "$out"
fi

ks_is "$(grep -c . "$KS/engaged")" 0 "nothing left engaged"
ks_ok "rmmod killswitch" rmmod killswitch
ks_ok "rmmod ks_bench" rmmod ks_bench
ks_done
