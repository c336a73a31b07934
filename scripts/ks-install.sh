#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# killswitch: installs from source, and the one list of what goes where
# (debian/rules and rpm/killswitch.spec call it too).
#
#   ks-install.sh install       module for KDIR's kernel, then "userspace"
#   ks-install.sh uninstall     unload, remove what install/dkms put in place
#   ks-install.sh dkms          sources to /usr/src/killswitch-<ver>, then
#                               dkms add, build and install
#   ks-install.sh version       print the project version
#   ks-install.sh userspace     tools (if any), example configs, docs
#   ks-install.sh tools         build tools/ if it exists; clean-tools
#   ks-install.sh dkms-sources  module sources to usr/src/killswitch-<ver>
#   ks-install.sh dkms-tree     dkms-sources plus dkms.conf with the version
#
# Environment: DESTDIR (staging root, default none), PREFIX (default /usr,
# as the packages; files that a package owns are never overwritten), KDIR
# (kernel build dir, default that of the running kernel). With DESTDIR set
# nothing touches the running system (no rmmod, depmod or dkms).
#
# tools/ contract: every tools/<name>/Makefile has the targets all,
# install and clean, and honours DESTDIR and PREFIX. "install" records
# every userspace file it puts in place in $PREFIX/share/killswitch/
# installed-files, which "uninstall" removes again (the tools need no
# uninstall target).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
DESTDIR=${DESTDIR:-}
PREFIX=${PREFIX:-/usr}
KDIR=${KDIR:-/lib/modules/$(uname -r)/build}
name=killswitch

die() { echo "ks-install: $*" >&2; exit 1; }

# The project version lives in debian/changelog only (first line,
# "killswitch (<version>) ..."): its upstream part, without a Debian
# revision, as module/Kbuild and the tools read it.
ks_version() {
	local v
	v=$(sed -n '1s/^killswitch (\([^)]*\)).*/\1/p' "$top/debian/changelog")
	v=${v%-*}
	[ -n "$v" ] || die "no version in debian/changelog"
	echo "$v"
}

# A file or tree that a package (killswitch, killswitch-dkms) installed.
ks_pkg_owned() {
	{ command -v dpkg >/dev/null && dpkg -S "$1" >/dev/null 2>&1; } ||
	{ command -v rpm >/dev/null && rpm -qf "$1" >/dev/null 2>&1; }
}

