#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/ks-build.sh <deb12|deb13> <outdir>
#
# Builds module/ and every tests/modules/*/ against the flavor's kernel
# (W=1, in a private copy of the sources), copies the .ko files to
# <outdir>, and builds tests/progs/*.c statically into <outdir>/bin.
# Fails if a build fails or its output has a compiler or modpost "warning:" (any case); the other
# parts are still built. <outdir>/build-status has one "<part> ok|FAIL
# <reason>" line per part; build logs are <outdir>/build-<part>.log.
set -euo pipefail

KS_LOG_TAG=build
here=$(dirname "$0")
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=scripts/lib/chroot.sh
. "$here/lib/chroot.sh"

[ $# -eq 2 ] || ks_die "usage: $0 <deb12|deb13> <outdir>"
flavor=$1
mkdir -p "$2"
out=$(cd "$2" && pwd)
env_out=$("$here/ks-kernel.sh" "$flavor") || ks_die "ks-kernel.sh $flavor failed"
eval "$env_out"

if [ -n "$KS_CHROOT" ]; then
	mkdir -p "$KS_CHROOT/tmp"
	work=$(mktemp -d "$KS_CHROOT/tmp/ks-build.XXXXXX")
	inner=${work#"$KS_CHROOT"}
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/ks-build.XXXXXX")
	inner=$work
fi
trap 'rm -rf "$work"' EXIT

rm -f "$out"/*.ko "$out"/build-*.log "$out/build-status"
mkdir -p "$out/bin"
jobs=$(nproc)
failed=0

# kbuild DIR: runs kbuild for the external module in $work/DIR.
kbuild() {
	local args=(make -j"$jobs" -C "$KS_KDIR" M="$inner/$1" W=1 modules)
	if [ -n "$KS_CHROOT" ]; then
		ks_chroot_run "$KS_CHROOT" "${args[@]}"
	else
		"${args[@]}"
	fi
}

# build_part NAME SRCDIR
build_part() {
	local name=$1 src=$2 log="$out/build-$1.log" status="ok" ko
	mkdir -p "$work/$name"
	cp -a "$src/." "$work/$name/"
	# Leftovers of an in-tree build must not be reused.
	find "$work/$name" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name modules.order \
		-o -name Module.symvers \) -delete
	if ! kbuild "$name" >"$log" 2>&1; then
		status="FAIL build error"
	elif grep -qi 'warning:' "$log"; then
		status="FAIL compiler warnings"
	elif ! compgen -G "$work/$name/*.ko" >/dev/null; then
		status="FAIL no .ko produced"
	fi
	if [ "$status" = ok ]; then
		for ko in "$work/$name"/*.ko; do
			cp "$ko" "$out/"
		done
		ks_log "$flavor: $name ok ($(cd "$work/$name" && echo ./*.ko))"
	else
		failed=1
		ks_log "$flavor: $name $status (log: $log):"
		{
			grep -iE '(warning|error):' "$log" | head -n 20 || true
			tail -n 6 "$log"
		} | sed 's/^/    /' >&2 || true
	fi
	echo "$name $status" >>"$out/build-status"
}

build_part killswitch "$KS_ROOT/module"
for d in "$KS_ROOT"/tests/modules/*/; do
	[ -e "$d/Kbuild" ] || continue
	build_part "$(basename "$d")" "$d"
done

# Static test programs (host compiler; they run in any VM).
plog="$out/build-progs.log"
: >"$plog"
pstatus=ok
for c in "$KS_ROOT"/tests/progs/*.c; do
	[ -e "$c" ] || continue
	if ! gcc -static -O2 -Wall -Wextra -Werror -o "$out/bin/$(basename "$c" .c)" \
		"$c" >>"$plog" 2>&1; then
		pstatus="FAIL $(basename "$c")"
		failed=1
	fi
done
[ "$pstatus" = ok ] || { ks_log "$flavor: progs $pstatus:"; cat "$plog" >&2; }
echo "progs $pstatus" >>"$out/build-status"
printf '%s\n' "$env_out" >"$out/kernel.env"
exit "$failed"
