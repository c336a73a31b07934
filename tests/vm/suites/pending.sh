#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# In-VM tests of pending targets: killswitches on module code armed before
# the module can run (issue 4).
# ks-smp: 2
# ks-timeout: 1200
#
# AF_ALG is not loaded at boot; socket(AF_ALG, ...) autoloads it through
# the kernel's request_module() and kmod's modprobe.

. /tests/lib.sh

KS=/sys/kernel/security/killswitch
KO=/lib/modules/$(uname -r)/extra/killswitch.ko
ALG_MODS="algif_skcipher algif_aead algif_hash af_alg"

engaged_line() { grep "^$1 " "$KS/engaged"; }
state_of() { engaged_line "$1" | sed -n 's/.* state=\([a-z]*\).*/\1/p'; }
loaded() { grep -q "^$1 " /proc/modules; }
# Unloads the AF_ALG modules; a socket of the sendmsg loop may hold them
# for a moment, so it tries a few times.
unload_alg() {
	_n=0
	while loaded af_alg && [ $_n -lt 40 ]; do
		_mods=
		for m in $ALG_MODS; do
			loaded "$m" && _mods="$_mods $m"
		done
		# shellcheck disable=SC2086 # a list of module names
		rmmod $_mods 2>/dev/null
		loaded af_alg && sleep 0.01
		_n=$((_n + 1))
	done
	! loaded af_alg
}

ks_ok "af_alg is not loaded at boot" sh -c "! grep -q '^af_alg ' /proc/modules"

# --- Boot-time protection of a module that is loaded later ------------------
ks_ok "insmod killswitch targets=af_alg:af_alg_sendmsg=-1" \
	insmod "$KO" targets=af_alg:af_alg_sendmsg=-1
ks_like "$(engaged_line af_alg:af_alg_sendmsg)" \
	"^af_alg:af_alg_sendmsg retval=-1 hits=0 state=pending .*module=af_alg" \
	"pending while af_alg is absent"
ks_is "$(ks_alg skcipher)" "sendmsg=EPERM" "autoloaded AF_ALG skcipher gets EPERM at once"
ks_ok "af_alg was autoloaded" loaded af_alg
ks_is "$(state_of af_alg:af_alg_sendmsg)" "engaged" "state becomes engaged on load"
ks_ok "armed before the module's init ran (log)" sh -c \
	"dmesg | grep -q 'armed af_alg:af_alg_sendmsg as af_alg loads (before its init runs)'"
ks_is "$(ks_alg aead)" "sendmsg=EPERM" "aead too"
ks_is "$(ks_ctl 'disengage ks_testmod:af_alg_sendmsg')" "ENOENT" \
	"disengage naming another module: ENOENT"
ks_is "$(ks_ctl 'disengage af_alg:af_alg_sendmsg')" "OK" "disengage module:symbol"
ks_is "$(ks_alg skcipher)" "sendmsg=OK" "AF_ALG works after disengage"

# --- Unload and reload: back to pending, armed again -------------------------
ks_is "$(ks_ctl 'engage af_alg:af_alg_sendmsg -1')" "OK" "engage module:symbol while loaded"
ks_is "$(state_of af_alg:af_alg_sendmsg)" "engaged" "resolves at once when loaded"
ks_ok "unload the AF_ALG modules" unload_alg
ks_is "$(state_of af_alg:af_alg_sendmsg)" "pending" "back to pending on unload"
ks_is "$(ks_alg skcipher)" "sendmsg=EPERM" "armed again on the next autoload"

# --- 100 unloads and reloads while another CPU hammers sendmsg --------------
# The loop runs until told to stop, across every cycle: each round opens
# a new socket, which autoloads AF_ALG again whenever a cycle unloaded it.
rm -f /tmp/alg-stop
ks_alg skcipher --until /tmp/alg-stop >/tmp/alg-loop 2>&1 &
bg=$!
armed_before=$(dmesg | grep -c 'armed af_alg:af_alg_sendmsg as af_alg loads')
cycles=0 unloads=0
# Until af_alg itself was unloaded and loaded again 100 times.
while [ $unloads -lt 100 ] && [ $cycles -lt 300 ]; do
	unload_alg && unloads=$((unloads + 1))
	modprobe af_alg
	modprobe algif_skcipher
	cycles=$((cycles + 1))
