#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# In-VM tests of the fast path (issue 8): plain engagements of ftrace sites
# killed by an ftrace direct call, grouped per write; members disengaged
# on their own, revived, refused while their group holds the site; the
# livepatch conflict (EBUSY both ways, on both paths); unload with calls in
# flight on the direct path.
# ks-smp: 2
# ks-append: preempt=full
# ks-timeout: 900

. /tests/lib.sh

KS=/sys/kernel/security/killswitch
KO=/lib/modules/$(uname -r)/extra/killswitch.ko
LPKO=/lib/modules/$(uname -r)/extra/ks_lpmod.ko
LP=/sys/kernel/livepatch/ks_lpmod
engaged_line() { grep "^$1 " "$KS/engaged"; }
path_of() { engaged_line "$1" | sed -n 's/.* path=\([^ ]*\).*/\1/p'; }
fn_calls() {
	for i in "$@"; do printf '%s ' "$(ks_call "fn$i" | cut -d' ' -f1)"; done
}

modprobe ks_testmod
ks_ok "insmod killswitch" insmod "$KO"

# --- One write, one group --------------------------------------------------
ks_is "$(ks_ctl 'engage ks_test_fn0 -10\nengage ks_test_fn1 -11\nengage ks_test_fn2 -12\nengage ks_test_fn3 -13\n')" \
	"OK" "engage fn0..fn3 in one write"
ks_is "$(path_of ks_test_fn0) $(path_of ks_test_fn1) $(path_of ks_test_fn2) $(path_of ks_test_fn3)" \
	"direct direct direct direct" "all four use the direct path"
ks_is "$(fn_calls 0 1 2 3)" "-10 -11 -12 -13 " "each returns its own value"
ks_is "$(ks_call fn4)" "1004 body=1" "fn4 (not engaged) runs"
ks_is "$(cat $KS/fn/ks_test_fn2/hits)" "1" "hits counted on the direct path"
ks_call fn2 >/dev/null
ks_call fn2 >/dev/null
ks_is "$(cat $KS/fn/ks_test_fn2/hits)" "3" "hits count every killed call"

# --- Live retval change ----------------------------------------------------
ks_ok "write fn/ks_test_fn2/retval" sh -c "echo -99 > $KS/fn/ks_test_fn2/retval"
ks_is "$(ks_call fn2)" "-99 body=0" "the new value is returned at once"
ks_is "$(ks_call fn3)" "-13 body=0" "other members keep theirs"

# --- A member disengaged alone, then revived -------------------------------
ks_is "$(ks_ctl 'disengage ks_test_fn1')" "OK" "disengage fn1 alone"
ks_is "$(ks_call fn1)" "1001 body=1" "fn1 runs again at once"
ks_is "$(fn_calls 0 2 3)" "-10 -99 -13 " "the rest of its group is still killed"
ks_ok "fn1 no longer listed" sh -c "! grep -q '^ks_test_fn1 ' $KS/engaged"
ks_mark
ks_is "$(ks_ctl 'observe ks_test_fn1')" "EBUSY" "observe fn1 while its group holds the site: EBUSY"
ks_like "$(ks_dmesg_since_mark)" "observe ks_test_fn1: refused \(-EBUSY\): .*engage it without options" \
	"the log says why and what to do"
ks_is "$(ks_ctl 'engage ks_test_fn1 7 scope=userns')" "EBUSY" "scoped engage of fn1 meanwhile: EBUSY"
ks_is "$(ks_ctl 'engage ks_test_fn1 -21')" "OK" "plain engage of fn1: revived in its group"
ks_is "$(path_of ks_test_fn1)" "direct" "revived fn1 uses the direct path"
ks_is "$(ks_call fn1)" "-21 body=0" "revived fn1 returns its new value"
ks_is "$(cat $KS/fn/ks_test_fn1/hits)" "1" "revived fn1 counts hits from zero"

# --- The last members go: the group is released ----------------------------
ks_is "$(ks_ctl 'disengage ks_test_fn0\ndisengage ks_test_fn1\ndisengage ks_test_fn2\ndisengage ks_test_fn3\n')" \
	"OK" "disengage the whole group in one write"
