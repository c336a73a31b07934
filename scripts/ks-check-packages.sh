#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# killswitch package test (make check-packages): builds the Debian source
# and binary packages and the rpms from a clean copy of the tree, checks
# them (lintian, file lists, scriptlets, the .src.rpm rebuilding on its
# own), tries make install/uninstall
# into a DESTDIR, then installs the .debs in a
# Debian 12 VM under QEMU (TCG): DKMS build, modprobe with targets=,
# engaging again after a reboot from /etc configs, module signature,
# removal. TAP on stdout, ending with "N passed, N failed".
#
# Environment: KS_CACHE (default /var/cache/killswitch-test) holds the VM
# image; KS_PKG_OUT (default build/packages) receives the packages and
# logs; KS_PKG_SKIP_VM=1 stops after the host-side checks;
# KS_PKG_VM_TIMEOUT (seconds per boot, default 1200).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
lib=$top/scripts/lib
cache=${KS_CACHE:-/var/cache/killswitch-test}
out=${KS_PKG_OUT:-$top/build/packages}

# shellcheck source=scripts/lib/pkg-build.sh
. "$lib/pkg-build.sh"
# shellcheck source=scripts/lib/pkg-rootfs.sh
. "$lib/pkg-rootfs.sh"
# shellcheck source=scripts/lib/pkg-vm.sh
. "$lib/pkg-vm.sh"

ks_tests=0
ks_passed=0
ks_failed=0
ks_ok() { ks_tests=$((ks_tests + 1)); ks_passed=$((ks_passed + 1)); echo "ok $ks_tests - $*"; }
ks_fail() { ks_tests=$((ks_tests + 1)); ks_failed=$((ks_failed + 1)); echo "not ok $ks_tests - $*"; }

finish() {
	echo "1..$ks_tests"
	echo "$ks_passed passed, $ks_failed failed"
	[ "$ks_failed" -eq 0 ] && [ "$ks_tests" -gt 0 ]
}

# The tools this script uses; the packages' own build dependencies come
# from debian/control (apt-get build-dep on the staged tree).
ks_pkg_deps() {
	local stage=$1
	local pkgs=(dpkg-dev fakeroot lintian rpm rpm2cpio cpio git debootstrap
		qemu-system-x86 qemu-utils e2fsprogs)
	local missing
	missing=$(dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' "${pkgs[@]}" 2>/dev/null |
		awk '$1 != "ii" { print $2 }')
	# dpkg-query omits packages it has never heard of.
	[ "$(dpkg-query -W "${pkgs[@]}" 2>/dev/null | wc -l)" -eq "${#pkgs[@]}" ] ||
		missing="${pkgs[*]}"
	if [ -n "$missing" ]; then
		echo "# apt-get install $missing"
		# shellcheck disable=SC2086 # a list of package names
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $missing >>"$out/apt-get.log" 2>&1 || return 1
	fi
	(cd "$stage" && dpkg-checkbuilddeps) >/dev/null 2>&1 && return 0
	echo "# apt-get build-dep $stage"
	DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -q "$stage" \
		>>"$out/apt-get.log" 2>&1
}

main() {
	local ver stage srctar img start=$SECONDS t

	rm -rf "$out"
	mkdir -p "$out"
	ver=$("$top/scripts/ks-install.sh" version)
	echo "# killswitch $ver; packages and logs in $out"
	stage=$out/src/killswitch-$ver
	ks_pkg_stage "$top" "$stage"
	ks_pkg_spec_version "$stage/rpm/killswitch.spec" "$ver" || true
	if ks_pkg_deps "$stage"; then
		ks_ok "host tools and build dependencies installed (apt-get)"
	else
		tail -n 20 "$out/apt-get.log" | sed 's/^/# /'
		ks_fail "host tools and build dependencies installed (apt-get)"
		return 0
	fi
	srctar=$out/killswitch-$ver.tar.gz
	tar -C "$out/src" -czf "$srctar" "killswitch-$ver"
	ks_pkg_build_rpm "$srctar" "$stage/rpm/killswitch.spec" "$out" "$ver" || true
	if ks_pkg_build_deb "$stage"; then
		ks_pkg_check_debs "$out/src" "$ver"
		cp "$out"/src/*.deb "$out"/src/*.dsc "$out"/src/*.tar.* "$out/"
	fi
	ks_pkg_check_source_install "$top" "$out/source-install" || true
	echo "# host-side package checks: $((SECONDS - start)) s"
	[ "${KS_PKG_SKIP_VM:-0}" = 1 ] && return 0
	if ! ls "$out"/killswitch-dkms_*.deb "$out"/killswitch_*.deb >/dev/null 2>&1; then
		ks_fail "VM install test (no .debs were built)"
		return 0
	fi

	t=$SECONDS
	if img=$(ks_pkg_rootfs "$cache"); then
		ks_ok "Debian 12 VM image ready ($((SECONDS - t)) s)"
	else
		ks_fail "Debian 12 VM image ready ($((SECONDS - t)) s)"
		return 0
	fi
	t=$SECONDS
	ks_pkg_vm_test "$img" "$out/vm" "$out" "$lib/pkg-vmtest.sh" \
		"$srctar"
	echo "# VM install test: $((SECONDS - t)) s; total $((SECONDS - start)) s"
}

# A command that fails outside a check (set -e) still ends in a summary.
finished=""
on_exit() {
	local rc=$?
	[ -n "$finished" ] && return
	ks_fail "ks-check-packages.sh stopped early (exit $rc)"
	finish
}
trap on_exit EXIT
main
finished=1
finish
