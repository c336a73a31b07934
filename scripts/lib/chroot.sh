# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Cached debootstrap build chroots (for kernels whose headers need a newer
# compiler than the host's). Needs common.sh.

KS_CHROOT_BASE_PKGS="gcc-14 make perl libc6-dev libelf-dev libssl-dev bc bison flex dwarves kmod xz-utils zstd ca-certificates"

# ks_chroot_ensure RELEASE [DEPFILE]: prints the path of a chroot of
# RELEASE with the base packages plus the non-kernel package names listed
# in DEPFILE (the headers' Depends). Built once; keyed by that list.
ks_chroot_ensure() {
	local rel=$1 depfile=${2:-} pkgs key dir p
	pkgs=$(
		{
			tr ' ' '\n' <<<"$KS_CHROOT_BASE_PKGS"
			[ -z "$depfile" ] || grep -v -E '^linux-(headers|kbuild|image)-|^linux-base$' "$depfile" || true
		} | sed '/^$/d' | sort -u | tr '\n' ' '
	)
	key=$(printf '%s %s' "$rel" "$pkgs" | sha256sum | cut -c1-12)
	dir="$KS_CACHE/chroot/$rel-$key"
	if [ -e "$dir/.ks-stamp" ]; then
		echo "$dir"
		return 0
	fi
	(
		ks_lock "chroot-$rel-$key"
		[ -e "$dir/.ks-stamp" ] && exit 0
		ks_log "debootstrap $rel ($pkgs) - once, takes a few minutes"
		rm -rf "$dir.tmp"
		mkdir -p "$KS_CACHE/chroot/debs-$rel"
		if ! debootstrap --variant=minbase \
			--include="$(tr ' ' ',' <<<"${pkgs% }")" \
			--cache-dir="$KS_CACHE/chroot/debs-$rel" \
			--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
			"$rel" "$dir.tmp" "$KS_MIRROR/debian" \
			>"$KS_CACHE/chroot/$rel-$key.log" 2>&1; then
			tail -n 20 "$KS_CACHE/chroot/$rel-$key.log" >&2
			ks_die "debootstrap $rel failed (log: $KS_CACHE/chroot/$rel-$key.log)"
		fi
		# Keep it small: downloaded debs live in the cache-dir.
		rm -rf "$dir.tmp"/var/cache/apt/archives/*.deb
		for p in $pkgs; do
			chroot "$dir.tmp" dpkg-query -W "$p" >/dev/null 2>&1 ||
				ks_die "chroot lacks $p"
		done
		touch "$dir.tmp/.ks-stamp"
		mv "$dir.tmp" "$dir"
	) >&2 || return 1
	echo "$dir"
}

# ks_chroot_run DIR CMD...: runs CMD inside the chroot with a sane
# environment (no /proc needed for kernel module builds).
ks_chroot_run() {
	local dir=$1
	shift
	chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 "$@"
}
