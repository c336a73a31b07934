#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# In-VM tests of killswitchctl (issue 7), on a Debian kernel: every command,
# apply run twice, persist through modprobe.d, check on cloned functions.
# ks-smp: 2
# ks-timeout: 900
#
# Runs as root in the initramfs (busybox sh). Prints TAP on stdout.

# shellcheck disable=SC1091
. /tests/lib.sh

KCTL=$(command -v killswitchctl || true)
if [ -z "$KCTL" ]; then
	ks_fail "killswitchctl is in the initramfs"
	[ ! -e /etc/ks-ctl-missing ] || ks_diag "$(cat /etc/ks-ctl-missing)"
	ks_done
	exit 1
fi
ks_pass "killswitchctl is in the initramfs ($KCTL)"

KS=/sys/kernel/security/killswitch
TAINT_BIT=1048576	# 1 << 20

# kc ARGS...: run killswitchctl; sets OUT (stdout+stderr) and RC.
kc() {
	OUT=$(killswitchctl "$@" 2>&1)
	RC=$?
}

modprobe ks_testmod
ks_ok "ks_testmod loaded" [ -r /sys/kernel/debug/ks_testmod/call_int ]

# --- status and load ---------------------------------------------------------
kc status
ks_is "$RC" 0 "status without the module: exit 0"
ks_like "$OUT" "module: +not loaded" "status: module not loaded"
ks_like "$OUT" "lockdown: +none" "status: lockdown none"
kc list --json
ks_is "$OUT" "[]" "list --json without the module: []"

mkdir -p /etc/modprobe.d
echo "blacklist killswitch" >/etc/modprobe.d/ks-ctl-test.conf
kc load
ks_is "$RC" 1 "load with killswitch blacklisted in modprobe.d: refused"
ks_like "$OUT" "blacklisted" "... and says so"
ks_ok "module not loaded" [ ! -e /sys/module/killswitch ]
echo "options killswitch targets=ks_test_fn0=-5" >/etc/modprobe.d/ks-ctl-test.conf
kc load
ks_is "$RC" 0 "load: exit 0"
ks_ok "module loaded" [ -e /sys/module/killswitch ]
ks_is "$(ks_call fn0)" "-5 body=0" "load applied modprobe.d options (libkmod)"
rm /etc/modprobe.d/ks-ctl-test.conf
kc status
ks_like "$OUT" "module: +loaded, version [^ ]+" "status: loaded with a version"
ks_like "$OUT" "targets: +1, 1 engaged" "status: counts by state"
ks_like "$OUT" "taint: +set" "status: taint bit 20 set"
kc status --json
ks_like "$OUT" '^\{"loaded":true,"version":"[^"]+",.*"tainted":true,.*"states":\{"engaged":1,' "status --json"
ks_ok "taint bit 20 really set" [ $(( $(cat /proc/sys/kernel/tainted) & TAINT_BIT )) -ne 0 ]

# --- engage, list, disengage --------------------------------------------------
kc engage ks_test_int -EPERM
ks_is "$RC" 0 "engage ks_test_int -EPERM"
ks_is "$(ks_call int)" "-1 body=0" "ks_test_int returns -EPERM"
kc list
ks_like "$OUT" "^TARGET +RETVAL +HITS +STATE +PATH +SCOPE +MODULE" "list: header"
ks_like "$OUT" "ks_test_int +-1 +1 +engaged +direct +all +ks_testmod" "list: the engaged row"
kc list --json
ks_like "$OUT" '\{"target":"ks_test_int","symbol":"ks_test_int","retval":-1,"hits":1,"state":"engaged","path":"direct","scope":"all","module":"ks_testmod"' "list --json: the engaged object"
kc engage ks_test_notrace 3
ks_like "$(grep '^ks_test_notrace ' $KS/engaged)" " path=kprobe-int3 " "engage a notrace function (int3)"
kc engage ks_test_long 9 --scope userns
ks_like "$(grep '^ks_test_long ' $KS/engaged)" " scope=userns " "engage --scope userns"
ks_is "$(ks_call long)" "4886718344 body=1" "scope userns: root in the init namespace is not affected"
kc disengage ks_test_long
ks_is "$RC" 0 "disengage ks_test_long"
ks_ok "ks_test_long no longer listed" sh -c "! grep -q '^ks_test_long ' $KS/engaged"

