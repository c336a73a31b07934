#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The killswitch demo, run inside the VM (ks.suite=demo): AF_ALG works,
# killswitch makes af_alg_sendmsg() return -1 (EPERM) without running it,
# and disengaging restores it. Human-readable; the last lines are
# "demo: N passed, N failed" and "DEMO-RESULT: PASS|FAIL".
# shellcheck source=tests/vm/lib.sh
. /tests/lib.sh

pass=0
fail=0
ctl=/sys/kernel/security/killswitch/control

say() { printf '\n== %s\n' "$*"; }
run() {
	printf '# %s\n' "$*"
	eval "$*" 2>&1 | sed 's/^/  /'
}
# expect "WHAT" "GOT" "WANT-ERE"
expect() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		pass=$((pass + 1))
		printf '  -> as expected: %s\n' "$1"
	else
		fail=$((fail + 1))
		printf '  -> UNEXPECTED: %s (got "%s")\n' "$1" "$2"
	fi
}

echo "killswitch demo on Debian kernel $(uname -r)"

say "1. A program using the kernel crypto API over AF_ALG (cbc(aes) encryption)"
run ks_alg skcipher
expect "encryption works" "$(ks_alg skcipher)" '^sendmsg=OK$'

say "2. Load killswitch"
run modprobe killswitch
expect "control file is there" "$(ls $ctl 2>&1)" "^$ctl\$"

say "3. Make af_alg_sendmsg() return -1 (-EPERM) without running its body"
ks_mark
run "echo 'engage af_alg_sendmsg -1' > $ctl"
run ks_alg skcipher
expect "the same program now gets EPERM" "$(ks_alg skcipher)" '^sendmsg=EPERM$'

say "4. What is engaged"
run cat /sys/kernel/security/killswitch/engaged
expect "engaged lists af_alg_sendmsg with its hits" \
	"$(cat /sys/kernel/security/killswitch/engaged)" \
	'^af_alg_sendmsg retval=-1 hits=[1-9]'

say "5. What killswitch logged"
ks_dmesg_since_mark | grep killswitch | sed 's/^/  /'
expect "the kernel log records the engagement" "$(ks_dmesg_since_mark)" \
	'killswitch: .*engage .*af_alg_sendmsg'

say "6. Disengage"
run "echo 'disengage af_alg_sendmsg' > $ctl"
run ks_alg skcipher
expect "encryption works again" "$(ks_alg skcipher)" '^sendmsg=OK$'
expect "nothing is engaged" "$(cat /sys/kernel/security/killswitch/engaged)" '^$'

echo
echo "demo: $pass passed, $fail failed"
if [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]; then
	echo "DEMO-RESULT: PASS"
else
	echo "DEMO-RESULT: FAIL"
	exit 1
fi
