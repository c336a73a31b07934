#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/ks-lint.sh: static checks of the kernel-side C code (`make lint`,
# also a part of `make check`).
#
#   - checkpatch.pl --no-tree --file, from Debian's linux-source-6.1 (the
#     script and its data files are extracted once into
#     $KS_CACHE/checkpatch/<source version>/), on every C/header/asm file of
#     module/, tests/kunit/, tests/modules/ and tests/bench/ks_bench/: one
#     test per file, failing on any ERROR or WARNING;
#   - sparse (`C=2`) over the module built against Debian 12's headers:
#     failing on any sparse report in killswitch's own files.
#
# Prints TAP, "1..N" and "N passed, N failed"; exits non-zero on failure.
set -uo pipefail

KS_LOG_TAG=lint
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=scripts/lib/tap.sh
. "$here/lib/tap.sh"

"$here/ks-deps.sh" linux-source-6.1 sparse >&2 ||
	ks_die "installing linux-source-6.1 and sparse failed"

logs="$KS_ROOT/build/logs/lint"
mkdir -p "$logs"

# --- checkpatch ------------------------------------------------------------
src_tar=/usr/src/linux-source-6.1.tar.xz
src_ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
cpdir="$KS_CACHE/checkpatch/$src_ver"
if [ ! -x "$cpdir/scripts/checkpatch.pl" ]; then
	(
		ks_lock checkpatch
		if [ ! -x "$cpdir/scripts/checkpatch.pl" ]; then
			tmp=$(mktemp -d "$KS_CACHE/checkpatch.XXXXXX")
			tar -xf "$src_tar" -C "$tmp" --strip-components=1 --wildcards \
				'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
				'*/scripts/const_structs.checkpatch' &&
				rm -rf "$cpdir" && mkdir -p "$(dirname "$cpdir")" &&
				mv "$tmp" "$cpdir"
		fi
	)
fi
if [ -x "$cpdir/scripts/checkpatch.pl" ]; then
	ks_tap_ok "checkpatch.pl from linux-source-6.1 $src_ver"
else
	ks_tap_notok "checkpatch.pl from linux-source-6.1 $src_ver"
fi

mapfile -t files < <(cd "$KS_ROOT" && git ls-files -- \
	'module/*.[chS]' 'tests/kunit/*.[ch]' 'tests/modules/*.[ch]' \
	'tests/bench/ks_bench/*.[ch]')
# Rules switched off, and why:
#  everywhere: ENOSYS - the errno-name tables (parser, its tests) list every
#    errno name, ENOSYS included; nothing here returns it.
#  test code only: AVOID_EXTERNS - the prototype just above each noinline
#    test target keeps W=1's -Wmissing-prototypes quiet; VOLATILE - calls
#    through volatile function pointers keep the compiler from inlining or
#    folding the targets; COMPLEX_MACRO - the benchmark's macros define
#    functions; QUOTED_WHITESPACE_BEFORE_NEWLINE - parser inputs with
#    trailing blanks are test data.
for f in "${files[@]}"; do
	log="$logs/checkpatch-$(echo "$f" | tr / _).log"
	ignore=ENOSYS
	case "$f" in
	tests/*) ignore=$ignore,AVOID_EXTERNS,VOLATILE,COMPLEX_MACRO,QUOTED_WHITESPACE_BEFORE_NEWLINE ;;
	esac
	(cd "$KS_ROOT" && perl "$cpdir/scripts/checkpatch.pl" --no-tree \
		--file --terse --show-types --ignore "$ignore" "$f") >"$log" 2>&1
	if grep -qE ': (ERROR|WARNING):' "$log"; then
		ks_tap_notok "checkpatch $f"
		grep -E ': (ERROR|WARNING):' "$log" | head -n 10 | ks_tap_diag
	else
		ks_tap_ok "checkpatch $f"
	fi
done

# --- sparse ----------------------------------------------------------------
if env_out=$("$here/ks-kernel.sh" deb12 2>"$logs/kernel.log"); then
	eval "$env_out"
	bdir="$KS_ROOT/build/lint/module"
	rm -rf "$bdir" && mkdir -p "$bdir"
	cp -a "$KS_ROOT/module/." "$bdir/"
	# The version comes from debian/changelog relative to the module dir.
	mkdir -p "$KS_ROOT/build/lint/debian"
	cp "$KS_ROOT/debian/changelog" "$KS_ROOT/build/lint/debian/"
	make -C "$KS_KDIR" M="$bdir" CC="$KS_CC" C=2 CHECK=sparse W=1 \
		modules >"$logs/sparse.log" 2>&1
	rc=$?
	# Reports about killswitch's own files (kernel headers excluded).
	reports=$(grep -E "^$bdir/.*: (warning|error):" "$logs/sparse.log")
	if [ "$rc" -eq 0 ] && [ -z "$reports" ] &&
		grep -q ' CHECK ' "$logs/sparse.log"; then
		ks_tap_ok "sparse (C=2) on the module, Debian 12 headers $KS_KVER"
	else
		ks_tap_notok "sparse (C=2) on the module, Debian 12 headers $KS_KVER"
		{ echo "make exit status $rc"; echo "$reports"; } | head -n 20 |
			ks_tap_diag
	fi
else
	ks_tap_notok "sparse: fetch Debian 12 kernel headers"
	tail -n 5 "$logs/kernel.log" | ks_tap_diag
fi

ks_tap_done