# --- refusals, explained -------------------------------------------------------
kc engage ks_test_int 5
ks_is "$RC" 1 "engage twice: exit 1"
ks_like "$OUT" "refused \(-EBUSY\): already engaged" "EBUSY explained"
ks_like "$OUT" "kernel says: .*already a target" "the kernel's own reason is shown"
kc disengage ks_test_long
ks_like "$OUT" "refused \(-ENOENT\): .*not a target" "ENOENT explained"
kc engage vfs_write 0
ks_is "$RC" 1 "engage vfs_write: exit 1"
ks_like "$OUT" "refused \(-EACCES\): .*guarded" "EACCES explained"
kc engage rcu_barrier 0 --force
ks_like "$OUT" "refused \(-EACCES\): .*--override-guard" "--force skips only the tool's checks: the guard still refuses, and the way past it is named"
kc engage exc_int3 0
ks_is "$RC" 1 "engage exc_int3: refused"
ks_like "$OUT" "kprobe blacklist" "check refuses a kprobe-blacklisted function"
kc engage exc_int3 0 --force --override-guard
ks_like "$OUT" "refused \(-EOPNOTSUPP\): kprobes refuse" "with --force --override-guard the kernel refuses: EOPNOTSUPP explained"
if unshare -U -r true 2>/dev/null; then
	OUT=$(unshare -U -r killswitchctl disengage ks_test_int 2>&1)
	ks_like "$OUT" "refused \(-EPERM\): .*CAP_SYS_ADMIN" "EPERM in a user namespace explained"
else
	ks_skip "EPERM in a user namespace explained" "no unshare -U -r"
fi
kc engage ns_capable 2
ks_is "$RC" 1 "engage a bool function with 2: refused by check"
ks_like "$OUT" "a bool function returns only 0 \(false\) or 1 \(true\)" "... with the reason"
ks_ok "ns_capable not engaged" sh -c "! grep -q '^ns_capable ' $KS/engaged"
kc engage no_such_function_xyz 1
ks_like "$OUT" "no function no_such_function_xyz" "unknown function refused by check"

# --- tryengage, observe, revert/confirm ---------------------------------------
kc tryengage ks_test_fn1 -1 2
ks_is "$RC" 0 "tryengage ks_test_fn1 -1 2"
ks_like "$(grep '^ks_test_fn1 ' $KS/engaged)" "state=trying .*try_in=" "state trying with try_in"
# The kernel engages it 2 s after the last call; wait for the state to
# change (bounded, so a kernel that never does it fails the test).
i=0
while [ $i -lt 120 ] && grep -q '^ks_test_fn1 .*state=trying' $KS/engaged; do
	sleep 1
	i=$((i + 1))
done
ks_like "$(grep '^ks_test_fn1 ' $KS/engaged)" "state=engaged" "unused for 2s: engaged"
ks_is "$(ks_call fn1)" "-1 body=0" "ks_test_fn1 killed"
kc observe ks_test_fn2
ks_is "$RC" 0 "observe ks_test_fn2"
ks_call fn2 >/dev/null
ks_like "$(grep '^ks_test_fn2 ' $KS/engaged)" "hits=1 state=observing" "observing counts a call"
kc engage ks_test_fn3 -1 --revert 600
ks_like "$(grep '^ks_test_fn3 ' $KS/engaged)" " revert_in=[0-9]+" "engage --revert: revert_in"
kc confirm ks_test_fn3
ks_is "$RC" 0 "confirm"
ks_unlike "$(grep '^ks_test_fn3 ' $KS/engaged)" "revert_in" "confirmed: no revert"
kc disengage --all
ks_is "$RC" 0 "disengage --all"
ks_is "$(cat $KS/engaged)" "" "nothing engaged"
ks_is "$(ks_call int)" "42 body=1" "ks_test_int runs again"

# --- check ---------------------------------------------------------------------
kc check ks_test_int -1
ks_like "$OUT" "found: +loaded module ks_testmod" "check: a loaded module's function"
ks_like "$OUT" "traceable: +yes" "check: ftrace site"
kc check ks_test_notrace
ks_like "$OUT" "traceable: +not an ftrace site" "check: notrace function uses int3"
kc check ns_capable 1
ks_like "$OUT" "returns: +bool \(vmlinux BTF\)" "check: bool from /sys/kernel/btf/vmlinux"
ks_like "$OUT" "linkage: +global" "check: ns_capable is global"
kc check --json ns_capable 1
ks_like "$OUT" '^\{"target":"ns_capable","where":"vmlinux","module":"","return_kind":"bool","return_type":"bool",.*"errors":\[\],' "check --json"
kc check filp_open 5
ks_is "$RC" 1 "check: pointer function, 5 refused"
kc check filp_open -ENOENT
ks_is "$RC" 0 "check: pointer function, ERR_PTR ok"
kc check fput 1
ks_is "$RC" 1 "check: void function, 1 refused"
kc check vfs_read 1
ks_like "$OUT" "warning: +value 1: 1 is not 0 or a negative errno" "check: int-like, non-errno warned"
kc check exc_int3
ks_like "$OUT" "on the kprobe blacklist" "check: blacklist"

