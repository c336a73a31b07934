#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/ks-initramfs.sh <builddir> [<output.cpio.gz>]
#
# Builds the test initramfs for the kernel a ks-build.sh output directory
# was built for (<builddir>/kernel.env): static busybox, the real kmod
# tools, the kernel's crypto modules (plus their dependencies) for AF_ALG
# autoloading, our .ko files in /lib/modules/$KVER/extra, the static test
# programs in /usr/bin, killswitchctl (tools/killswitchctl, built for the
# host's userland) in /usr/sbin, the suites under /tests and tests/vm/init
# as /init. Default output: <builddir>/initramfs.cpio.gz.
# KS_INITRAMFS_MODDIRS: kernel module subtrees to include (space separated).
set -euo pipefail

KS_LOG_TAG=initramfs
here=$(dirname "$0")
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	ks_die "usage: $0 <builddir> [<output.cpio.gz>]"
fi
bdir=$(cd "$1" && pwd)
output=${2:-$bdir/initramfs.cpio.gz}
[ -e "$bdir/kernel.env" ] || ks_die "no $bdir/kernel.env (run ks-build.sh first)"
# shellcheck disable=SC1091
. "$bdir/kernel.env"
moddirs=${KS_INITRAMFS_MODDIRS:-kernel/crypto kernel/arch/x86/crypto kernel/lib/crypto}
src="$KS_MODROOT/lib/modules/$KS_KVER"
[ -d "$src/kernel" ] || ks_die "no modules in $src"

# Full-tree modules.dep of the extracted kernel (once per version), to
# find the dependencies of the subtrees we take.
(
	ks_lock "depmod-$KS_KVER"
	if [ ! -e "$src/.ks-depmod" ]; then
		depmod -b "$KS_MODROOT" "$KS_KVER"
		touch "$src/.ks-depmod"
	fi
)

stage=$(mktemp -d "${TMPDIR:-/tmp}/ks-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,dev,proc,sys,tmp,run,etc,root,tests/suites}
mknod -m 600 "$stage/dev/console" c 5 1
mknod -m 666 "$stage/dev/null" c 1 3

# busybox with its applets (kmod's tools replace its module applets).
cp /bin/busybox "$stage/bin/busybox"
kmod_tools="modprobe insmod rmmod lsmod depmod modinfo"
while read -r applet; do
	case " $kmod_tools " in *" $(basename "$applet") "*) continue ;; esac
	[ "$applet" = bin/busybox ] && continue
	[ -e "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
done < <(/bin/busybox --list-full)

# killswitchctl, built in a private copy of its sources (a build in the
# source tree could race with other users of the tree). The VMs run the
# host's userland, so the host's libraries go with it. Without it only the
# ctl suite fails; /etc/ks-ctl-missing tells it why.
ctl_build() {
	local w=$bdir/killswitchctl-build
	"$KS_ROOT/tools/killswitchctl/deps.sh" &&
		rm -rf "$w" &&
		mkdir -p "$w/tools" "$w/module" "$w/debian" &&
		cp -a "$KS_ROOT/tools/killswitchctl" "$w/tools/" &&
		cp "$KS_ROOT"/module/ks_parse.[ch] "$w/module/" &&
		cp "$KS_ROOT/debian/changelog" "$w/debian/" &&
		make -C "$w/tools/killswitchctl" clean &&
		make -C "$w/tools/killswitchctl" killswitchctl
}
bins=(/bin/kmod /bin/bash)
ctl_missing=""
if ctl_build >"$bdir/killswitchctl-build.log" 2>&1; then
	bins+=("$bdir/killswitchctl-build/tools/killswitchctl/killswitchctl")
else
	ctl_missing="killswitchctl did not build (log: $bdir/killswitchctl-build.log)"
	ks_log "$ctl_missing:"
	tail -n 20 "$bdir/killswitchctl-build.log" | sed 's/^/    /' >&2
fi

# kmod, bash (for suites that want it) and killswitchctl with their shared
# libraries.
for b in "${bins[@]}"; do
	case "$b" in
	*/killswitchctl) t=/usr/sbin/killswitchctl ;;
	*) t=$b ;;
	esac
	rm -f "$stage$t"
	cp "$b" "$stage$t"
	ldd "$b" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'
done | sort -u | while read -r lib; do
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
done
for t in $kmod_tools; do
	ln -s /bin/kmod "$stage/sbin/$t"
done

# Kernel modules: the chosen subtrees plus everything they depend on.
dst="$stage/lib/modules/$KS_KVER"
mkdir -p "$dst"
cp "$src"/modules.order "$src"/modules.builtin "$src"/modules.builtin.modinfo "$dst/"
(
	cd "$src"
	for d in $moddirs; do
		if [ -d "$d" ]; then
			find "$d" -name '*.ko*'
		else
			echo "no module directory $d" >&2
		fi
	done | sort -u >"$stage/.mods"
	# modules.dep lines: "path: dep dep ..."
	awk -F': *' 'NR==FNR { want[$1] = 1; next }
		($1 in want) { print $1; n = split($2, d, " ");
			for (i = 1; i <= n; i++) print d[i] }' \
		"$stage/.mods" modules.dep | sort -u >"$stage/.mods.all"
	# one more round catches dependencies of dependencies
	awk -F': *' 'NR==FNR { want[$1] = 1; next }
		($1 in want) { print $1; n = split($2, d, " ");
			for (i = 1; i <= n; i++) print d[i] }' \
		"$stage/.mods.all" modules.dep | sort -u >"$stage/.mods"
	while read -r m; do
		mkdir -p "$dst/$(dirname "$m")"
		cp "$m" "$dst/$m"
	done <"$stage/.mods"
)
rm -f "$stage/.mods" "$stage/.mods.all"
mkdir -p "$dst/extra"
for ko in "$bdir"/*.ko; do
	[ -e "$ko" ] && cp "$ko" "$dst/extra/"
done
depmod -b "$stage" "$KS_KVER"

# Test programs, suites, init.
for p in "$bdir"/bin/*; do
	[ -e "$p" ] && cp "$p" "$stage/usr/bin/"
done
cp "$KS_ROOT/tests/vm/lib.sh" "$stage/tests/lib.sh"
cp "$KS_ROOT/tests/vm/demo.sh" "$stage/tests/demo.sh"
for s in "$KS_ROOT"/tests/vm/suites/*.sh; do
	[ -e "$s" ] && cp "$s" "$stage/tests/suites/"
done
cp "$KS_ROOT/tests/vm/init" "$stage/init"
chmod 755 "$stage/init" "$stage"/tests/*.sh
echo "root:x:0:0:root:/root:/bin/sh" >"$stage/etc/passwd"
echo "root:x:0:" >"$stage/etc/group"
printf 'KS_FLAVOR=%s\nKS_KVER=%s\n' "$KS_FLAVOR" "$KS_KVER" >"$stage/etc/ks-kernel"
[ -z "$ctl_missing" ] || echo "$ctl_missing" >"$stage/etc/ks-ctl-missing"

(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) |
	gzip -1 >"$output.tmp"
mv "$output.tmp" "$output"
ks_log "$output: $(du -h "$output" | cut -f1), $(wc -l <"$dst/modules.dep") modules"
