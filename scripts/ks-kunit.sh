#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The KUnit part of the test suite (`make kunit`): builds (or reuses) the
# KUnit kernel, builds killswitch_kunit.ko against it, boots it in QEMU,
# loads the module (KUnit runs the suites), and turns the console log into
# TAP ending in "N passed, N failed". Exits non-zero on any failed or
# missing case, a missing suite, too few cases, or any KASAN, kmemleak,
# lockdep, BUG, WARNING or Oops report.
#
# Environment:
#   KS_CACHE            cache root (default /var/cache/killswitch-test)
#   KS_KUNIT_MIN_CASES  least number of executed cases, every suite and
#                       parameter counted (default 210; the suites hold 218)
#   KS_KUNIT_TIMEOUT    seconds for the VM run (default 900)
#   KS_KUNIT_MEM, KS_KUNIT_SMP   guest memory (1G) and CPUs (2)
#   KS_KUNIT_KEEP=1     keep the work directory (always kept on failure)
#   KS_KUNIT_KDIR       use this built kernel tree instead of the cached one
#   KS_KUNIT_APPEND     extra kernel command line arguments
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(dirname "$here")
kunit=$top/tests/kunit
# shellcheck source=scripts/lib/kunit-common.sh
. "$here/lib/kunit-common.sh"
# shellcheck source=scripts/lib/kunit-vm.sh
. "$here/lib/kunit-vm.sh"
# shellcheck source=scripts/lib/kunit-report.sh
. "$here/lib/kunit-report.sh"

min_cases=${KS_KUNIT_MIN_CASES:-210}
limit=${KS_KUNIT_TIMEOUT:-900}

ks_kunit_need_pkgs "${KS_KUNIT_BUILD_PKGS[@]}" "${KS_KUNIT_RUN_PKGS[@]}"

kdir=${KS_KUNIT_KDIR:-}
[ -n "$kdir" ] || kdir=$("$here/ks-kunit-kernel.sh")
[ -f "$kdir/bzImage" ] || ks_kunit_die "no bzImage in $kdir"

work=$(mktemp -d "${TMPDIR:-/tmp}/ks-kunit.XXXXXX")
keep=${KS_KUNIT_KEEP:-0}
cleanup() {
	if [ "$keep" = 1 ]; then
		ks_kunit_log "work directory kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

# Private build directory: module/ (engine under test) + tests/kunit/.
src=$work/src
mkdir -p "$src"
cp -r "$top/module/." "$src/"
rm -f "$src/Kbuild" "$src/Makefile"
cp "$kunit/Kbuild" "$kunit/sources.list" "$kunit"/*.c "$src/"
cp "$kunit"/*.h "$src/" 2>/dev/null || true
[ -f "$src/ks_compat.h" ] || : >"$src/ks_compat.h"
while IFS= read -r f; do
	[ -f "$src/$f" ] || ks_kunit_die "tests/kunit/sources.list: module/$f not found"
done < <(sed -n '/^[a-z]/p' "$kunit/sources.list")
# sources.list must name exactly module/Kbuild's objects, less ks_main.o
# (make itself expands killswitch-y, as Kbuild would on x86_64).
# shellcheck disable=SC2016 # a make variable, not a shell one
kbuild_srcs=$(printf 'ks-print-objs:\n\t@echo $(killswitch-y)\n' |
	make -s --no-print-directory -f "$top/module/Kbuild" -f - \
		ks-print-objs src="$top/module" KBUILD_EXTMOD=1 CONFIG_X86_64=y |
	tr ' ' '\n' | sed -n '/^ks_main\.o$/d; s/\.o$//p' |
	while IFS= read -r o; do
		if [ -f "$top/module/$o.c" ]; then echo "$o.c"; else echo "$o.S"; fi
	done | sort)
list_srcs=$(sed -n '/^[a-z]/p' "$kunit/sources.list" | sort)
if [ -z "$kbuild_srcs" ] || [ "$kbuild_srcs" != "$list_srcs" ]; then
	diff <(echo "$kbuild_srcs") <(echo "$list_srcs") >&2 || true
	ks_kunit_die "tests/kunit/sources.list differs from module/Kbuild's objects (< Kbuild, > list)"
fi

ks_kunit_log "building killswitch_kunit.ko"
if ! make -C "$kdir" M="$src" W=1 modules >"$work/build.log" 2>&1; then
	keep=1
	cat "$work/build.log" >&2
	ks_kunit_die "test module build failed"
fi
if grep -qi 'warning' "$work/build.log"; then
	keep=1
	grep -i -A3 'warning' "$work/build.log" >&2
	ks_kunit_die "test module build has warnings"
fi

# Suites that must appear: every kunit_suite named "killswitch_*".
mapfile -t suites < <(sed -n 's/^[[:space:]]*\.name = "\(killswitch_[A-Za-z0-9_]*\)".*/\1/p' \
	"$kunit"/*_kunit.c | sort -u)
[ "${#suites[@]}" -gt 0 ] || ks_kunit_die "no killswitch_* suite in tests/kunit"
# Every case of every suite's case array must report (one suite a file).
KS_KUNIT_CASES=$(for f in "$kunit"/*_kunit.c; do
	s=$(sed -n 's/^[[:space:]]*\.name = "\(killswitch_[A-Za-z0-9_]*\)".*/\1/p' "$f" | head -n 1)
	sed -n 's/^[[:space:]]*KUNIT_CASE\(_PARAM\)\{0,1\}(\([A-Za-z0-9_]*\).*/\2/p' "$f" |
		sed "s/^/$s./"
done | tr '\n' ' ')
export KS_KUNIT_CASES

ks_kunit_initramfs "$kdir" "$kunit/init.sh" "$work/initrd.gz" "$src"/*.ko

log=$work/console.log
ks_kunit_log "booting the KUnit kernel (TCG; suites: ${suites[*]})"
start=$(date +%s)
rc=0
ks_kunit_boot "$kdir/bzImage" "$work/initrd.gz" "$log" "$limit" || rc=$?
ks_kunit_log "VM finished in $(( $(date +%s) - start )) s (qemu status $rc)"

echo "TAP version 13"
if ! ks_kunit_report "$log" "$min_cases" "$rc" "${suites[@]}"; then
	keep=1
	ks_kunit_log "console log: $log"
	exit 1
fi
