#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/ks-check-ctl.sh: host tests of killswitchctl (tools/killswitchctl).
#
# Installs the build dependencies if missing, builds killswitchctl with
# -Wall -Wextra -Werror, extracts the vmlinux BTF of the Debian kernels the
# VM tests use (scripts/ks-kernel.sh deb12|deb13; cached under
# $KS_CACHE/ctl-btf/<kver>/) and runs:
#   tools/killswitchctl/tests/t_ctl   unit tests (parsers, apply plan, ...)
#   tools/killswitchctl/tests/run.sh  the binary against fake trees and the
#                                     real kernels' BTF and modules
# both also with an ASan+UBSan build (a sanitizer report fails the test
# that ran the binary, as its exit status changes).
# Prints TAP renumbered into one stream, "1..N" and "N passed, N failed";
# exits non-zero on any failure. KS_CTL_FLAVORS (default "deb12 deb13").
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(dirname "$here")
src=$top/tools/killswitchctl
logs=$top/build/ctl/logs
KS_CACHE=${KS_CACHE:-/var/cache/killswitch-test}
flavors=${KS_CTL_FLAVORS:-deb12 deb13}
mkdir -p "$logs"
printf '*\n' >"$top/build/ctl/.gitignore"

n=0 pass=0 fail=0
result() {
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		pass=$((pass + 1))
		printf 'ok %d - %s\n' "$n" "$2"
	else
		fail=$((fail + 1))
		printf 'not ok %d - %s\n' "$n" "$2"
	fi
}
show_log() { tail -n "${2:-25}" "$1" | sed 's/^/# /'; }

# step <desc> <log> <cmd...>
step() {
	local desc=$1 log=$2 rc=0
	shift 2
	"$@" >"$log" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		result 1 "$desc"
	else
		result 0 "$desc (exit $rc)"
		show_log "$log"
	fi
	return "$rc"
}

deps() {
	"$src/deps.sh" binutils xz-utils zstd gzip python3 man-db
}

# (step runs these with errexit off: every command is chained.)
build() {
	make -C "$src" clean &&
		make -C "$src" killswitchctl tests/t_ctl &&
		! grep -q 'warning:' "$logs/build.log"
}

# asan_build: the same sources with ASan+UBSan, in build/ctl/asan.
asan_build() {
	local a=$top/build/ctl/asan
	rm -rf "$a" &&
		mkdir -p "$a/tools" "$a/module" "$a/debian" &&
		cp -a "$src" "$a/tools/" &&
		cp "$top"/module/ks_parse.[ch] "$a/module/" &&
		cp "$top/debian/changelog" "$a/debian/" &&
		make -C "$a/tools/killswitchctl" clean &&
		make -C "$a/tools/killswitchctl" killswitchctl tests/t_ctl \
		CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined"
}

# kernel_triple FLAVOR: "<kver>:<btf>:<modules dir>" on stdout.
kernel_triple() {
	local env KS_KVER="" KS_VMLINUZ="" KS_MODROOT="" btf
	env=$("$here/ks-kernel.sh" "$1") || return 1
	eval "$env"
	btf=$KS_CACHE/ctl-btf/$KS_KVER/vmlinux.btf
	if [ ! -s "$btf" ]; then
		mkdir -p "$(dirname "$btf")" &&
			"$src/tests/extract-btf.sh" "$KS_VMLINUZ" "$btf.$$" >&2 &&
			mv "$btf.$$" "$btf" || return 1
	fi
	printf '%s:%s:%s\n' "$KS_KVER" "$btf" "$KS_MODROOT/lib/modules/$KS_KVER"
}

# relay <label> <log> <cmd...>: the command's TAP, renumbered.
relay() {
	local label=$1 log=$2 rc=0 line seen=0 plan="" summary=""
	shift 2
	"$@" >"$log" 2>&1 || rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) seen=$((seen + 1)); result 1 "$label: ${line#* - }" ;;
		"not ok "*) seen=$((seen + 1)); result 0 "$label: ${line#* - }" ;;
		"#"*) printf '%s\n' "$line" ;;
		1..*) plan=${line#1..} ;;
		*" passed, "*" failed") summary=$line ;;
		*) printf '# %s\n' "$line" ;;
		esac
	done <"$log"
	if [ "$rc" = 0 ] && [ "$seen" -gt 0 ] && [ "$plan" = "$seen" ] &&
		[ "$summary" = "$seen passed, 0 failed" ]; then
		result 1 "$label: exit 0, plan 1..$seen, '$summary'"
	else
		result 0 "$label: exit $rc, plan '1..$plan', '$summary' ($seen tests seen)"
	fi
}

step "build dependencies installed" "$logs/deps.log" deps || true
if step "killswitchctl builds with -Wall -Wextra -Werror, no warnings" \
	"$logs/build.log" build; then
	relay t_ctl "$logs/t_ctl.log" "$src/tests/t_ctl"
	kernels=""
	for f in $flavors; do
		if step "$f kernel: vmlinux BTF extracted from its vmlinuz" \
			"$logs/kernel-$f.log" kernel_triple "$f"; then
			kernels="$kernels $(tail -n 1 "$logs/kernel-$f.log")"
		fi
	done
	relay run.sh "$logs/run.log" env KCTL="$src/killswitchctl" \
		KCTL_KERNELS="${kernels# }" "$src/tests/run.sh"
	if step "killswitchctl builds with ASan+UBSan" "$logs/build-asan.log" \
		asan_build; then
		asan=$top/build/ctl/asan/tools/killswitchctl
		reports=$top/build/ctl/asan/reports
		mkdir -p "$reports"
		export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1"
		export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1"
		relay asan/t_ctl "$logs/t_ctl-asan.log" "$asan/tests/t_ctl"
		relay asan/run.sh "$logs/run-asan.log" env KCTL="$asan/killswitchctl" \
			KCTL_KERNELS="${kernels# }" "$src/tests/run.sh"
		unset ASAN_OPTIONS UBSAN_OPTIONS
		if [ -z "$(ls -A "$reports")" ]; then
			result 1 "no ASan/UBSan/LSan reports"
		else
			result 0 "no ASan/UBSan/LSan reports"
			cat "$reports"/* | head -n 40 | sed 's/^/# /'
		fi
	fi
fi
if command -v shellcheck >/dev/null; then
	step "shellcheck of the killswitchctl scripts" "$logs/shellcheck.log" \
		shellcheck -x "$here/ks-check-ctl.sh" "$src/tests/run.sh" \
		"$src/tests/extract-btf.sh" "$here/ks-initramfs.sh" \
		"$src/deps.sh" "$src/killswitchctl.bash-completion" \
		"$top/tests/vm/suites/ctl.sh" || true
fi

echo "1..$n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
