#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# killswitch package test: build the Debian (binary + source) and rpm
# packages from a clean copy of the tree, and check them on the host.
# Sourced by scripts/ks-check-packages.sh, which provides ks_ok/ks_fail.

# A copy of the working tree as a release would ship it: the files git
# tracks and the new ones it does not ignore (their working-tree
# contents), no build outputs.
ks_pkg_stage() {
	local top=$1 dst=$2
	mkdir -p "$dst"
	(cd "$top" &&
		{ git ls-files --cached --others --exclude-standard 2>/dev/null ||
		  find . -path ./.git -prune -o -type f -printf '%P\n'; } |
		grep -Ev '^(build|\.git)/|\.(o|ko|mod|mod\.c|cmd|a)$|(^|/)(Module\.symvers|modules\.order)$' |
		while read -r f; do [ ! -f "$f" ] || echo "$f"; done |
		tar -cf - --verbatim-files-from -T -) | tar -C "$dst" -xf -
}

# <spec> <ver>: write the version into a staged copy of the rpm spec
# (never the one in git), so that the tarball and the .src.rpm built from
# it carry it: the %{!?ks_version:...} guard goes, Version: gets <ver>.
ks_pkg_spec_version() {
	local spec=$1 ver=$2 got
	sed -i -e 's/^%{!?ks_version:.*$/# Version: written from debian\/changelog when this copy was staged./' \
		-e "s/^Version:\([[:space:]]*\)%{ks_version}\$/Version:\1$ver/" "$spec"
	got=$(awk '$1 == "Version:" { print $2 }' "$spec")
	if [ "$got" = "$ver" ] && ! grep -q '^[^#]*ks_version' "$spec"; then
		ks_ok "staged rpm spec says Version: $ver (no ks_version needed)"
	else
		grep -n 'ks_version\|^Version:' "$spec" | sed 's/^/# /'
		ks_fail "staged rpm spec says Version: $ver (no ks_version needed)"
		return 1
	fi
}

