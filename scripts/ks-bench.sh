#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/ks-bench.sh (make bench): boots one Debian 12 kernel in QEMU (TCG)
# and measures killswitch there with tests/bench/ (ks_bench.ko, a timing
# loop in the kernel, and ks_bench_ctl, which times control-file writes).
# Prints a table and writes the same numbers to bench/results.json.
#
# Benchmarks are measurements: no timing is ever judged. The run fails
# (non-zero) only when something did not work: a build, an engage, a
# killed call that returned the wrong value, a kernel warning, a timeout.
#
# Environment: KS_BENCH_FLAVOR (deb12; deb13 works too), KS_BENCH_OUT
# (JSON path, default bench/results.json), KS_BENCH_QUICK=1 (fewer reps,
# noisier; for a smoke run), KS_BENCH_TIMEOUT (seconds, default 3000),
# KS_BENCH_ALT=P=V[,P=V...]: also measure an engaged call with killswitch
# loaded with these module parameters (same boot, so the ratio holds);
# default fastpath=0, the same kill through kprobes; empty: skip.
set -euo pipefail

KS_LOG_TAG=bench
here=$(dirname "$0")
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=scripts/lib/chroot.sh
. "$here/lib/chroot.sh"

flavor=${KS_BENCH_FLAVOR:-deb12}
bdir="$KS_ROOT/build/bench/$flavor"
logs="$KS_ROOT/build/logs/bench/$flavor"
json=${KS_BENCH_OUT:-$KS_ROOT/bench/results.json}
src="$KS_ROOT/tests/bench"
t_start=$SECONDS
# What is measured: the working tree, as of this commit (-dirty: with edits).
commit=$(git -C "$KS_ROOT" describe --always --dirty 2>/dev/null || echo unknown)
mkdir -p "$bdir" "$logs" "$(dirname "$json")"

"$here/ks-deps.sh" || ks_die "ks-deps.sh failed"
env_out=$("$here/ks-kernel.sh" "$flavor") || ks_die "ks-kernel.sh $flavor failed"
eval "$env_out"

# killswitch itself (and the rig's test modules and programs, unused here).
ks_log "building killswitch against $KS_KVER"
if ! "$here/ks-build.sh" "$flavor" "$bdir" 2>"$logs/build.log"; then
	grep -q '^killswitch ok' "$bdir/build-status" 2>/dev/null || {
		cat "$logs/build.log" >&2
		ks_die "killswitch did not build (see $bdir/build-killswitch.log)"
	}
	ks_log "some test parts did not build (not needed here): $(grep -v ' ok$' "$bdir/build-status" | tr '\n' ' ')"
fi

