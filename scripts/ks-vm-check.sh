#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/ks-vm-check.sh [flavor ...]     (default: $KS_FLAVORS or deb12 deb13)
#
# For each flavor: fetch the kernel, build the modules and test programs,
# build the initramfs, then boot once per suite in tests/vm/suites/
# ($KS_SUITES selects suites by name). Prints one TAP stream: the build
# steps, every suite's results ("<flavor>/<suite>: ..."), and one test per
# boot that fails on kernel warnings/oopses in the console log, a timeout
# or a missing end marker. Logs: build/logs/<flavor>/.
#
# Suite header comments: "# ks-append: ARGS" (kernel command line, may
# repeat), "# ks-smp: N", "# ks-mem: MB", "# ks-timeout: SECONDS",
# "# ks-moddirs: kernel/net/foo ..." (extra kernel module subtrees for
# the initramfs, relative to lib/modules/$KVER), "# ks-expect: crash"
# (the boot is meant to oops/panic: no warning check, a panic may replace
# the end marker, but a crash must show in the console log), and
# "# ks-console: ERE" (one more test per line: the console log matches).
# Every suite, a crash suite too, must end with its "N passed, N failed"
# line (a crash suite prints it before the panic it causes).
set -euo pipefail

KS_LOG_TAG=vm-check
here=$(dirname "$0")
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=scripts/lib/tap.sh
. "$here/lib/tap.sh"

if [ $# -gt 0 ]; then
	flavors=("$@")
else
	read -r -a flavors <<<"${KS_FLAVORS:-deb12 deb13}"
fi
suites=()
if [ -n "${KS_SUITES:-}" ]; then
	read -r -a suites <<<"$KS_SUITES"
else
	for s in "$KS_ROOT"/tests/vm/suites/*.sh; do
		[ -e "$s" ] && suites+=("$(basename "$s" .sh)")
	done
fi
# Kernel module subtrees for the initramfs: the default plus every suite's
# "# ks-moddirs:" header.
moddirs="kernel/crypto kernel/arch/x86/crypto kernel/lib/crypto"
for s in "${suites[@]}"; do
	f="$KS_ROOT/tests/vm/suites/$s.sh"
	[ -e "$f" ] || continue
	moddirs="$moddirs $(sed -n 's/^# ks-moddirs: *//p' "$f" | tr '\n' ' ')"
done
bad_re='BUG:|WARNING:|Oops|Call Trace|general protection fault|KASAN|kmemleak|circular locking|RCU stall|rcu: INFO: .*detected stall|Kernel panic'

"$here/ks-deps.sh" >&2 || ks_die "ks-deps.sh failed"

# header FILE KEY: values of "# ks-KEY: value" lines, space-joined.
header() {
	sed -n "s/^# ks-$2: *//p" "$1" | tr '\n' ' ' | sed 's/ *$//'
}

# boot FLAVOR SUITE BDIR VMLINUZ LOGDIR
boot() {
	local flavor=$1 suite=$2 bdir=$3 vmlinuz=$4 logs=$5
	local file="$KS_ROOT/tests/vm/suites/$suite.sh" prefix="$1/$2: "
	local rc=0 t0=$SECONDS why="" n expect re crashed=0 con
	if [ ! -e "$file" ]; then
		ks_tap_notok "${prefix}suite file exists"
		return
	fi
	con="$logs/$suite.console"
	local args=(--kernel "$vmlinuz" --initrd "$bdir/initramfs.cpio.gz"
		--suite "$suite" --console "$con"
		--tap "$logs/$suite.tap" --append "$(header "$file" append)")
	n=$(header "$file" smp)
	[ -z "$n" ] || args+=(--smp "$n")
	n=$(header "$file" mem)
	[ -z "$n" ] || args+=(--mem "$n")
	n=$(header "$file" timeout)
	[ -z "$n" ] || args+=(--timeout "$n")
	expect=$(header "$file" expect)
	ks_log "$flavor: booting suite $suite"
	"$here/ks-vm.sh" "${args[@]}" 2>>"$logs/$suite.vm.log" || rc=$?
	ks_tap_relay "$prefix" "$logs/$suite.tap"
	grep -aqE 'Kernel panic' "$con" && crashed=1
	case "$rc" in
	0) ;;
	3) why="QEMU timed out" ;;
	4)
		# A crash suite may end in a panic instead of the end marker.
		[ "$expect" = crash ] && [ "$crashed" = 1 ] ||
			why="end marker missing (VM died?)"
		;;
	*) [ "$KS_RELAY_FAIL" -gt 0 ] || why="suite exited with $rc but reported no failure" ;;
	esac
	# A crash suite too prints its summary before it panics on purpose.
	if [ -z "$why" ] && [ -z "$KS_RELAY_SUMMARY" ]; then
		why="suite printed no 'N passed, N failed' line"
	fi
	if [ -z "$why" ] && [ "$KS_RELAY_N" -eq 0 ]; then
		why="suite ran no test"
	fi
	if [ "$expect" = crash ]; then
		if [ -z "$why" ] && ! grep -aqE 'Oops|Kernel panic|BUG:' "$con"; then
			why="the suite expects a crash, the console log shows none"
		fi
	elif [ -z "$why" ] && grep -aqE "$bad_re" "$con"; then
		why="kernel log has warnings/oopses"
	fi
	if [ -z "$why" ]; then
		ks_tap_ok "${prefix}boot ${expect:+(expect $expect) }ended as expected, $((SECONDS - t0))s"
	else
		ks_tap_notok "${prefix}boot: $why"
		grep -aE "$bad_re" "$con" | head -n 20 | ks_tap_diag || true
		ks_tap_diag "console tail ($con):"
		tail -n 30 "$con" | ks_tap_diag
	fi
	# "# ks-console: ERE" headers: the console log must match each.
	while IFS= read -r re; do
		if grep -aqE -- "$re" "$con"; then
			ks_tap_ok "${prefix}console log matches /$re/"
		else
			ks_tap_notok "${prefix}console log matches /$re/"
		fi
	done < <(sed -n 's/^# ks-console: *//p' "$file")
}

