#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/ks-check.sh <all|lint|host|ctl|vm|kunit|packages>
#
# The test entry point behind `make check` (all) and its parts. Each part
# prints TAP ending with "N passed, N failed"; this script runs the parts in
# order, keeps going after a failing part, and ends with the totals over all
# parts. Exit status: 0 only if every part passed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
logdir="$top/build/logs"
mkdir -p "$logdir"

part_cmd() {
	case "$1" in
	host) echo "$here/ks-check-host.sh" ;;
	ctl) echo "$here/ks-check-ctl.sh" ;;
	lint) echo "$here/ks-lint.sh" ;;
	vm) echo "$here/ks-vm-check.sh" ;;
	kunit) echo "$here/ks-kunit.sh" ;;
	packages) echo "$here/ks-check-packages.sh" ;;
	*) return 1 ;;
	esac
}

case "${1:-all}" in
all) parts="lint host ctl vm kunit packages" ;;
lint|host|ctl|vm|kunit|packages) parts=$1 ;;
*) echo "usage: $0 <all|lint|host|ctl|vm|kunit|packages>" >&2; exit 2 ;;
esac

"$here/ks-deps.sh" >/dev/null || { echo "ks-check: installing dependencies failed" >&2; exit 1; }

total_pass=0 total_fail=0 failed_parts=""
for part in $parts; do
	cmd=$(part_cmd "$part")
	log="$logdir/check-$part.log"
	start=$(date +%s)
	echo "# ==== $part: $cmd"
	"$cmd" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	summary=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	pass=$(echo "$summary" | sed -n 's/.*\b\([0-9][0-9]*\) passed.*/\1/p')
	fail=$(echo "$summary" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
	if [ -z "$summary" ]; then
		# A part that printed no verdict has failed, whatever its status.
		pass=0 fail=1
		echo "not ok - $part printed no 'N passed, N failed' line"
	fi
	if [ "$rc" -ne 0 ] && [ "${fail:-0}" -eq 0 ]; then
		fail=1
		echo "not ok - $part exited with status $rc"
	fi
	total_pass=$((total_pass + ${pass:-0}))
	total_fail=$((total_fail + ${fail:-0}))
	[ "${fail:-0}" -eq 0 ] || failed_parts="$failed_parts $part"
	echo "# ==== $part: ${pass:-0} passed, ${fail:-0} failed in $(( $(date +%s) - start ))s"
done

[ -z "$failed_parts" ] || echo "# FAILED parts:$failed_parts (logs in $logdir)"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ -z "$failed_parts" ]
