#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The guard list covers the control file's own write path (issues 2 and 5):
# nobody can kill a function that a later "disengage" needs. The suite
# traces (function_graph) one shell writing a disengage of three targets,
# one per path (direct call, kprobe on an ftrace site, int3), from the open
# of the control file to its close, and then asks killswitch to engage,
# with force, every function the trace shows. Each must be refused:
# EACCES (guarded or killswitch's own code) or EOPNOTSUPP (kprobes refuse
# it). The asking is safe: each engage line is followed by a line that
# fails, so nothing is ever applied (all-or-nothing writes). Last, it
# traces an rmmod: the probes go, then an RCU-tasks grace period (issue 2,
# point 7).
# ks-smp: 2
# ks-timeout: 900

. /tests/lib.sh

KS=/sys/kernel/security/killswitch
KO=/lib/modules/$(uname -r)/extra/killswitch.ko
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs nodev $T 2>/dev/null
[ -e $T/trace ] || T=/sys/kernel/debug/tracing

modprobe ks_testmod
ks_ok "insmod killswitch" insmod "$KO"
ks_ok "tracefs with function_graph" grep -qw function_graph $T/available_tracers

# --- Trace one disengage write, end to end -----------------------------------
ks_is "$(ks_ctl 'engage ks_test_fn0 -1\nobserve ks_test_fn1\nengage ks_test_notrace 3\n')" "OK" \
	"three targets: direct, kprobe-ftrace, int3"
ks_like "$(ks_engaged | tr '\n' ' ')" "path=direct .*path=kprobe-ftrace .*path=kprobe-int3" \
	"one per path"

echo 0 > $T/tracing_on
echo nop > $T/current_tracer
echo 8192 > $T/buffer_size_kb
# The syscalls of a write to the control file: whatever runs under them.
printf '%s\n' __x64_sys_openat __x64_sys_write __x64_sys_close > $T/set_graph_function
echo 0 > $T/options/funcgraph-irqs
# traced TRACER SCRIPT: runs SCRIPT in a child shell traced alone. The
# child waits for the go before it starts, so that only SCRIPT is traced
# (the pid filter is set by then). Returns SCRIPT's exit status.
traced() {
	rm -f /tmp/guard.go /tmp/guard.pid
	mkfifo /tmp/guard.go
	sh -c 'echo $$ > /tmp/guard.pid; read go < /tmp/guard.go; '"$2" &
	_child=$!
	_n=0
	while [ ! -s /tmp/guard.pid ] && [ $_n -lt 100 ]; do sleep 0.1; _n=$((_n + 1)); done
	cat /tmp/guard.pid > $T/set_ftrace_pid
	echo "$1" > $T/current_tracer
	echo 1 > $T/tracing_on
	echo go > /tmp/guard.go
	wait "$_child"
	_rc=$?
	echo 0 > $T/tracing_on
	return $_rc
}
# The writer: a plain shell's "echo ... >", as an admin would do it.
traced function_graph 'printf "disengage ks_test_fn0\ndisengage ks_test_fn1\ndisengage ks_test_notrace\n" > '"$KS"'/control'
ks_is "$?" 0 "the traced disengage write succeeded"
ks_is "$(ks_engaged)" "" "it disengaged all three"

# Function names from the graph, each once. Below these roots the calls
# depend on timing and load (scheduling, softirqs run on an interrupt's
# way out, printing, wakeups, the allocators' slow paths): each root must
# be refused, what it calls is not looked at.
roots="schedule __schedule preempt_schedule preempt_schedule_common
	__cond_resched handle_softirqs __do_softirq irq_exit_rcu _printk
	vprintk vprintk_emit vprintk_default __slab_alloc ___slab_alloc
	__slab_free try_to_wake_up wake_up_process console_unlock"
awk -v roots="$roots" '
BEGIN { n = split(roots, r); for (i = 1; i <= n; i++) root[r[i]] = 1; skip = -1 }
/\|/ {
	line = substr($0, index($0, "|") + 1)
	match(line, /^ */)
	d = RLENGTH
	rest = substr(line, d + 1)
	if (skip >= 0) {
		if (rest ~ /^}/ && d == skip)
			skip = -1
		next
	}
	if (match(rest, /^[A-Za-z_][A-Za-z0-9_.]*\(\)/)) {
		name = substr(rest, 1, RLENGTH - 2)
		print name
		if ((name in root) && rest ~ /\{ *$/)
			skip = d
	}
}' $T/trace | sort -u > /tmp/guard.fns
echo nop > $T/current_tracer
echo > $T/set_graph_function
echo > $T/set_ftrace_pid
nfn=$(grep -c . /tmp/guard.fns)
ks_ok "the trace shows the write path ($nfn functions)" [ "$nfn" -ge 50 ]
ks_ok "... including vfs_write" grep -qx vfs_write /tmp/guard.fns
ks_ok "... and the removal of each path's probe" grep -q 'unregister_kprobe\|unregister_ftrace' /tmp/guard.fns

# --- Every one of them is refused ----------------------------------------------
bad=""
guarded=0
refused=0
while read -r fn; do
	r=$(ks_ctl "engage $fn 0 force\nengage ks_guard_no_such_function 0\n")
	case "$r" in
	EACCES) guarded=$((guarded + 1)) ;;
	EOPNOTSUPP) refused=$((refused + 1)) ;;
	*) bad="$bad $fn($r)" ;;
	esac
done < /tmp/guard.fns
ks_diag "$guarded guarded, $refused refused by kprobes"
ks_is "$bad" "" "every function of the write path is refused, even with force"
ks_is "$(ks_engaged)" "" "nothing was engaged while asking"

# --- rmmod waits for RCU-tasks after removing its probes ----------------------
# The return stub lives in killswitch's text: a task preempted after the
# handler, before the stub's "ret", is only known to be gone after an
# RCU-tasks grace period. An int3 target has no ftrace_ops whose removal
# would wait for one anyway, so the wait seen here is killswitch's own.
ks_is "$(ks_ctl 'engage ks_test_notrace 3')" "OK" "an int3 target for the unload"
ks_ok "unregister_kprobes and synchronize_rcu_tasks are traceable" sh -c \
	"grep -qx 'unregister_kprobes' $T/available_filter_functions &&
	 grep -qx 'synchronize_rcu_tasks' $T/available_filter_functions"
echo 0 > $T/tracing_on
echo > $T/trace
printf '%s\n' unregister_kprobes synchronize_rcu_tasks > $T/set_ftrace_filter
traced function 'exec rmmod killswitch'
ks_is "$?" 0 "rmmod killswitch (traced)"
order=$(grep -o 'unregister_kprobes\|synchronize_rcu_tasks' $T/trace | uniq | tr '\n' ' ')
echo nop > $T/current_tracer
echo > $T/set_ftrace_filter
echo > $T/set_ftrace_pid
ks_like "$order" "unregister_kprobes synchronize_rcu_tasks $" \
	"rmmod removed the probes, then waited for RCU-tasks (trace: $order)"

ks_done