# A vmlinux function with a compiler copy (.isra/.constprop/.part), and one
# that only exists as copies, found in this kernel's kallsyms.
pair=$(awk '$2 ~ /^[tT]$/ && NF == 3 {
		n = $3
		if (n ~ /^__pfx_/) {
			next
		} else if (n ~ /\.(isra|constprop|part)\.[0-9]+$/) {
			b = n; sub(/\..*/, "", b); copies[b] = n
		} else if (n !~ /\./) {
			plain[n] = 1
		}
	}
	END {
		for (b in copies) if (b in plain) { cl = b; break }
		for (b in copies) if (!(b in plain)) { only = b; break }
		print cl, copies[cl], only, copies[only]
	}' /proc/kallsyms)
# shellcheck disable=SC2086 # split into the four words
set -- $pair
if [ $# -eq 4 ]; then
	ks_diag "cloned: $1 ($2); only copies: $3 ($4)"
	kc check "$1"
	ks_like "$OUT" "copies: .*$2" "check $1: its copy $2 is listed"
	ks_like "$OUT" "warning: +the compiler made copies of $1 .*bypass its entry" "check $1: bypass warned"
	if grep -q " t $1\$" /proc/kallsyms; then
		ks_like "$OUT" "linkage: +static: .*inlined" "check $1 (static): partial inlining noted"
	else
		ks_like "$OUT" "linkage: +global" "check $1 (global): linkage"
	fi
	kc check "$3"
	ks_is "$RC" 1 "check $3 (only copies exist): error"
	ks_like "$OUT" "only compiler copies of it: .*$4" "check $3: the copies are named"
else
	ks_fail "found a cloned function and a copy-only function in kallsyms"
	ks_diag "got: $pair"
fi

# get_current() is __always_inline (arch/x86/include/asm/current.h): inlined
# into every caller, no symbol, no entry.
if grep -q ' get_current$' /proc/kallsyms; then
	ks_fail "get_current is not in kallsyms (inlined everywhere)"
else
	kc check get_current
	ks_is "$RC" 1 "check an inlined function (get_current): error"
	ks_like "$OUT" "no function get_current .*inlined into every caller" "check get_current: inlining named"
fi

# A module that is installed but not loaded: af_alg.
if [ -e /sys/module/af_alg ]; then
	ks_skip "check af_alg_sendmsg in an installed module" "af_alg already loaded"
else
	kc check af_alg_sendmsg -EPERM
	ks_like "$OUT" "found: +module af_alg, installed but not loaded" "check: found in an installed, not loaded module"
	ks_like "$OUT" "target: +af_alg:af_alg_sendmsg" "check: resolved to af_alg:af_alg_sendmsg"
	ks_like "$OUT" "returns: +int \(\.BTF of .*af_alg\.ko" "check: int from the .ko's BTF"
	kc engage af_alg_sendmsg -EPERM
	ks_is "$RC" 0 "engage af_alg_sendmsg (not loaded)"
	ks_like "$(cat $KS/engaged)" "^af_alg:af_alg_sendmsg retval=-1 hits=0 state=pending" "engaged as af_alg:af_alg_sendmsg, pending"
	ks_is "$(ks_alg skcipher)" "sendmsg=EPERM" "AF_ALG sendmsg fails once af_alg loads"
	kc check af_alg_sendmsg -EPERM
	ks_like "$OUT" "returns: +int \(BTF of module af_alg\)" "check: int from /sys/kernel/btf/af_alg"
	kc disengage af_alg_sendmsg
	ks_is "$(ks_alg skcipher)" "sendmsg=OK" "AF_ALG works again"
fi

# --- apply, twice ----------------------------------------------------------------
mkdir -p /etc/killswitch.d
cat >/etc/killswitch.d/cve-0001.conf <<'CONF'
# CVE-0001: test functions
ks_test_fn5 -7
ks_test_fn6 observe
CONF
echo "ks_test_fn4 -EINVAL scope=unpriv" >/etc/killswitch.d/cve-0002.conf
kc engage ks_test_fn8 1
kc apply
ks_is "$RC" 2 "apply: changed (exit 2)"
ks_is "$(ks_call fn5)" "-7 body=0" "apply engaged ks_test_fn5"
ks_like "$(grep '^ks_test_fn6 ' $KS/engaged)" "state=observing" "apply observes ks_test_fn6"
ks_like "$(grep '^ks_test_fn4 ' $KS/engaged)" "retval=-22 .*scope=unpriv" "apply engaged ks_test_fn4 with its scope"
ks_ok "apply disengaged the undeclared ks_test_fn8" sh -c "! grep -q '^ks_test_fn8 ' $KS/engaged"
kc apply
ks_is "$RC" 0 "apply again: no change (exit 0)"
ks_like "$OUT" "already in state" "apply again says so"
sed -i 's/^ks_test_fn5 -7/ks_test_fn5 -9/' /etc/killswitch.d/cve-0001.conf
kc apply
ks_is "$RC" 2 "apply after a value change: changed"
ks_is "$(ks_call fn5)" "-9 body=0" "new value live"
kc apply
ks_is "$RC" 0 "and in state again"
# Options change: one write replaces the target (kprobe to kprobe here).
echo "ks_test_fn4 -EINVAL scope=userns" >/etc/killswitch.d/cve-0002.conf
kc apply
ks_is "$RC" 2 "apply after a scope change: changed"
ks_like "$(grep '^ks_test_fn4 ' $KS/engaged)" "retval=-22 .*scope=userns" "the new scope is in place"
ks_unlike "$OUT" "two writes" "... replaced in one write"
# A direct call cannot turn into a scoped kprobe in place: two writes.
sed -i 's/^ks_test_fn5 -9/ks_test_fn5 -9 scope=userns/' /etc/killswitch.d/cve-0001.conf
kc apply
ks_is "$RC" 2 "apply adding a scope to a direct-call target: changed"
ks_like "$OUT" "takes two writes; it is unprotected in between" "... says it took two writes"
ks_like "$(grep '^ks_test_fn5 ' $KS/engaged)" "scope=userns .*path=kprobe|path=kprobe.* scope=userns" "... and it is scoped now"
sed -i 's/^ks_test_fn5 -9 scope=userns/ks_test_fn5 -9/' /etc/killswitch.d/cve-0001.conf
echo "ks_test_fn7 5 bogus" >/etc/killswitch.d/cve-0003.conf
kc apply
ks_is "$RC" 1 "apply with a bad line: error (exit 1)"
ks_like "$OUT" "cve-0003.conf:1:" "the bad line is named"
rm /etc/killswitch.d/cve-0003.conf /etc/killswitch.d/cve-0002.conf

# --- persist: modprobe.d + modules-load.d, applied at load ------------------------
kc persist
ks_is "$RC" 2 "persist: changed"
ks_is "$(grep '^options' /etc/modprobe.d/killswitch-persist.conf)" \
	"options killswitch targets=ks_testmod:ks_test_fn5=-9,ks_testmod:ks_test_fn6=observe" \
	"persist: targets= with module:symbol"
ks_is "$(grep -v '^#' /etc/modules-load.d/killswitch-persist.conf)" "killswitch" "persist: modules-load.d"
kc persist
ks_is "$RC" 0 "persist again: in state"
kc unload
ks_is "$RC" 0 "unload"
ks_ok "module gone" [ ! -e /sys/module/killswitch ]
ks_is "$(ks_call fn5)" "1005 body=1" "unload restored ks_test_fn5"
kc load
ks_is "$(ks_call fn5)" "-9 body=0" "load: persisted targets engaged from modprobe.d (as at boot)"
kc apply
ks_is "$RC" 0 "apply after a persisted load: already in state"
kc unload
kc apply
ks_is "$RC" 2 "apply that loads the module (persisted targets=): changed"
ks_like "$OUT" "loaded the module; its options engaged" "... says it loaded the module"
ks_is "$(ks_call fn5)" "-9 body=0" "... and the persisted targets are engaged"
kc apply
ks_is "$RC" 0 "apply after that: already in state"
rm /etc/killswitch.d/*.conf
kc apply
ks_is "$RC" 2 "apply with nothing declared: disengages (changed)"
ks_is "$(cat $KS/engaged)" "" "nothing engaged"
kc persist
ks_is "$RC" 2 "persist with nothing declared: changed"
ks_ok "persist removed its files" sh -c "[ ! -e /etc/modprobe.d/killswitch-persist.conf ] && [ ! -e /etc/modules-load.d/killswitch-persist.conf ]"
kc unload
ks_is "$RC" 0 "unload at the end"

ks_done
