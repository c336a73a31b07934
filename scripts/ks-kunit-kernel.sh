#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds (once) the KUnit kernel from Debian's linux-source-6.1 package and
# prints the cached build directory on stdout. The directory holds a
# kernel tree that external modules build against (make -C <dir> M=...)
# and <dir>/bzImage.
#
# Config: allnoconfig + tests/kunit/base.config + tests/kunit/killswitch.config,
# then olddefconfig; every line of killswitch.config must survive.
# Cache: ${KS_CACHE:-/var/cache/killswitch-test}/kunit-kernel/<key>/, key =
# sha256 of both fragments, the base choice, the source package version,
# the compiler version and this script's recipe version.
#
# Environment: KS_CACHE, KS_KUNIT_SRC (source tarball), KS_JOBS.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(dirname "$here")
# shellcheck source=scripts/lib/kunit-common.sh
. "$here/lib/kunit-common.sh"

recipe=1		# bump when the build steps below change
base=allnoconfig
frag_base=$top/tests/kunit/base.config
frag_ks=$top/tests/kunit/killswitch.config
src_tar=${KS_KUNIT_SRC:-/usr/src/linux-source-6.1.tar.xz}
cache=${KS_CACHE:-/var/cache/killswitch-test}/kunit-kernel
jobs=${KS_JOBS:-$(nproc)}

ks_kunit_need_pkgs "${KS_KUNIT_BUILD_PKGS[@]}"
[ -r "$src_tar" ] || ks_kunit_die "kernel source $src_tar not found"

src_ver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)
[ -n "$src_ver" ] || src_ver=$(stat -c '%s-%Y' "$src_tar")
cc_ver=$(gcc --version | head -n1)
key=$( { printf 'recipe=%s\nbase=%s\nsrc=%s\ncc=%s\n' "$recipe" "$base" \
		"$src_ver" "$cc_ver"; cat "$frag_base" "$frag_ks"; } |
	sha256sum | cut -c1-16)
dir=$cache/$key

if [ -f "$dir/.complete" ]; then
	printf '%s\n' "$dir"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ -f "$dir/.complete" ]; then	# built by someone else meanwhile
	printf '%s\n' "$dir"
	exit 0
fi

# Lines of killswitch.config missing from a .config, one per line.
ks_missing_options() {
	local cfg=$1 line sym

	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			grep -qxF -- "$line" "$cfg" || printf '%s\n' "$line"
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			! grep -q "^$sym=" "$cfg" || printf '%s\n' "$line"
			;;
		esac
	done <"$frag_ks"
}

tmp=$dir.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT	# a failed build leaves only its log
log=$cache/$key.build.log
start=$(date +%s)
ks_kunit_log "building KUnit kernel $key (cold, -j$jobs; log: $log)"
tar -xf "$src_tar" -C "$tmp" --strip-components=1
cat "$frag_base" "$frag_ks" >"$tmp/ks-allconfig"
if ! {
	make -C "$tmp" KCONFIG_ALLCONFIG=ks-allconfig allnoconfig &&
	make -C "$tmp" olddefconfig
} >"$log" 2>&1; then
	tail -n 30 "$log" >&2
	ks_kunit_die "kernel configuration failed"
fi
bad=$(ks_missing_options "$tmp/.config")
if [ -n "$bad" ]; then
	ks_kunit_log "options of $frag_ks not in the final .config:"
	printf '  %s\n' "${bad//$'\n'/$'\n'  }" >&2
	ks_kunit_die "kernel config incomplete (unmet dependencies?)"
fi
if ! make -C "$tmp" -j"$jobs" bzImage modules >>"$log" 2>&1; then
	tail -n 40 "$log" >&2
	ks_kunit_die "kernel build failed (see $log)"
fi
# Keep what external module builds need (headers, generated files, host
# tools, objtool, Module.symvers, .config); drop the kernel's objects.
cp "$tmp/arch/x86/boot/bzImage" "$tmp/bzImage"
find "$tmp" -name '*.o' ! -path "$tmp/scripts/*" ! -path "$tmp/tools/*" \
	-delete
rm -f "$tmp"/.tmp_vmlinux* "$tmp/ks-allconfig"
end=$(date +%s)
printf '%s\n' "$((end - start))" >"$tmp/.build-seconds"
touch "$tmp/.complete"
rm -rf "$dir"
mv "$tmp" "$dir"
trap - EXIT
ks_kunit_log "KUnit kernel built in $((end - start)) s: $dir"
printf '%s\n' "$dir"
