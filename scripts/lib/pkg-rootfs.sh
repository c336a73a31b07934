#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# killswitch package test: the cached Debian 12 VM base image.
#
# ks_pkg_rootfs <cache dir> prints the directory that holds base.img (raw
# ext4 of a debootstrapped bookworm with Debian's kernel, its headers, dkms
# and the toolchain), vmlinuz and initrd.img, building it first when the
# cache does not have it. The key is a hash of this file, so any change to
# what goes into the image builds a new one; the image itself is never
# written to (each run boots a qcow2 overlay).
#
# Sourced by scripts/ks-check-packages.sh.

KS_PKG_SUITE=bookworm
KS_PKG_MIRROR=${KS_PKG_MIRROR:-http://deb.debian.org/debian}
# The VM has no network: everything the package install needs is here.
# libbpf1 and libelf1: run-time libraries of killswitchctl (tools/).
KS_PKG_INCLUDE=systemd-sysv,udev,kmod,iproute2,openssl,dkms,gcc,make,linux-image-amd64,linux-headers-amd64,libbpf1,libelf1

# The test driver baked into the image: at boot, mount the per-run data
# disk (label KSTEST) and run its run.sh, TAP to the second serial port,
# then power off whatever happened.
ks_pkg_rootfs_driver() {
	cat <<'UNIT'
[Unit]
Description=killswitch package test driver
After=multi-user.target
ConditionPathExists=/dev/disk/by-label/KSTEST
SuccessAction=poweroff-force
FailureAction=poweroff-force

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'mkdir -p /mnt/kstest && mount -o ro LABEL=KSTEST /mnt/kstest && exec bash /mnt/kstest/run.sh >/dev/ttyS1 2>&1'
StandardOutput=journal+console
StandardError=journal+console
TimeoutStartSec=1500

[Install]
WantedBy=multi-user.target
UNIT
}

ks_pkg_rootfs_configure() {
	local root=$1 unit

	echo kstest >"$root/etc/hostname"
	printf '/dev/vda / ext4 rw,errors=remount-ro 0 1\n' >"$root/etc/fstab"
	# apt inside the VM must not try the (absent) network.
	rm -f "$root"/etc/apt/sources.list "$root"/var/lib/apt/lists/*_Packages
	ks_pkg_rootfs_driver >"$root/etc/systemd/system/ks-pkgtest.service"
	mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
	ln -sf /etc/systemd/system/ks-pkgtest.service \
		"$root/etc/systemd/system/multi-user.target.wants/ks-pkgtest.service"
	# Nothing else should run: every second counts under TCG.
	for unit in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
		fstrim.timer dpkg-db-backup.timer e2scrub_reap.service \
		getty-static.service getty@tty1.service \
		serial-getty@ttyS0.service serial-getty@ttyS1.service; do
		ln -sf /dev/null "$root/etc/systemd/system/$unit"
	done
}

# Builds <dir>/{base.img,vmlinuz,initrd.img,release} in a temporary
# directory next to <dir> and renames it into place when complete. The
# downloaded .debs are kept (debs-<suite>) so that a new key rebuilds
# without downloading again; images of older keys are removed.
ks_pkg_rootfs_build() {
	local dir=$1 tmp root rel debs
	debs=$(dirname "$dir")/debs-$KS_PKG_SUITE
	mkdir -p "$debs"
	rm -rf "$(dirname "$dir")/$KS_PKG_SUITE"-*
	tmp=$dir.tmp	# under the lock of ks_pkg_rootfs
	rm -rf "$tmp"
	mkdir -p "$tmp"
	root=$tmp/rootfs
	echo "# building VM base image in $tmp (debootstrap $KS_PKG_SUITE)" >&2
	debootstrap --variant=minbase --include="$KS_PKG_INCLUDE" \
		--cache-dir="$debs" \
		--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
		"$KS_PKG_SUITE" "$root" "$KS_PKG_MIRROR" >"$tmp/debootstrap.log" 2>&1 || {
		tail -n 30 "$tmp/debootstrap.log" >&2
		return 1
	}
	ks_pkg_rootfs_configure "$root"
	rm -f "$root"/var/cache/apt/archives/*.deb
	rel=$(basename "$(ls -d "$root"/lib/modules/*)")
	cp "$root/boot/vmlinuz-$rel" "$tmp/vmlinuz"
	cp "$root/boot/initrd.img-$rel" "$tmp/initrd.img"
	echo "$rel" >"$tmp/release"
	mkfs.ext4 -q -F -L ksroot -d "$root" "$tmp/base.img" 3G >/dev/null
	rm -rf "$root"
	mv "$tmp" "$dir"
}

ks_pkg_rootfs() {
	local cache=$1 key dir
	key=$KS_PKG_SUITE-$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)
	dir=$cache/pkg-rootfs/$key
	mkdir -p "$cache/pkg-rootfs"
	(
		flock 9
		[ -f "$dir/base.img" ] || ks_pkg_rootfs_build "$dir"
	) 9>"$cache/pkg-rootfs/.lock" || return 1
	echo "$dir"
}
