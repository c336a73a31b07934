#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/ks-kernel.sh <deb12|deb13>
#
# Fetches (or reuses from the cache) the newest Debian kernel image and
# headers of a flavor and prints shell-evaluable variables:
#   KS_KVER KS_VMLINUZ KS_MODROOT KS_KDIR KS_CHROOT KS_CC
# KS_MODROOT contains lib/modules/$KS_KVER. When KS_CHROOT is not empty,
# modules must be built inside that chroot, where KS_KDIR is the headers
# directory (on the host it is $KS_CHROOT$KS_KDIR).
# Falls back to the cached version when the mirror cannot be reached.
set -euo pipefail

KS_LOG_TAG=kernel
here=$(dirname "$0")
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=scripts/lib/apt.sh
. "$here/lib/apt.sh"
# shellcheck source=scripts/lib/flavor.sh
. "$here/lib/flavor.sh"
# shellcheck source=scripts/lib/chroot.sh
. "$here/lib/chroot.sh"

[ $# -eq 1 ] || ks_die "usage: $0 <deb12|deb13>"
ks_flavor_load "$1"
kdir_base="$KS_CACHE/kernels/$KS_FLAVOR"
mkdir -p "$kdir_base"
ks_lock "kernel-$KS_FLAVOR"

# shellcheck disable=SC2086 # word splitting of the suite list is wanted
ks_apt_setup "$KS_FLAVOR" $KS_F_SUITES

# resolve: prints "<image-package> <version>" of the newest image.
resolve() {
	local p v best="" bestv="" pkgs
	pkgs=$(ks_apt_cache search --names-only "$KS_F_IMAGE_RE" | cut -d' ' -f1)
	[ -n "$pkgs" ] || return 1
	# shellcheck disable=SC2086 # one package name per word
	while read -r p v; do
		if [ -z "$v" ] || [ "$v" = "(none)" ]; then
			continue
		fi
		if [ -z "$bestv" ] || dpkg --compare-versions "$v" gt "$bestv"; then
			best=$p
			bestv=$v
		fi
	done < <(ks_apt_cache policy $pkgs | awk '/^[^ ].*:$/ { p = substr($0, 1, length($0) - 1) }
		/^ +Candidate:/ { print p, $2 }')
	[ -n "$best" ] && echo "$best $bestv"
}

current="$kdir_base/current"
pkg="" ver=""
if ks_apt_update "${KS_APT_MAXAGE:-3600}" && r=$(resolve); then
	read -r pkg ver <<<"$r"
	printf '%s %s\n' "$pkg" "$ver" >"$current.new"
	mv "$current.new" "$current"
elif [ -s "$current" ]; then
	read -r pkg ver <"$current"
	ks_log "mirror unreachable: using cached $pkg $ver"
else
	ks_die "cannot resolve a $KS_FLAVOR kernel and nothing is cached"
fi

kver=${pkg#linux-image-}
kver=${kver%-unsigned}
vdir="$kdir_base/$kver"
root="$vdir/root"

# fix_links DIR: rewrite absolute symlinks below DIR to point inside DIR.
fix_links() {
	local top=$1 l t
	while IFS= read -r -d '' l; do
		t=$(readlink "$l")
		case "$t" in
		/*) ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$top$t")" "$l" ;;
		esac
	done < <(find "$top" -type l -print0)
}

if [ ! -e "$vdir/stamp" ]; then
	ks_log "fetching $pkg $ver"
	rm -rf "$vdir"
	mkdir -p "$vdir/debs"
	hdr="linux-headers-$kver"
	want=("$pkg=$ver" "$hdr=$ver")
	for d in $(ks_apt_depends "$hdr"); do
		case "$d" in
		linux-headers-* | linux-kbuild-*)
			if ks_apt_cache show "$d=$ver" >/dev/null 2>&1; then
				want+=("$d=$ver")
			else
				want+=("$d")
			fi
			;;
		esac
	done
	(cd "$vdir/debs" && ks_apt_get -qq download "${want[@]}") ||
		ks_die "apt-get download ${want[*]} failed"
	# What the headers need at build time (for the build chroot).
	for d in "${want[@]:1}"; do
		ks_apt_depends "${d%%=*}"
	done | sort -u >"$vdir/header-depends"
	mkdir -p "$root.tmp"
	for deb in "$vdir"/debs/*.deb; do
		dpkg-deb -x "$deb" "$root.tmp"
	done
	fix_links "$root.tmp"
	# The arch headers' Makefile includes the common one by absolute path;
	# make it relative to its own location so the tree works anywhere.
	for mk in "$root.tmp"/usr/src/linux-headers-*/Makefile; do
		# shellcheck disable=SC2016 # make syntax, not shell
		sed -i 's|^include /usr/src/|include $(dir $(lastword $(MAKEFILE_LIST)))../|' "$mk"
	done
	mv "$root.tmp" "$root"
	rm -rf "$vdir/debs"
	touch "$vdir/stamp"
fi

vmlinuz="$root/boot/vmlinuz-$kver"
[ -e "$vmlinuz" ] || ks_die "no $vmlinuz"
if [ -d "$root/lib/modules/$kver/kernel" ]; then
	modroot="$root"
elif [ -d "$root/usr/lib/modules/$kver/kernel" ]; then
	modroot="$root/usr"
else
	ks_die "no lib/modules/$kver in $root"
fi
kdir="$root/usr/src/linux-headers-$kver"
[ -e "$kdir/Makefile" ] || ks_die "no headers in $kdir"

chroot_dir=""
if [ "$KS_F_CHROOT" = 1 ]; then
	chroot_dir=$(ks_chroot_ensure "$KS_F_RELEASE" "$vdir/header-depends")
	# The headers appear inside the chroot at the same path as on the
	# host under /usr/src (extracted copy, not a mount).
	stamp="$chroot_dir/usr/src/.ks-headers-$kver"
	if [ ! -e "$stamp" ]; then
		mkdir -p "$chroot_dir/usr/lib"
		for d in "$root"/usr/src/* "$root"/usr/lib/linux-kbuild-*; do
			[ -e "$d" ] || continue
			rm -rf "$chroot_dir${d#"$root"}"
			cp -a "$d" "$chroot_dir${d#"$root"}"
		done
		touch "$stamp"
	fi
	kdir="/usr/src/linux-headers-$kver"
fi

printf 'KS_FLAVOR=%q\n' "$KS_FLAVOR"
printf 'KS_KVER=%q\n' "$kver"
printf 'KS_KPKGVER=%q\n' "$ver"
printf 'KS_VMLINUZ=%q\n' "$vmlinuz"
printf 'KS_MODROOT=%q\n' "$modroot"
printf 'KS_KDIR=%q\n' "$kdir"
printf 'KS_CHROOT=%q\n' "$chroot_dir"
printf 'KS_CC=%q\n' "$KS_F_CC"
