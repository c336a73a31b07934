# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Initramfs and QEMU boot for the KUnit kernel (sourced by ks-kunit.sh).
# Deliberately tiny: static busybox, the test module and an init script.

# ks_kunit_initramfs <kernel dir> <init script> <out.cpio.gz> <module.ko>...
# The modules go to /lib/ks/.
ks_kunit_initramfs() {
	local kdir=$1 init=$2 out=$3 spec ko
	shift 3

	spec=$out.list
	cat >"$spec" <<-EOT
	dir /dev 0755 0 0
	nod /dev/console 0600 0 0 c 5 1
	nod /dev/null 0666 0 0 c 1 3
	dir /proc 0755 0 0
	dir /sys 0755 0 0
	dir /tmp 1777 0 0
	dir /bin 0755 0 0
	file /bin/busybox /bin/busybox 0755 0 0
	file /init $init 0755 0 0
	dir /lib 0755 0 0
	dir /lib/ks 0755 0 0
	EOT
	for ko in "$@"; do
		printf 'file /lib/ks/%s %s 0644 0 0\n' "$(basename "$ko")" "$ko"
	done >>"$spec"
	# gen_init_cpio needs no root for device nodes and owners.
	"$kdir/usr/gen_init_cpio" "$spec" | gzip -1 >"$out"
}

# ks_kunit_boot <bzImage> <initrd> <console log> <timeout seconds>
# Returns QEMU's status (124 on timeout).
ks_kunit_boot() {
	local kernel=$1 initrd=$2 log=$3 limit=$4

	# thread=single: see scripts/ks-vm.sh (multi-threaded TCG can run a
	# stale translation of code that another vCPU has just patched).
	timeout --foreground -k 10 "$limit" \
		qemu-system-x86_64 -accel tcg,thread=single -cpu max \
		-smp "${KS_KUNIT_SMP:-2}" -m "${KS_KUNIT_MEM:-1G}" \
		-display none -monitor none -serial "file:$log" \
		-no-reboot -nodefaults \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 loglevel=7 kmemleak=on softlockup_all_cpu_backtrace=1 ${KS_KUNIT_APPEND:-}" \
		</dev/null
}