# Debian: dpkg-buildpackage (source and binaries), then lintian.
ks_pkg_build_deb() {
	local src=$1 out
	out=$(dirname "$src")
	if (cd "$src" && dpkg-buildpackage -us -uc) >"$out/dpkg-buildpackage.log" 2>&1; then
		ks_ok "dpkg-buildpackage -us -uc builds source and binary packages"
	else
		tail -n 30 "$out/dpkg-buildpackage.log" | sed 's/^/# /'
		ks_fail "dpkg-buildpackage -us -uc builds source and binary packages"
		return 1
	fi
	if lintian --fail-on error,warning "$out"/*.dsc "$out"/*.deb >"$out/lintian.log" 2>&1; then
		ks_ok "lintian: no errors or warnings on the .debs and the .dsc"
	else
		sed 's/^/# /' "$out/lintian.log"
		ks_fail "lintian: no errors or warnings on the .debs and the .dsc"
	fi
}

# <label> <listing> <regex>...: every regex matches a line of the listing.
ks_pkg_expect_lines() {
	local label=$1 list=$2 re missing=""
	shift 2
	for re in "$@"; do
		grep -Eq -- "$re" <<<"$list" || missing="$missing $re"
	done
	if [ -z "$missing" ]; then
		ks_ok "$label"
	else
		echo "# missing:$missing"
		ks_fail "$label"
	fi
}

ks_pkg_check_debs() {
	local out=$1 ver=$2 dkms tmp
	dkms="$out/killswitch-dkms_${ver}_all.deb"
	ks_pkg_expect_lines "killswitch-dkms .deb holds the module sources and dkms.conf" \
		"$(dpkg-deb -c "$dkms")" \
		"\./usr/src/killswitch-$ver/dkms\.conf\$" \
		"\./usr/src/killswitch-$ver/module/Kbuild\$" \
		"\./usr/src/killswitch-$ver/module/Makefile\$"
	tmp=$(mktemp -d)
	dpkg-deb -x "$dkms" "$tmp"
	dpkg-deb -e "$dkms" "$tmp/DEBIAN"
	ks_pkg_expect_lines "packaged dkms.conf carries the changelog version" \
		"$(cat "$tmp/usr/src/killswitch-$ver/dkms.conf")" \
		"^PACKAGE_VERSION=\"$ver\"\$" '^AUTOINSTALL="yes"$' \
		'^BUILD_EXCLUSIVE_CONFIG=".*CONFIG_KPROBES.*"$'
	ks_pkg_expect_lines "killswitch-dkms maintainer scripts: dkms add, dkms remove, rmmod" \
		"$(cat "$tmp/DEBIAN/postinst" "$tmp/DEBIAN/prerm")" \
		'dkms/common\.postinst' 'dkms remove' 'rmmod killswitch'
	rm -rf "$tmp"
	ks_pkg_expect_lines "killswitch .deb holds killswitchctl and the example configs" \
		"$(dpkg-deb -c "$out/killswitch_${ver}_$(dpkg --print-architecture).deb")" \
		'\./usr/sbin/killswitchctl$' \
		'\./usr/share/man/man8/killswitchctl\.8\.gz$' \
		'\./usr/lib/modprobe\.d/killswitch\.conf$' \
		'\./usr/lib/modules-load\.d/killswitch\.conf$' \
		'\./usr/share/doc/killswitch/copyright$' \
		'\./usr/share/doc/killswitch/installing\.md(\.gz)?$'
}

# rpm: <source tarball killswitch-<ver>.tar.gz> <spec> <out> <ver>; the
# spec is the staged copy, with the version written in
# (ks_pkg_spec_version): no --define. The .src.rpm must rebuild on its
# own, as mock and copr do it.
ks_pkg_build_rpm() {
	local srctar=$1 spec=$2 out=$3 ver=$4 top
	top=$out/rpmbuild
	mkdir -p "$top/SOURCES"
	cp "$srctar" "$top/SOURCES/"
	if rpmbuild -ba --nodeps --define "_topdir $top" \
		"$spec" \
		>"$out/rpmbuild.log" 2>&1; then
		ks_ok "rpmbuild -ba rpm/killswitch.spec"
	else
		tail -n 30 "$out/rpmbuild.log" | sed 's/^/# /'
		ks_fail "rpmbuild -ba rpm/killswitch.spec"
		return 1
	fi
	ks_pkg_check_srpm "$top" "$out" "$ver" || true
	local dkms main
	dkms=$top/RPMS/noarch/killswitch-dkms-$ver-1.noarch.rpm
	main=$(echo "$top"/RPMS/*/"killswitch-$ver-1".*.rpm)
	ks_pkg_expect_lines "killswitch-dkms .rpm holds the module sources and dkms.conf" \
		"$(rpm -qlp "$dkms")" \
		"^/usr/src/killswitch-$ver/dkms\.conf\$" \
		"^/usr/src/killswitch-$ver/module/Kbuild\$"
	ks_pkg_expect_lines "killswitch-dkms .rpm scriptlets: dkms add/build/install, rmmod, dkms remove" \
		"$(rpm -qp --scripts "$dkms")" \
		"dkms add -m killswitch -v $ver" "dkms install -m killswitch -v $ver" \
		'rmmod killswitch' "dkms remove -m killswitch -v $ver"
	ks_pkg_expect_lines "killswitch-dkms .rpm requires dkms" \
		"$(rpm -qp --requires "$dkms")" '^dkms'
	ks_pkg_expect_lines "killswitch .rpm holds killswitchctl and the example configs" \
		"$(rpm -qlp "$main")" \
		'^/usr/sbin/killswitchctl$' \
		'^/usr/lib/modprobe\.d/killswitch\.conf$' \
		'^/usr/lib/modules-load\.d/killswitch\.conf$' \
		'^/usr/share/doc/killswitch/installing\.md$'
	cp "$dkms" "$main" "$top"/SRPMS/killswitch-"$ver"-1*.src.rpm "$out/"
}