ks_is "$(fn_calls 0 1 2 3)" "1000 1001 1002 1003 " "all four run again"
ks_is "$(ks_ctl 'observe ks_test_fn1')" "OK" "observe fn1 once the group is gone"
ks_is "$(path_of ks_test_fn1)" "kprobe-ftrace" "observed fn1 uses a kprobe"
ks_is "$(ks_ctl 'disengage ks_test_fn1')" "OK" "disengage the observed fn1"

# --- A group per module -----------------------------------------------------
ks_is "$(ks_ctl 'engage ks_test_fn6 -6\nengage af_alg:af_alg_sendmsg -1\nengage ks_test_fn7 -7\n')" \
	"OK" "engage ks_testmod and af_alg targets in one write"
ks_ok "insmod af_alg arms its target" modprobe af_alg
ks_is "$(path_of af_alg:af_alg_sendmsg)" "direct" "af_alg_sendmsg armed on load uses the direct path"
ks_ok "rmmod ks_testmod with fn6 and fn7 engaged" rmmod ks_testmod
ks_like "$(engaged_line ks_test_fn6)" " state=pending " "fn6 back to pending"
ks_is "$(path_of af_alg:af_alg_sendmsg)" "direct" "af_alg's group is not touched"
ks_ok "modprobe ks_testmod again" modprobe ks_testmod
ks_is "$(fn_calls 6 7)" "-6 -7 " "fn6 and fn7 killed again after the reload"
ks_is "$(ks_ctl 'disengage_all')" "OK" "disengage_all"
ks_ok "rmmod af_alg" rmmod af_alg

# --- Livepatch owns the site: EBUSY both ways, on both paths -----------------
for fp in 1 0; do
	ks_ok "fastpath=$fp: rmmod/insmod killswitch" sh -c "rmmod killswitch; insmod $KO fastpath=$fp"
	ks_ok "fastpath=$fp: livepatch ks_test_fn5" insmod "$LPKO"
	ks_is "$(ks_call fn5)" "5555 body=0" "fastpath=$fp: the livepatched fn5 runs"
	ks_mark
	ks_is "$(ks_ctl 'engage ks_test_fn5 -5')" "EBUSY" "fastpath=$fp: engage a livepatched function: EBUSY"
	ks_like "$(ks_dmesg_since_mark)" "ks_test_fn5: refused \(-EBUSY\): another .*ftrace user" \
		"fastpath=$fp: the log names the conflict"
	ks_ok "fastpath=$fp: no target left behind" sh -c "! grep -q '^ks_test_fn5 ' $KS/engaged"
	ks_ok "fastpath=$fp: disable the livepatch" sh -c "echo 0 > $LP/enabled"
	n=0
	while [ -d "$LP" ] && [ "$(cat $LP/transition 2>/dev/null)" = 1 ] && [ $n -lt 120 ]; do
		sleep 1
		n=$((n + 1))
	done
	ks_ok "fastpath=$fp: rmmod the livepatch" rmmod ks_lpmod
	ks_is "$(ks_call fn5)" "1005 body=1" "fastpath=$fp: fn5 is the original again"
	ks_is "$(ks_ctl 'engage ks_test_fn5 -5')" "OK" "fastpath=$fp: engage fn5"
	ks_fails "fastpath=$fp: loading the livepatch now fails" insmod "$LPKO"
	ks_is "$(ks_call fn5)" "-5 body=0" "fastpath=$fp: fn5 is still killed"
	ks_is "$(ks_ctl 'disengage_all')" "OK" "fastpath=$fp: disengage_all"
done

# --- Unload with calls in flight on the direct path --------------------------
ks_ok "rmmod/insmod killswitch" sh -c "rmmod killswitch; insmod $KO"
ks_is "$(ks_ctl 'engage ks_test_long -7\nengage ks_test_fn8 -8\n')" "OK" "engage ks_test_long (direct)"
ks_is "$(path_of ks_test_long)" "direct" "ks_test_long uses the direct path"
(
	while [ ! -e /tmp/fast.stop ]; do
		cat $KS_TESTMOD/stress_long >/dev/null
	done
) &
reader=$!
sleep 1
ks_ok "rmmod killswitch while another CPU calls the target" rmmod killswitch
ks_ok "insmod + engage + rmmod again, calls still in flight" sh -c \
	"insmod $KO && ks_write $KS/control 'engage ks_test_long -7' && rmmod killswitch"
touch /tmp/fast.stop
wait "$reader"
ks_is "$(ks_call long)" "4886718344 body=1" "ks_test_long restored"

ks_done
