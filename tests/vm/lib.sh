# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# TAP helpers for the in-VM suites (sourced; works in busybox sh and bash).
# Plan-less TAP: "ok N - desc" / "not ok N - desc", "# ..." comments, and
# ks_done prints "1..N" and the closing "N passed, N failed" line.
#
#   ks_ok "desc" cmd...          passes if cmd exits 0 (its output is shown
#                                as comments on failure)
#   ks_fails "desc" cmd...       passes if cmd exits non-zero
#   ks_is "$got" "$want" "desc"  string equality, shows got/want on failure
#   ks_like "$got" "ERE" "desc"  extended-regex match
#   ks_unlike "$got" "ERE" "desc"
#   ks_skip "desc" "reason"      "ok N - desc # SKIP reason"
#   ks_pass / ks_fail "desc"     record a result directly
#   ks_diag "text"               "# text"
#   ks_done                      summary; returns non-zero if anything failed
#
#   ks_call NAME                 cat /sys/kernel/debug/ks_testmod/call_NAME
#   ks_ctl "TEXT"                one write() of TEXT (\n escapes) to the
#                                killswitch control file; echoes OK/ERRNO
#   ks_engaged                   cat the killswitch "engaged" file
#   ks_mark / ks_dmesg_since_mark  kernel log lines after the last mark
#   modprobe insmod rmmod lsmod modinfo depmod: kmod's real tools (busybox
#                                would otherwise run its own applets)

KS_N=0
KS_PASS=0
KS_FAIL=0
KS_SKIPPED=0
KS_MARK=0
KS_TESTMOD=/sys/kernel/debug/ks_testmod
KS_SECFS=/sys/kernel/security/killswitch
KS_CONTROL=$KS_SECFS/control

modprobe() { /sbin/modprobe "$@"; }
insmod() { /sbin/insmod "$@"; }
rmmod() { /sbin/rmmod "$@"; }
lsmod() { /sbin/lsmod "$@"; }
modinfo() { /sbin/modinfo "$@"; }
depmod() { /sbin/depmod "$@"; }

ks_diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

ks_pass() {
	KS_N=$((KS_N + 1))
	KS_PASS=$((KS_PASS + 1))
	echo "ok $KS_N - $1"
}

ks_fail() {
	KS_N=$((KS_N + 1))
	KS_FAIL=$((KS_FAIL + 1))
	echo "not ok $KS_N - $1"
}

ks_skip() {
	KS_N=$((KS_N + 1))
	KS_SKIPPED=$((KS_SKIPPED + 1))
	echo "ok $KS_N - $1 # SKIP ${2:-}"
}

ks_ok() {
	_ks_desc=$1
	shift
	if _ks_out=$("$@" 2>&1); then
		ks_pass "$_ks_desc"
	else
		_ks_rc=$?
		ks_fail "$_ks_desc"
		ks_diag "command: $* (exit $_ks_rc)"
		[ -z "$_ks_out" ] || ks_diag "$_ks_out"
		return 1
	fi
}

ks_fails() {
	_ks_desc=$1
	shift
	if _ks_out=$("$@" 2>&1); then
		ks_fail "$_ks_desc"
		ks_diag "command unexpectedly succeeded: $*"
		[ -z "$_ks_out" ] || ks_diag "$_ks_out"
		return 1
	fi
	ks_pass "$_ks_desc"
}

ks_is() {
	if [ "$1" = "$2" ]; then
		ks_pass "$3"
	else
		ks_fail "$3"
		ks_diag "     got: '$1'" "expected: '$2'"
		return 1
	fi
}

ks_like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ks_pass "$3"
	else
		ks_fail "$3"
		ks_diag "     got: '$1'" "expected to match: /$2/"
		return 1
	fi
}

ks_unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ks_fail "$3"
		ks_diag "     got: '$1'" "expected not to match: /$2/"
		return 1
	fi
	ks_pass "$3"
}

ks_done() {
	echo "1..$KS_N"
	[ "$KS_SKIPPED" -eq 0 ] || echo "# $KS_SKIPPED skipped"
	echo "$KS_PASS passed, $KS_FAIL failed"
	[ "$KS_FAIL" -eq 0 ]
}

ks_call() {
	cat "$KS_TESTMOD/call_$1"
}

ks_ctl() {
	ks_write "$KS_CONTROL" "$1"
}

ks_engaged() {
	cat "$KS_SECFS/engaged"
}

# Writes a marker into the kernel log; ks_dmesg_since_mark prints the
# kernel log lines after the most recent one.
ks_mark() {
	KS_MARK=$((KS_MARK + 1))
	echo "ks-mark $$.$KS_MARK" >/dev/kmsg
}

ks_dmesg_since_mark() {
	dmesg | sed -n "/ks-mark $$\\.$KS_MARK\$/,\$p" | sed '1d'
}