done
ks_ok "the sendmsg loop ran through all the cycles" kill -0 $bg
ks_ok "af_alg unloaded and reloaded 100 times under the loop ($unloads in $cycles cycles)" [ "$unloads" -ge 100 ]
touch /tmp/alg-stop
wait $bg
armed=$(( $(dmesg | grep -c 'armed af_alg:af_alg_sendmsg as af_alg loads') - armed_before ))
ks_ok "armed again at every load, also the loop's autoloads ($armed loads)" [ "$armed" -ge "$unloads" ]
ks_diag "$cycles cycles, $unloads full unloads; ks_alg --loop: $(cat /tmp/alg-loop)"
ks_like "$(cat /tmp/alg-loop)" "^ok=0 " "no sendmsg() ever reached the body during reloads"
ks_like "$(cat /tmp/alg-loop)" " EPERM=[1-9]" "sendmsg() calls got EPERM"
ks_like "$(cat /tmp/alg-loop)" " rounds=[1-9][0-9][0-9]" "the loop made hundreds of rounds"
st=$(state_of af_alg:af_alg_sendmsg)
if loaded af_alg; then want=engaged; else want=pending; fi
ks_is "$st" "$want" "state matches whether af_alg is loaded ($want)"
ks_is "$(ks_ctl 'disengage af_alg_sendmsg')" "OK" "disengage after the reload storm"
ks_is "$(ks_alg skcipher)" "sendmsg=OK" "AF_ALG works"

# --- Armed before the module's init runs: its init sees the killed value ----
rmmod ks_testmod 2>/dev/null
ks_is "$(ks_ctl 'engage ks_testmod:ks_test_fn15 77')" "OK" "pending target in ks_testmod"
ks_ok "modprobe ks_testmod" modprobe ks_testmod
ks_is "$(cat /sys/kernel/debug/ks_testmod/init_fn15)" "77" \
	"ks_testmod's init called ks_test_fn15 and got the killed value"
ks_is "$(ks_ctl 'disengage ks_test_fn15')" "OK" "disengage it"
ks_ok "reload ks_testmod" sh -c "rmmod ks_testmod && modprobe ks_testmod"
ks_is "$(cat /sys/kernel/debug/ks_testmod/init_fn15)" "1015" "unarmed, its init gets the real value"

# --- A target in init code; a module whose init fails ------------------------
rmmod ks_testmod 2>/dev/null
ks_is "$(ks_ctl 'engage ks_testmod:ks_test_initfn 55\nengage ks_testmod:ks_test_fn15 77')" "OK" \
	"pending targets on an __init function and on one that init calls"
ks_fails "modprobe ks_testmod fail_init=1 fails" modprobe ks_testmod fail_init=1
ks_is "$(state_of ks_testmod:ks_test_initfn) $(state_of ks_testmod:ks_test_fn15)" "pending pending" \
	"a module whose init failed (GOING, never LIVE): both pending again"
ks_ok "modprobe ks_testmod" modprobe ks_testmod
ks_is "$(cat /sys/kernel/debug/ks_testmod/init_initfn)" "55" "the __init function was killed while init ran"
ks_is "$(cat /sys/kernel/debug/ks_testmod/init_fn15)" "77" "and so was the function init called"
ks_is "$(state_of ks_testmod:ks_test_initfn)" "pending" "init code freed after init: its target is pending again"
ks_ok "... and says why" sh -c "dmesg | grep -q 'ks_testmod:ks_test_initfn: init code of ks_testmod, freed'"
ks_is "$(state_of ks_testmod:ks_test_fn15)" "engaged" "the other target stays engaged"
ks_ok "reload ks_testmod" sh -c "rmmod ks_testmod && modprobe ks_testmod"
ks_is "$(cat /sys/kernel/debug/ks_testmod/init_initfn)" "55" "armed again on the next load"
ks_is "$(ks_ctl 'disengage ks_test_initfn\ndisengage ks_test_fn15')" "OK" "disengage both"
ks_ok "reload ks_testmod" sh -c "rmmod ks_testmod && modprobe ks_testmod"
ks_is "$(cat /sys/kernel/debug/ks_testmod/init_initfn)" "2024" "disengaged: init gets the real value"