# <rpmbuild topdir> <out> <ver>: the .src.rpm carries the version (its
# header and its spec, which rpmspec parses without any --define) and
# rebuilds with rpmbuild --rebuild into a topdir of its own.
ks_pkg_check_srpm() {
	local top=$1 out=$2 ver=$3 srpm got spec re
	srpm=$(echo "$top/SRPMS/killswitch-$ver-1"*.src.rpm)
	if [ ! -f "$srpm" ]; then
		ks_fail "rpmbuild -ba made killswitch-$ver-1.src.rpm"
		return 1
	fi
	got=$(rpm -qp --qf '%{VERSION}' "$srpm" 2>&1)
	if [ "$got" = "$ver" ]; then
		ks_ok "the .src.rpm is version $ver"
	else
		echo "# rpm -qp --qf %{VERSION}: $got"
		ks_fail "the .src.rpm is version $ver"
	fi
	spec=$out/srpm-spec/killswitch.spec
	mkdir -p "$(dirname "$spec")"
	if rpm2cpio "$srpm" | cpio -i --quiet --to-stdout killswitch.spec \
		>"$spec" 2>"$out/srpm-spec.log" &&
		got=$(rpmspec -q --srpm --qf '%{VERSION}' "$spec" 2>>"$out/srpm-spec.log") &&
		[ "$got" = "$ver" ]; then
		ks_ok "rpmspec -q on the .src.rpm's spec, without --define: $ver"
	else
		sed 's/^/# /' "$out/srpm-spec.log"
		ks_fail "rpmspec -q on the .src.rpm's spec, without --define: $ver"
	fi
	re=$out/rpmrebuild
	rm -rf "$re"
	if rpmbuild --rebuild --nodeps --define "_topdir $re" "$srpm" \
		>"$out/rpmrebuild.log" 2>&1 &&
		[ -f "$re/RPMS/noarch/killswitch-dkms-$ver-1.noarch.rpm" ] &&
		ls "$re"/RPMS/*/"killswitch-$ver-1".*.rpm >/dev/null 2>&1; then
		ks_ok "rpmbuild --rebuild of the .src.rpm (no --define) makes both rpms, version $ver"
	else
		tail -n 30 "$out/rpmrebuild.log" | sed 's/^/# /'
		ks_fail "rpmbuild --rebuild of the .src.rpm (no --define) makes both rpms, version $ver"
		return 1
	fi
}

# make install / make uninstall from source into a DESTDIR, on a copy of
# the tree, with the headers of Debian 12's kernel (scripts/ks-kernel.sh,
# shared cache): everything install puts in place, uninstall removes.
# <top> <work dir>
ks_pkg_check_source_install() {
	local top=$1 work=$2 src root kenv left
	src=$work/src
	root=$work/root
	rm -rf "$work"
	mkdir -p "$work"
	if ! kenv=$("$top/scripts/ks-kernel.sh" deb12 2>"$work/kernel.log") ||
	   ! eval "$kenv" || [ -n "$KS_CHROOT" ] || [ ! -d "$KS_KDIR" ]; then
		tail -n 20 "$work/kernel.log" | sed 's/^/# /'
		ks_fail "make install: Debian 12 kernel headers from the cache"
		return 1
	fi
	ks_pkg_stage "$top" "$src"
	if make -C "$src" install DESTDIR="$root" KDIR="$KS_KDIR" \
		>"$work/install.log" 2>&1; then
		ks_ok "make install DESTDIR=... builds and installs module and tools"
	else
		tail -n 30 "$work/install.log" | sed 's/^/# /'
		ks_fail "make install DESTDIR=... builds and installs module and tools"
		return 1
	fi
	ks_pkg_expect_lines "make install: module, killswitchctl, configs, docs, file list" \
		"$(cd "$root" && find . ! -type d)" \
		"^\./lib/modules/$KS_KVER/extra/killswitch\.ko\$" \
		'^\./usr/sbin/killswitchctl$' \
		'^\./usr/share/man/man8/killswitchctl\.8$' \
		'^\./usr/share/bash-completion/completions/killswitchctl$' \
		'^\./usr/lib/modprobe\.d/killswitch\.conf$' \
		'^\./usr/lib/modules-load\.d/killswitch\.conf$' \
		'^\./usr/share/doc/killswitch/installing\.md$' \
		'^\./usr/share/killswitch/installed-files$'
	if make -C "$src" uninstall DESTDIR="$root" >"$work/uninstall.log" 2>&1 &&
	   left=$(cd "$root" && find . ! -type d) && [ -z "$left" ]; then
		ks_ok "make uninstall DESTDIR=... removes every file install put there"
	else
		tail -n 10 "$work/uninstall.log" | sed 's/^/# /'
		printf '%s\n' "${left:-}" | sed 's/^/# left: /'
		ks_fail "make uninstall DESTDIR=... removes every file install put there"
	fi
}
