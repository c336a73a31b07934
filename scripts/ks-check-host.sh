#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Host checks of the control-file parser (module/ks_parse.c), no kernel
# needed: installs clang and the libFuzzer runtime if missing, builds the
# unit tests with gcc and with clang (both with ASan+UBSan), runs them,
# builds the libFuzzer target, replays the seed corpus and fuzzes for
# ${KS_FUZZ_SECONDS:-60} seconds in a scratch copy of the corpus.
#
# Prints TAP: every unit test (renumbered, prefixed with the compiler),
# one line per build/fuzz step, then "1..N" and "N passed, N failed".
# Exits non-zero on any failure, crash, leak or sanitizer report.
# Builds go to build/host/ (ignored by git through build/host/.gitignore).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$root/build/host
src=$root/tests/host
fuzz_secs=${KS_FUZZ_SECONDS:-60}

passed=0
failed=0
count=0

mkdir -p "$out/logs"
printf '*\n' >"$out/.gitignore"

# tap_result <0|1 for pass> <description>
tap_result() {
	count=$((count + 1))
	if [ "$1" = 1 ]; then
		passed=$((passed + 1))
		printf 'ok %d - %s\n' "$count" "$2"
	else
		failed=$((failed + 1))
		printf 'not ok %d - %s\n' "$count" "$2"
	fi
}

# tap_log <file> [lines]: the end of a log as TAP diagnostics
tap_log() {
	tail -n "${2:-30}" "$1" | sed 's/^/# /'
}

# Sanitizer or libFuzzer reports that must never appear in a log.
has_report() {
	grep -Eq 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:|SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer|invariant violated' "$1"
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

san_flags=(-std=gnu11 -Wall -Wextra -Werror -g -O1 -fno-omit-frame-pointer
	'-fsanitize=address,undefined' -fno-sanitize-recover=all
	-I"$root/module" -I"$src")
unit_srcs=("$root/module/ks_parse.c" "$root/module/ks_guard.c"
	"$src/tap.c" "$src/ks_format.c" "$src/test_guard.c"
	"$src/t_util.c" "$src/test_line.c" "$src/test_entry.c"
	"$src/test_target.c" "$src/test_retval.c" "$src/test_main.c")
fuzz_srcs=("$root/module/ks_parse.c" "$src/ks_format.c"
	"$src/fuzz_parse.c")

# Can clang link a libFuzzer target? (needs libclang-rt-<ver>-dev)
can_fuzz() {
	printf '%s\n' '#include <stdint.h>' '#include <stddef.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
		'{ (void)d; (void)n; return 0; }' >"$out/probe.c"
	clang -fsanitize=fuzzer,address,undefined "$out/probe.c" \
		-o "$out/probe" >/dev/null 2>&1
}

apt_install() {
	if [ "$(id -u)" != 0 ]; then
		echo "need root to install: $*" >&2
		return 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y --no-install-recommends "$@" ||
		{ apt-get update && apt-get install -y --no-install-recommends "$@"; }
}

step_tools() {
	local log=$out/logs/tools.log ver
	: >"$log"
	{
		command -v gcc >/dev/null || apt_install gcc libc6-dev
		command -v clang >/dev/null || apt_install clang
		if ! can_fuzz; then
			ver=$(clang -dumpversion | cut -d. -f1)
			apt_install "libclang-rt-$ver-dev"
		fi
		can_fuzz
	} >>"$log" 2>&1
}

# run_step <description> <log> <command...>
run_step() {
	local desc=$1 log=$2 rc=0
	shift 2
	"$@" >"$log" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		tap_result 1 "$desc"
	else
		tap_result 0 "$desc (exit $rc)"
		tap_log "$log"
	fi
	return "$rc"
}

# run_unit <label> <binary>: re-emits the binary's TAP with our numbering
run_unit() {
	local label=$1 bin=$2 log=$out/logs/unit-$1.log rc=0 line
	local n=0 plan="" summary="" want
	"$bin" >"$log" 2>&1 || rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*)
			n=$((n + 1))
			tap_result 1 "$label: ${line#* - }" ;;
		"not ok "*)
			n=$((n + 1))
			tap_result 0 "$label: ${line#* - }" ;;
		"#"*)
			printf '%s\n' "$line" ;;
		1..*)
			plan=${line#1..} ;;
		*" passed, "*" failed")
			summary=$line ;;
		*)
			printf '# %s\n' "$line" ;;
		esac
	done <"$log"
	want="$n passed, 0 failed"
	if [ "$rc" = 0 ] && [ "$n" -gt 0 ] && [ "$plan" = "$n" ] &&
		[ "$summary" = "$want" ] && ! has_report "$log"; then
		tap_result 1 "$label: exit 0, plan 1..$n, '$summary'"
	else
		tap_result 0 "$label: exit $rc, plan '1..$plan', '$summary' ($n tests seen)"
	fi
}