for flavor in "${flavors[@]}"; do
	t0=$SECONDS
	logs="$KS_ROOT/build/logs/$flavor"
	bdir="$KS_ROOT/build/vm/$flavor"
	mkdir -p "$logs" "$bdir"
	if ! env_out=$("$here/ks-kernel.sh" "$flavor" 2>"$logs/kernel.log"); then
		ks_tap_notok "$flavor: fetch kernel"
		ks_tap_diag <"$logs/kernel.log"
		continue
	fi
	eval "$env_out"
	ks_tap_ok "$flavor: fetch kernel $KS_KVER ($KS_KPKGVER)"
	"$here/ks-build.sh" "$flavor" "$bdir" 2>"$logs/build.log" || true
	if [ ! -e "$bdir/build-status" ]; then
		ks_tap_notok "$flavor: build"
		ks_tap_diag <"$logs/build.log"
		continue
	fi
	while read -r part status; do
		if [ "$status" = ok ]; then
			ks_tap_ok "$flavor: build $part (W=1, no warnings)"
		else
			ks_tap_notok "$flavor: build $part: $status"
			if [ -e "$bdir/build-$part.log" ]; then
				{
					grep -E '(warning|error):' "$bdir/build-$part.log" | head -n 20 || true
					tail -n 10 "$bdir/build-$part.log"
				} | ks_tap_diag
			fi
		fi
	done <"$bdir/build-status"
	if ! KS_INITRAMFS_MODDIRS="$moddirs" "$here/ks-initramfs.sh" "$bdir" \
		2>"$logs/initramfs.log"; then
		ks_tap_notok "$flavor: initramfs"
		ks_tap_diag <"$logs/initramfs.log"
		continue
	fi
	ks_tap_ok "$flavor: initramfs"
	for suite in "${suites[@]}"; do
		boot "$flavor" "$suite" "$bdir" "$KS_VMLINUZ" "$logs"
	done
	ks_tap_diag "$flavor: done in $((SECONDS - t0))s"
done
ks_tap_done