# ks_tools <target>: run <target> in every tools/<name>/ that has it.
ks_tools() {
	local mk
	for mk in "$top"/tools/*/Makefile; do
		[ -f "$mk" ] || continue
		grep -q "^$1:" "$mk" || continue
		make -C "$(dirname "$mk")" "$1" DESTDIR="$DESTDIR" PREFIX="$PREFIX"
	done
}

ks_userspace() {
	local doc=$DESTDIR$PREFIX/share/doc/$name f

	ks_tools all
	ks_tools install
	install -D -m 0644 "$top/packaging/modprobe.d/$name.conf" \
		"$DESTDIR$PREFIX/lib/modprobe.d/$name.conf"
	install -D -m 0644 "$top/packaging/modules-load.d/$name.conf" \
		"$DESTDIR$PREFIX/lib/modules-load.d/$name.conf"
	install -d "$doc"
	for f in "$top"/README.md "$top"/docs/*.md; do
		[ ! -f "$f" ] || install -m 0644 "$f" "$doc/"
	done
}

# What "install" put in place, one absolute path (below DESTDIR) a line.
ks_manifest() { echo "$PREFIX/share/$name/installed-files"; }

# ks_userspace into a scratch root first, then each file to its place,
# listed in the manifest.
ks_userspace_recorded() {
	local f
	ks_stage=$(mktemp -d)
	trap 'rm -rf "$ks_stage"' EXIT
	DESTDIR=$ks_stage/root ks_userspace
	(cd "$ks_stage/root" && find . ! -type d -printf '/%P\n') | sort >"$ks_stage/list"
	if [ -z "$DESTDIR" ]; then
		while read -r f; do
			! ks_pkg_owned "$f" ||
				die "$f belongs to a package: remove it with the package manager, or install elsewhere (PREFIX=/usr/local)"
		done <"$ks_stage/list"
	fi
	while read -r f; do
		install -D -m "$(stat -c %a "$ks_stage/root$f")" \
			"$ks_stage/root$f" "$DESTDIR$f"
	done <"$ks_stage/list"
	ks_manifest >>"$ks_stage/list"
	install -D -m 0644 "$ks_stage/list" "$DESTDIR$(ks_manifest)"
}

# Removes what "install" recorded; never a file that a package owns.
ks_rm_unowned() {
	local f
	for f in "$@"; do
		[ -e "$DESTDIR$f" ] || continue
		if [ -z "$DESTDIR" ] && ks_pkg_owned "$f"; then
			echo "ks-install: keeping $f: it belongs to a package" >&2
			continue
		fi
		case "$f" in /?*) rm -rf -- "$DESTDIR$f" ;; esac
	done
}

ks_userspace_remove() {
	local list f
	list=$DESTDIR$(ks_manifest)
	if [ -f "$list" ]; then
		while read -r f; do
			case "$f" in /*) ks_rm_unowned "$f" ;; esac
		done <"$list"
		rm -f "$list"
		rmdir "$(dirname "$list")" 2>/dev/null || true
	fi
	ks_rm_unowned "$PREFIX/lib/modprobe.d/$name.conf" \
		"$PREFIX/lib/modules-load.d/$name.conf" "$PREFIX/share/doc/$name"
}

# Only sources: build outputs in module/ are left behind.
ks_dkms_sources() {
	local dst f
	dst=$DESTDIR/usr/src/$name-$(ks_version)

	(cd "$top" && find module -type f \( -name '*.[chS]' -o -name Kbuild -o -name '*.mk' \
		-o -name Makefile \) -print) | sort | while read -r f; do
		install -D -m 0644 "$top/$f" "$dst/$f"
	done
}

ks_dkms_tree() {
	local dst
	dst=$DESTDIR/usr/src/$name-$(ks_version)

	ks_dkms_sources
	sed "s/#MODULE_VERSION#/$(ks_version)/" "$top/dkms.conf" >"$dst/dkms.conf"
	chmod 0644 "$dst/dkms.conf"
}

# The kernel a built module is for: the first word of its vermagic
# (Debian's include/config/kernel.release holds the upstream version, not
# the release the kernel reports).
ks_kver() {
	modinfo -F vermagic "$1" | cut -d' ' -f1
}

ks_install() {
	local kver
	[ -d "$KDIR" ] || die "$KDIR: no kernel build dir (install the headers or set KDIR)"
	make -C "$top/module" KDIR="$KDIR"
	kver=$(ks_kver "$top/module/$name.ko")
	install -D -m 0644 "$top/module/$name.ko" \
		"$DESTDIR/lib/modules/$kver/extra/$name.ko"
	[ -n "$DESTDIR" ] || depmod -a "$kver"
	ks_userspace_recorded
}

# Unloading disengages every target (the same as removing the package).
ks_unload() {
	if [ -z "$DESTDIR" ] && [ -d /sys/module/$name ]; then
		rmmod "$name"
	fi
}

ks_dkms() {
	local ver
	ver=$(ks_version)
	if [ -z "$DESTDIR" ] && ks_pkg_owned "/usr/src/$name-$ver"; then
		die "/usr/src/$name-$ver belongs to a package (killswitch-dkms): DKMS already builds it"
	fi
	if [ -z "$DESTDIR" ] && dkms status -m "$name" -v "$ver" | grep -q .; then
		dkms remove -m "$name" -v "$ver" --all
	fi
	rm -rf "$DESTDIR/usr/src/$name-$ver"
	ks_dkms_tree
	[ -z "$DESTDIR" ] || return 0
	dkms add -m "$name" -v "$ver"
	dkms build -m "$name" -v "$ver"
	dkms install -m "$name" -v "$ver"
}

ks_uninstall() {
	local ver mod src
	ver=$(ks_version)
	src=/usr/src/$name-$ver
	if [ -z "$DESTDIR" ] && ks_pkg_owned "$src"; then
		die "$src belongs to a package: remove killswitch-dkms with the package manager"
	fi
	ks_unload
	for mod in "$DESTDIR"/lib/modules/*/extra/"$name".ko; do
		[ -f "$mod" ] || continue
		rm -f "$mod"
		[ -n "$DESTDIR" ] || depmod -a "$(basename "$(dirname "$(dirname "$mod")")")"
	done
	if [ -z "$DESTDIR" ] && command -v dkms >/dev/null &&
	   dkms status -m "$name" -v "$ver" | grep -q .; then
		dkms remove -m "$name" -v "$ver" --all
	fi
	rm -rf "${DESTDIR}$src"
	ks_userspace_remove
}

case "${1:-}" in
install)	ks_install ;;
uninstall)	ks_uninstall ;;
dkms)		ks_dkms ;;
version)	ks_version ;;
userspace)	ks_userspace ;;
tools)		ks_tools all ;;
clean-tools)	ks_tools clean ;;
dkms-sources)	ks_dkms_sources ;;
dkms-tree)	ks_dkms_tree ;;
*)		die "usage: $0 install|uninstall|dkms|version|userspace|tools|clean-tools|dkms-sources|dkms-tree" ;;
esac
