# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Turns the console log of a KUnit VM run into TAP (sourced by ks-kunit.sh).
#
# ks_kunit_report <console log> <minimum leaf cases> <QEMU status> <suite> ...
# Prints one TAP line per KUnit case (each parameter of a parameterised
# case is its own line), one per expected suite, one per expected case
# (KS_KUNIT_CASES: "suite.case" words, every case of every suite's array:
# a case that reported nothing fails), then the console checks, "1..N" and
# "N passed, N failed". Returns 1 if anything failed.

# KTAP: "# Subtest: X" opens a subtest at its indent; a result line at a
# smaller indent closes the innermost open subtest (a suite, or a
# parameterised case); any other result line is a leaf of the innermost
# open subtest. Leaf results are printed; a closing result is printed only
# when it fails with no failed leaf under it, so nothing is counted twice.
# shellcheck disable=SC2016 # awk program, not shell
ks_kunit_ktap_awk='
function indent(s) { match(s, /^ */); return RLENGTH }
function path(   i, p) {
	p = ""
	for (i = 1; i <= depth; i++)
		p = p (i > 1 ? "." : "") name[i]
	return p
}
function emit(ok, text, directive) {
	n++
	if (ok) pass++; else fail++
	printf "%s %d - %s%s\n", ok ? "ok" : "not ok", n, text, directive
}
{
	sub(/\r$/, "")
	sub(/^\[ *[0-9]+\.[0-9]+\] /, "")	# printk time stamp
}
/^ *# Subtest: / {
	depth++
	ind[depth] = indent($0)
	name[depth] = $0
	sub(/^ *# Subtest: /, "", name[depth])
	leaves[depth] = 0
	bad[depth] = 0
	next
}
/^ *(not ok|ok) [0-9]+( |$)/ {
	i = indent($0)
	line = substr($0, i + 1)
	ok = line !~ /^not ok/
	sub(/^(not ok|ok) /, "", line)
	num = line
	sub(/ .*/, "", num)
	sub(/^[0-9]+ ?/, "", line)
	skip = ""
	if (match(line, / # SKIP/)) {
		skip = " # SKIP" substr(line, RSTART + 7)
		line = substr(line, 1, RSTART - 1)
	}
	if (depth > 0 && i < ind[depth]) {	# closes a subtest
		what = path()
		nl = leaves[depth]; nb = bad[depth]
		depth--
		if (depth == 0) {
			suite_ok[what] = ok
			printf "# suite %s: %s, %d cases\n", what,
				ok ? "ok" : "not ok", nl
		} else {
			leaves[depth]++
			if (!ok) bad[depth]++
			if (!ok && nb == 0)
				emit(0, what, skip)
			reported[what] = 1
			printf "# %s: %d params\n", what, nl
		}
		next
	}
	if (depth == 0) {		# suite result without a header
		suite_ok[line] = ok
		next
	}
	leaves[depth]++
	if (!ok) bad[depth]++
	if (!skip) executed++
	if (depth >= 2)			# a parameter of a case
		emit(ok, path() "[" num "] " line, skip)
	else {
		emit(ok, path() "." line, skip)
		reported[path() "." line] = 1
	}
	next
}
END {
	ncases = split(cases, expected, " ")
	for (i = 1; i <= ncases; i++)
		emit(expected[i] in reported, "case " expected[i] " reported", "")
	for (i = 1; i <= nsuites; i++) {
		s = suites[i]
		if (!(s in suite_ok))
			emit(0, "suite " s " ran to the end", "")
		else
			emit(suite_ok[s], "suite " s " ran to the end", "")
	}
	if (depth > 0)
		emit(0, "KTAP complete (open subtest " path() ")", "")
	emit(executed >= min, "at least " min " cases executed (" executed + 0 ")", "")
	printf "%d %d\n", pass, fail > summary
}'

# ks_kunit_console_check <log> <label> <extended regex>: one TAP line,
# "ok" when no line of the log matches. Prints the first matches.
ks_kunit_console_check() {
	local log=$1 label=$2 re=$3 hits

	hits=$(grep -E -- "$re" "$log" | head -n 5 || true)
	KS_KUNIT_N=$((KS_KUNIT_N + 1))
	if [ -z "$hits" ]; then
		KS_KUNIT_PASS=$((KS_KUNIT_PASS + 1))
		printf 'ok %d - console: %s\n' "$KS_KUNIT_N" "$label"
	else
		KS_KUNIT_FAIL=$((KS_KUNIT_FAIL + 1))
		printf 'not ok %d - console: %s\n' "$KS_KUNIT_N" "$label"
		printf '#   %s\n' "${hits//$'\n'/$'\n'#   }"
	fi
}

# ks_kunit_marker <log> <label> <KS-KUNIT marker text>: "ok" if present.
ks_kunit_marker() {
	local log=$1 label=$2 text=$3

	KS_KUNIT_N=$((KS_KUNIT_N + 1))
	if grep -qF -- "KS-KUNIT: $text" "$log"; then
		KS_KUNIT_PASS=$((KS_KUNIT_PASS + 1))
		printf 'ok %d - vm: %s\n' "$KS_KUNIT_N" "$label"
	else
		KS_KUNIT_FAIL=$((KS_KUNIT_FAIL + 1))
		printf 'not ok %d - vm: %s\n' "$KS_KUNIT_N" "$label"
	fi
}

ks_kunit_report() {
	local log=$1 min=$2 qemu_rc=$3 summary leaks
	shift 3

	summary=$(mktemp)
	awk -v min="$min" -v summary="$summary" \
		-v nsuites="$#" -v list="$*" -v cases="${KS_KUNIT_CASES:-}" \
		'BEGIN { split(list, suites, " ") }'"$ks_kunit_ktap_awk" "$log"
	read -r KS_KUNIT_PASS KS_KUNIT_FAIL <"$summary"
	KS_KUNIT_N=$((KS_KUNIT_PASS + KS_KUNIT_FAIL))
	rm -f "$summary"

	KS_KUNIT_N=$((KS_KUNIT_N + 1))
	if [ "$qemu_rc" -eq 0 ]; then
		KS_KUNIT_PASS=$((KS_KUNIT_PASS + 1))
		printf 'ok %d - vm: QEMU exited normally\n' "$KS_KUNIT_N"
	else
		KS_KUNIT_FAIL=$((KS_KUNIT_FAIL + 1))
		printf 'not ok %d - vm: QEMU exited normally (status %d%s)\n' \
			"$KS_KUNIT_N" "$qemu_rc" \
			"$([ "$qemu_rc" -eq 124 ] && echo ', timeout')"
	fi
	ks_kunit_marker "$log" "test module loaded" "insmod rc=0"
	ks_kunit_marker "$log" "test module unloaded" "rmmod rc=0"
	ks_kunit_marker "$log" "kmemleak available" "kmemleak ready"
	ks_kunit_marker "$log" "lockdep still on after the tests" "lockdep on"
	ks_kunit_marker "$log" "init ran to the end" "done"
	ks_kunit_console_check "$log" "no KASAN report" \
		'BUG: KASAN|KASAN: [a-z-]+ in '
	# Objects allocated during boot (start_kernel, kernel_init_freeable)
	# are not ours: kmemleak reports a few ACPI caches as leaks.
	leaks=$(sed -n '/KS-KUNIT: kmemleak report begin/,/KS-KUNIT: kmemleak report end/p' \
		"$log" | awk '
		function done() { if (obj && !boot) n++; obj = 0; boot = 0 }
		/^unreferenced object/ { done(); obj = 1 }
		/ (start_kernel|kernel_init_freeable)\+/ { boot = 1 }
		END { done(); print n + 0 }')
	KS_KUNIT_N=$((KS_KUNIT_N + 1))
	if [ "$leaks" -eq 0 ]; then
		KS_KUNIT_PASS=$((KS_KUNIT_PASS + 1))
		printf 'ok %d - console: no kmemleak report\n' "$KS_KUNIT_N"
	else
		KS_KUNIT_FAIL=$((KS_KUNIT_FAIL + 1))
		printf 'not ok %d - console: no kmemleak report (%s objects)\n' \
			"$KS_KUNIT_N" "$leaks"
	fi
	ks_kunit_console_check "$log" "no lockdep report" \
		'possible circular locking|WARNING: .*(lock|LOCK)|DEBUG_LOCKS_WARN_ON|INFO: possible .*locking|suspicious RCU usage|BUG: sleeping function|BUG: scheduling while atomic|BUG: MAX_LOCK'
	ks_kunit_console_check "$log" "no BUG, WARNING, Oops, panic or Call Trace" \
		'BUG:|WARNING:|Oops|Call Trace:|kernel BUG at|general protection fault|Kernel panic|UBSAN:|soft lockup|blocked for more than|rcu_.*detected stalls'

	printf '1..%d\n' "$KS_KUNIT_N"
	printf '%d passed, %d failed\n' "$KS_KUNIT_PASS" "$KS_KUNIT_FAIL"
	[ "$KS_KUNIT_FAIL" -eq 0 ]
}
