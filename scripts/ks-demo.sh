#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/ks-demo.sh (make demo): installs the host packages, fetches
# Debian 12's kernel, builds killswitch, boots a VM and shows killswitch
# turning off af_alg_sendmsg() and back on. Exits non-zero if the story
# did not happen as expected. KS_DEMO_FLAVOR=deb13 uses Debian 13.
set -euo pipefail

KS_LOG_TAG=demo
here=$(dirname "$0")
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"

flavor=${KS_DEMO_FLAVOR:-deb12}
bdir="$KS_ROOT/build/demo/$flavor"
logs="$KS_ROOT/build/logs/demo"
mkdir -p "$bdir" "$logs"

ks_log "installing host packages (if missing)"
"$here/ks-deps.sh"
ks_log "fetching the Debian kernel ($flavor; cached in $KS_CACHE)"
eval "$("$here/ks-kernel.sh" "$flavor")"
ks_log "kernel $KS_KVER; building killswitch and the test programs"
if ! "$here/ks-build.sh" "$flavor" "$bdir" 2>"$logs/build.log"; then
	cat "$logs/build.log" >&2
	grep -q '^killswitch ok' "$bdir/build-status" 2>/dev/null ||
		ks_die "killswitch did not build (see $bdir/build-killswitch.log)"
fi
"$here/ks-initramfs.sh" "$bdir" 2>"$logs/initramfs.log" ||
	ks_die "initramfs failed: $(cat "$logs/initramfs.log")"
ks_log "booting $KS_KVER in QEMU (TCG: about a minute); kernel log: $logs/console.log"
echo

tap="$logs/demo.out"
"$here/ks-vm.sh" --kernel "$KS_VMLINUZ" --initrd "$bdir/initramfs.cpio.gz" \
	--suite demo --console "$logs/console.log" --tap "$tap" --timeout 600 \
	2>"$logs/vm.log" &
vm=$!
# Show the story live from the VM's second serial port.
for _ in $(seq 50); do
	[ -e "$tap.raw" ] && break
	sleep 0.2
done
live=0
if [ -e "$tap.raw" ]; then
	live=1
	tail -n +1 -f --pid="$vm" "$tap.raw" 2>/dev/null | tr -d '\r' | grep -av '^# KS-VM-END' || true
fi
rc=0
wait "$vm" || rc=$?
if [ "$live" = 0 ]; then
	grep -av '^# KS-VM-END' "$tap" || true
fi
echo
if [ "$rc" -ne 0 ] || ! grep -aq '^DEMO-RESULT: PASS$' "$tap"; then
	ks_log "the demo did not go as expected (vm exit $rc); logs in $logs"
	tail -n 20 "$logs/console.log" >&2 || true
	exit 1
fi
if grep -aqE 'BUG:|WARNING:|Oops|Call Trace|Kernel panic' "$logs/console.log"; then
	ks_log "the kernel logged a warning/oops: see $logs/console.log"
	exit 1
fi
ks_log "demo OK"