# ks_bench.ko: kbuild in a private copy (inside the build chroot if any).
if [ -n "$KS_CHROOT" ]; then
	mkdir -p "$KS_CHROOT/tmp"
	work=$(mktemp -d "$KS_CHROOT/tmp/ks-bench.XXXXXX")
	inner=${work#"$KS_CHROOT"}
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/ks-bench.XXXXXX")
	inner=$work
fi
trap 'rm -rf "$work"' EXIT
cp -a "$src/ks_bench" "$work/ks_bench"
kb=(make -j"$(nproc)" -C "$KS_KDIR" M="$inner/ks_bench" W=1 modules)
if [ -n "$KS_CHROOT" ]; then
	ks_chroot_run "$KS_CHROOT" "${kb[@]}" >"$logs/build-ks_bench.log" 2>&1 || kbrc=$?
else
	"${kb[@]}" >"$logs/build-ks_bench.log" 2>&1 || kbrc=$?
fi
if [ "${kbrc:-0}" -ne 0 ] || grep -q 'warning:' "$logs/build-ks_bench.log"; then
	grep -E '(warning|error):' "$logs/build-ks_bench.log" >&2 || tail -n 20 "$logs/build-ks_bench.log" >&2
	ks_die "ks_bench.ko did not build cleanly (log: $logs/build-ks_bench.log)"
fi
gcc -static -O2 -Wall -Wextra -Werror -o "$work/ks_bench_ctl" "$src/ks_bench_ctl.c" ||
	ks_die "ks_bench_ctl did not build"

# The rig's initramfs plus an appended archive with the benchmark: the
# kernel unpacks concatenated archives in order. /init runs
# /tests/suites/<ks.suite>.sh; the repository's tests/vm/suites/ (what
# ks-vm-check.sh runs) never sees bench.sh.
"$here/ks-initramfs.sh" "$bdir" 2>"$logs/initramfs.log" ||
	ks_die "initramfs failed: $(cat "$logs/initramfs.log")"
ov="$work/overlay"
mkdir -p "$ov/tests/suites" "$ov/tests/bench" "$ov/usr/bin"
cp "$src/bench.sh" "$ov/tests/suites/bench.sh"
cp "$work/ks_bench/ks_bench.ko" "$ov/tests/bench/"
cp "$work/ks_bench_ctl" "$ov/usr/bin/"
chmod 755 "$ov/tests/suites/bench.sh" "$ov/usr/bin/ks_bench_ctl"
(cd "$ov" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) |
	gzip -1 >"$work/overlay.cpio.gz"
cat "$bdir/initramfs.cpio.gz" "$work/overlay.cpio.gz" >"$bdir/bench.cpio.gz"

append=""
KS_BENCH_ALT=${KS_BENCH_ALT-fastpath=0}
[ "${KS_BENCH_QUICK:-0}" != 1 ] || append="ks.bench_quick=1"
if [ -n "${KS_BENCH_ALT:-}" ]; then
	[[ "$KS_BENCH_ALT" =~ ^[A-Za-z0-9_]+=[^[:space:],]+(,[A-Za-z0-9_]+=[^[:space:],]+)*$ ]] ||
		ks_die "KS_BENCH_ALT must be P=V[,P=V...]"
	append="$append ks.bench_alt=$KS_BENCH_ALT"
fi
tap="$logs/bench.tap"
ks_log "booting $KS_KVER in QEMU (TCG) and measuring: several minutes; log: $logs/console.log"
t_vm=$SECONDS
load0=$(cut -d' ' -f1 /proc/loadavg)
"$here/ks-vm.sh" --kernel "$KS_VMLINUZ" --initrd "$bdir/bench.cpio.gz" \
	--suite bench --console "$logs/console.log" --tap "$tap" \
	--append "$append" --smp 2 --timeout "${KS_BENCH_TIMEOUT:-3000}" \
	2>"$logs/vm.log" &
vm=$!
# Show progress (the checks, not the data) as it happens.
for _ in $(seq 100); do
	[ -e "$tap.raw" ] && break
	sleep 0.2
done
if [ -e "$tap.raw" ]; then
	tail -n +1 -f --pid="$vm" "$tap.raw" 2>/dev/null | tr -d '\r' |
		grep -a --line-buffered -E '^(ok|not ok|#)' | sed -u 's/^/  vm: /' >&2 || true
fi
rc=0
wait "$vm" || rc=$?
vm_secs=$((SECONDS - t_vm))
load1=$(cut -d' ' -f1 /proc/loadavg)

fail=""
case "$rc" in
0) ;;
3) fail="QEMU timed out" ;;
4) fail="the VM ended without the end marker" ;;
*) fail="the benchmark exited with $rc" ;;
esac
grep -a '^not ok' "$tap" >&2 && fail="a check failed (see above)"
grep -aqE '^[0-9]+ passed, 0 failed$' "$tap" || fail=${fail:-"no 'N passed, 0 failed' line"}
if grep -aqE 'BUG:|WARNING:|Oops|Call Trace|general protection fault|Kernel panic|RCU stall|detected stall' \
	"$logs/console.log"; then
	fail="the kernel logged a warning/oops (see $logs/console.log)"
fi
if [ -n "$fail" ]; then
	grep -a '^#' "$tap" | tail -n 20 >&2 || true
	ks_die "benchmark FAILED: $fail (logs in $logs)"
fi

awk -v json="$json.tmp" -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v wall="$vm_secs" \
	-v load="$load0 -> $load1 on $(nproc) host CPUs" -v commit="$commit" \
	-f "$src/report.awk" "$tap" >"$logs/table.txt" ||
	ks_die "could not make the report from $tap"
mv "$json.tmp" "$json"
echo
cat "$logs/table.txt"
echo
ks_log "$(grep -aE '^[0-9]+ passed, [0-9]+ failed$' "$tap" | tail -n 1) (checks in the VM)"
ks_log "VM ${vm_secs}s, total $((SECONDS - t_start))s; JSON: $json; table: $logs/table.txt"
