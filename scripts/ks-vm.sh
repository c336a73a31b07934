#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/ks-vm.sh --kernel VMLINUZ --initrd CPIO --suite NAME
#                  --console LOG --tap FILE
#                  [--append "ARGS"] [--mem MB] [--smp N] [--timeout SEC]
#
# Boots the test VM (QEMU, TCG) once: ttyS0 (kernel console) goes to LOG,
# ttyS1 (the suite's output) to FILE. Exits 0 when the VM ended with the
# suite's end marker, 3 on timeout, 4 when the end marker is missing;
# otherwise the exit code is the suite's (from the end marker).
set -euo pipefail

KS_LOG_TAG=vm
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

kernel="" initrd="" suite="" console="" tap="" append=""
mem=${KS_VM_MEM:-1024}
smp=${KS_VM_SMP:-2}
tmo=${KS_VM_TIMEOUT:-600}
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || ks_die "missing value for $1"
	case "$1" in
	--kernel) kernel=$2 ;;
	--initrd) initrd=$2 ;;
	--suite) suite=$2 ;;
	--console) console=$2 ;;
	--tap) tap=$2 ;;
	--append) append=$2 ;;
	--mem) mem=$2 ;;
	--smp) smp=$2 ;;
	--timeout) tmo=$2 ;;
	*) ks_die "unknown option $1" ;;
	esac
	shift 2
done
for v in kernel initrd suite console tap; do
	[ -n "${!v}" ] || ks_die "--$v is required"
done

raw="$tap.raw"
rm -f "$console" "$raw" "$tap"
rc=0
# thread=single: one host thread runs all vCPUs in turn. With multi-threaded
# TCG, a guest's cross-CPU code patching (text_poke_bp(), which kprobes use
# to arm and disarm) is not always seen at once by another vCPU's translated
# code: an int3 the guest already removed can still trap on another vCPU
# ("int3 at ..." oops during rmmod with calls in flight). Real x86 hardware
# serialises this; single-threaded TCG does too. The guest still has
# several CPUs, preemption and IPIs, so the SMP paths are exercised.
timeout -k 10 "$tmo" qemu-system-x86_64 -accel tcg,thread=single -cpu max \
	-m "$mem" -smp "$smp" -nographic -no-reboot -monitor none \
	-serial "file:$console" -serial "file:$raw" \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 ks.suite=$suite $append" \
	</dev/null >"$console.qemu" 2>&1 || rc=$?
touch "$raw" "$console"
tr -d '\r' <"$raw" >"$tap"
rm -f "$raw"
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	ks_log "$suite: timed out after ${tmo}s"
	exit 3
fi
if [ "$rc" -ne 0 ]; then
	ks_log "$suite: qemu exited with $rc: $(tail -n 3 "$console.qemu")"
fi
end=$(grep -a '^# KS-VM-END rc=' "$tap" | tail -n 1 || true)
if [ -z "$end" ]; then
	ks_log "$suite: end marker missing"
	exit 4
fi
exit "${end#"# KS-VM-END rc="}"