# fuzz_run <log> <command...>: run_step's command for libFuzzer, whose
# output already goes to <log>; a report in it fails even with exit 0.
fuzz_run() {
	local log=$1 rc=0
	shift
	"$@" || rc=$?
	if [ "$rc" = 0 ] && has_report "$log"; then
		echo "sanitizer, libFuzzer or invariant report in the output"
		rc=99
	fi
	return "$rc"
}

main() {
	local cc fuzz=$out/fuzz_parse scratch=$out/fuzz-corpus
	local artifacts=$out/fuzz-artifacts runs

	# on failure the builds below show what is missing
	run_step "host tools: gcc, clang, libFuzzer runtime" \
		"$out/logs/tools.log" step_tools || true

	for cc in gcc clang; do
		if run_step "build unit tests with $cc (ASan+UBSan, -Werror)" \
			"$out/logs/build-$cc.log" \
			"$cc" "${san_flags[@]}" "${unit_srcs[@]}" \
			-o "$out/ks_parse_test-$cc"; then
			run_unit "$cc" "$out/ks_parse_test-$cc"
		fi
	done

	if run_step "build libFuzzer target (clang, ASan+UBSan)" \
		"$out/logs/build-fuzz.log" \
		clang "${san_flags[@]}" -fsanitize=fuzzer "${fuzz_srcs[@]}" \
		-o "$fuzz"; then
		run_step "fuzz: replay seed corpus tests/host/corpus" \
			"$out/logs/fuzz-replay.log" \
			fuzz_run "$out/logs/fuzz-replay.log" \
			"$fuzz" -runs=0 "$src/corpus" || true

		rm -rf "$scratch" "$artifacts"
		mkdir -p "$artifacts"
		cp -r "$src/corpus" "$scratch"
		if ! [[ $fuzz_secs =~ ^[0-9]+$ ]]; then
			tap_result 0 "fuzz: KS_FUZZ_SECONDS='$fuzz_secs' is not a number"
		elif [ "$fuzz_secs" = 0 ]; then
			# libFuzzer reads -max_total_time=0 as "no limit"
			tap_result 1 "fuzz: not run # SKIP KS_FUZZ_SECONDS=0"
		elif run_step "fuzz: ${fuzz_secs}s with leak detection" \
			"$out/logs/fuzz.log" \
			fuzz_run "$out/logs/fuzz.log" \
			timeout $((fuzz_secs + 300)) "$fuzz" \
			-max_total_time="$fuzz_secs" -detect_leaks=1 \
			-dict="$src/fuzz_parse.dict" -use_value_profile=1 \
			-print_final_stats=1 -artifact_prefix="$artifacts/" \
			"$scratch"; then
			runs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
				"$out/logs/fuzz.log")
			printf '# fuzz: %s inputs executed\n' "${runs:-?}"
		fi
		if [ -n "$(find "$artifacts" -mindepth 1 -print -quit)" ]; then
			tap_result 0 "fuzz: no crash/leak artifacts"
			find "$artifacts" -mindepth 1 | sed 's/^/# artifact: /'
		else
			tap_result 1 "fuzz: no crash/leak artifacts"
		fi
	fi

	printf '1..%d\n' "$count"
	printf '%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
}

main "$@"
