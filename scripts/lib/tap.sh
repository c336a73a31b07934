# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# TAP output for the host-side scripts (sourced). Plan-less: results are
# numbered as they come, ks_tap_done prints "1..N" and "N passed, N failed".

KS_TAP_N=0
KS_TAP_PASS=0
KS_TAP_FAIL=0
KS_TAP_SKIP=0

ks_tap_ok() {
	KS_TAP_N=$((KS_TAP_N + 1))
	KS_TAP_PASS=$((KS_TAP_PASS + 1))
	echo "ok $KS_TAP_N - $1"
}

ks_tap_notok() {
	KS_TAP_N=$((KS_TAP_N + 1))
	KS_TAP_FAIL=$((KS_TAP_FAIL + 1))
	echo "not ok $KS_TAP_N - $1"
}

ks_tap_skip() {
	KS_TAP_N=$((KS_TAP_N + 1))
	KS_TAP_SKIP=$((KS_TAP_SKIP + 1))
	echo "ok $KS_TAP_N - $1 # SKIP ${2:-}"
}

# ks_tap_result RC DESC: ok when RC is 0.
ks_tap_result() {
	if [ "$1" -eq 0 ]; then ks_tap_ok "$2"; else ks_tap_notok "$2"; fi
}

# ks_tap_diag: stdin (or the arguments) as "# " lines.
ks_tap_diag() {
	if [ $# -gt 0 ]; then
		printf '%s\n' "$@" | sed 's/^/# /'
	else
		sed 's/^/# /'
	fi
}

# ks_tap_relay PREFIX FILE: re-numbers the TAP results in FILE into ours,
# prefixing their descriptions with PREFIX. Its plan and summary lines
# become comments. Sets KS_RELAY_N/FAIL/SUMMARY for the caller.
ks_tap_relay() {
	local prefix=$1 line st desc
	KS_RELAY_N=0
	KS_RELAY_FAIL=0
	# shellcheck disable=SC2034 # read by the caller
	KS_RELAY_SUMMARY=""
	[ -e "$2" ] || return 0
	while IFS= read -r line; do
		case "$line" in
		"ok "* | "not ok "*)
			st=${line%% [0-9]*}
			desc=$(sed -E 's/^(not )?ok [0-9]+( -)? ?//' <<<"$line")
			KS_RELAY_N=$((KS_RELAY_N + 1))
			if [ "$st" = "not ok" ]; then
				KS_RELAY_FAIL=$((KS_RELAY_FAIL + 1))
				ks_tap_notok "$prefix$desc"
			elif [[ "$desc" == *"# SKIP"* ]]; then
				ks_tap_skip "$prefix${desc%%# SKIP*}" "${desc#*# SKIP }"
			else
				ks_tap_ok "$prefix$desc"
			fi
			;;
		[0-9]*" passed, "[0-9]*" failed"*)
			# shellcheck disable=SC2034 # read by the caller
			KS_RELAY_SUMMARY=$line
			echo "# $prefix$line"
			;;
		1..[0-9]*) echo "# $prefix$line" ;;
		"# KS-VM-END"*) ;;
		"#"*) echo "$line" ;;
		"") ;;
		*) echo "# $line" ;;
		esac
	done <"$2"
}

# ks_tap_done: plan and closing line; returns non-zero if anything failed.
ks_tap_done() {
	echo "1..$KS_TAP_N"
	[ "$KS_TAP_SKIP" -eq 0 ] || echo "# $KS_TAP_SKIP skipped"
	echo "$KS_TAP_PASS passed, $KS_TAP_FAIL failed"
	[ "$KS_TAP_FAIL" -eq 0 ]
}
