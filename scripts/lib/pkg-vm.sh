#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# killswitch package test: boot the cached Debian 12 image twice in QEMU
# (TCG) with the built .debs, and turn what the VM reports into TAP.
# Sourced by scripts/ks-check-packages.sh, which provides ks_ok/ks_fail.

KS_PKG_VM_TIMEOUT=${KS_PKG_VM_TIMEOUT:-1200}

# <image dir> <work dir> <boot>: one boot of work/disk.qcow2 with the data
# disk; the console goes to work/console<boot>.log, TAP to work/tap<boot>.log.
ks_pkg_vm_boot() {
	local img=$1 work=$2 boot=$3
	timeout --foreground -k 10 "$KS_PKG_VM_TIMEOUT" \
		qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 2048 \
		-nodefaults -display none -no-reboot -nic none \
		-kernel "$img/vmlinuz" -initrd "$img/initrd.img" \
		-append "root=/dev/vda rw console=ttyS0,115200 panic=-1 net.ifnames=0" \
		-drive "file=$work/disk.qcow2,if=virtio,format=qcow2" \
		-drive "file=$work/data.img,if=virtio,format=raw,readonly=on" \
		-serial "file:$work/console$boot.log" -serial "file:$work/tap$boot.log" \
		</dev/null
}

# Relays the VM's TAP lines of one boot; fails when the boot did not
# finish its script.
ks_pkg_vm_relay() {
	local tap=$1 boot=$2 line
	while IFS= read -r line; do
		line=${line%$'\r'}
		case "$line" in
		"ok - "*)	ks_ok "vm: ${line#ok - }" ;;
		"not ok - "*)	ks_fail "vm: ${line#not ok - }" ;;
		"#"*)		echo "$line" ;;
		esac
	done <"$tap"
	if grep -q "^# boot $boot done" "$tap"; then
		ks_ok "vm: boot $boot ran its test script to the end"
	else
		ks_fail "vm: boot $boot ran its test script to the end"
	fi
}

ks_pkg_vm_console_clean() {
	local log=$1 boot=$2 bad
	bad=$(grep -E 'BUG:|Oops|Call Trace|WARNING:' "$log" || true)
	if [ -z "$bad" ]; then
		ks_ok "vm: boot $boot console has no BUG/Oops/Call Trace/WARNING"
	else
		head -n 40 <<<"$bad" | sed 's/^/# /'
		ks_fail "vm: boot $boot console has no BUG/Oops/Call Trace/WARNING"
	fi
}

# <image dir> <work dir> <dir with the .debs> <in-VM script> <source .tar.gz>
ks_pkg_vm_test() {
	local img=$1 work=$2 debs=$3 script=$4 srctar=$5 boot start
	rm -rf "$work"
	mkdir -p "$work/data/src"
	cp "$debs"/killswitch-dkms_*.deb "$debs"/killswitch_*.deb "$work/data/"
	cp "$script" "$work/data/run.sh"
	tar -C "$work/data/src" --strip-components=1 -xzf "$srctar"
	mkfs.ext4 -q -L KSTEST -d "$work/data" "$work/data.img" 64M >/dev/null
	qemu-img create -q -f qcow2 -F raw -b "$img/base.img" "$work/disk.qcow2"
	echo "# VM: Debian 12, kernel $(cat "$img/release"), image $img"
	for boot in 1 2; do
		start=$SECONDS
		if ks_pkg_vm_boot "$img" "$work" "$boot"; then
			echo "# boot $boot: $((SECONDS - start)) s"
		else
			echo "# boot $boot: QEMU failed or timed out after $((SECONDS - start)) s"
			tail -n 20 "$work/console$boot.log" | sed 's/^/# console: /'
		fi
		touch "$work/tap$boot.log"
		ks_pkg_vm_relay "$work/tap$boot.log" "$boot"
		ks_pkg_vm_console_clean "$work/console$boot.log" "$boot"
	done
}