# --- A pending tryengage: the trial starts when the module loads -------------
rmmod ks_testmod 2>/dev/null
ks_is "$(ks_ctl 'tryengage ks_testmod:ks_test_fn5 -5 3')" "OK" "pending tryengage of 3 s"
ks_ok "retval change while pending" sh -c "echo -7 > $KS/fn/ks_test_fn5/retval"
sleep 4
ks_is "$(state_of ks_testmod:ks_test_fn5)" "pending" "still pending after 4 s: no trial without the module"
ks_like "$(engaged_line ks_testmod:ks_test_fn5)" " try_in=3( |$)" "a pending trial shows its full length"
ks_ok "modprobe ks_testmod" modprobe ks_testmod
ks_like "$(engaged_line ks_testmod:ks_test_fn5)" "retval=-7 .*state=trying .*try_in=[23]( |$)" \
	"the 3 s trial starts as the module loads, with the changed value"
sleep 5
ks_is "$(state_of ks_testmod:ks_test_fn5)" "engaged" "committed after an unused trial"
ks_is "$(ks_call fn5)" "-7 body=0" "and kills with the value changed while pending"
ks_is "$(ks_ctl 'disengage ks_test_fn5')" "OK" "disengage it"

# --- A symbol missing from its module: failed, loudly; module still loads ---
rmmod ks_testmod 2>/dev/null
ks_is "$(ks_ctl 'engage ks_testmod:ks_no_such_function 1')" "OK" "pending on a missing symbol"
ks_is "$(state_of ks_testmod:ks_no_such_function)" "pending" "pending"
ks_ok "modprobe ks_testmod still works" modprobe ks_testmod
ks_is "$(state_of ks_testmod:ks_no_such_function)" "failed" "state failed once the module loaded"
ks_like "$(engaged_line ks_testmod:ks_no_such_function)" 'reason="[^"]+"' "reason shown in engaged"
ks_ok "failure logged loudly" sh -c \
	"dmesg | grep 'ks_testmod:ks_no_such_function: FAILED to arm' | grep -q UNPROTECTED"
ks_is "$(ks_call int)" "42 body=1" "the module works"
ks_ok "rmmod ks_testmod" rmmod ks_testmod
ks_is "$(state_of ks_testmod:ks_no_such_function)" "pending" "back to pending on unload"

# --- Disengage in every state; disengage_all over a mix ----------------------
ks_is "$(ks_ctl 'engage ks_testmod:ks_test_fn1 -1')" "OK" "pending target"
ks_is "$(ks_ctl 'disengage ks_test_fn1')" "OK" "disengage while pending"
ks_ok "gone" sh -c "! grep -q ks_test_fn1 $KS/engaged"
ks_is "$(ks_ctl 'engage ks_testmod:ks_test_fn2 -2')" "OK" "pending target fn2"
ks_ok "modprobe ks_testmod" modprobe ks_testmod
ks_is "$(ks_call fn2)" "-2 body=0" "pending target armed by modprobe"
ks_is "$(ks_ctl 'engage ks_testmod:ks_test_fn3 -3')" "OK" "engaged target fn3"
ks_is "$(ks_ctl 'engage ks_test_fn4 -4')" "OK" "unqualified target in a module"
ks_is "$(ks_ctl 'engage ks_nomod_xyz:ks_nothing 1')" "OK" "pending target of another module"
ks_is "$(ks_ctl 'engage unix:unix_inq_len 0')" "OK" "module:symbol of a built-in module"
ks_like "$(engaged_line unix:unix_inq_len)" "state=engaged .*module=vmlinux" "built-in resolves at once"
ks_is "$(state_of ks_testmod:ks_no_such_function)" "failed" "failed target again"
ks_like "$(cat $KS/engaged | sed -n 's/.* state=\([a-z]*\).*/\1/p' | sort -u | tr '\n' ' ')" \
	"engaged.*failed.*pending|engaged failed pending" "engaged, failed and pending at once"
ks_is "$(ks_ctl 'disengage_all')" "OK" "disengage_all over the mix"
ks_is "$(cat $KS/engaged)" "" "nothing left"
ks_is "$(ks_call fn2) $(ks_call fn3) $(ks_call fn4)" "1002 body=1 1003 body=1 1004 body=1" "functions run again"
ks_ok "rmmod/modprobe ks_testmod after disengage_all" sh -c "rmmod ks_testmod && modprobe ks_testmod"

ks_ok "rmmod killswitch" rmmod killswitch
ks_done
