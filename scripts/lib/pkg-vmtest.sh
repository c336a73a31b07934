#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# killswitch package test, the part that runs INSIDE the Debian 12 VM (as
# run.sh on the KSTEST data disk, started at boot by ks-pkgtest.service;
# stdout is the second serial port). Prints TAP lines without numbers
# ("ok - ..."), which the host numbers. Two boots of the same disk:
#   boot 1: install the .debs (DKMS builds the module), modprobe with
#           targets=, check engaged/signature, write /etc configs
#   boot 2: the target is engaged again at boot, then remove the packages;
#           then make dkms-install and make uninstall from the source tree
#
# Target: dummy:dummy_dev_init (ndo_init of the dummy network driver).
# Nothing else in the VM uses dummy devices, and the effect is visible:
# with it engaged at -ENOMEM, "ip link add type dummy" fails.
set -uo pipefail

data=$(dirname "$0")
phase_file=/var/lib/kstest/phase
log=/var/log/kstest.log
target=dummy:dummy_dev_init
sfs=/sys/kernel/security/killswitch
export DEBIAN_FRONTEND=noninteractive

# check <description> <command...>: one TAP line; output goes to the log,
# its tail to TAP comments on failure.
check() {
	local desc=$1 start=$SECONDS
	shift
	echo "### $desc" >>"$log"
	if "$@" >>"$log" 2>&1; then
		echo "ok - $desc"
	else
		echo "not ok - $desc"
		tail -n 15 "$log" | sed 's/^/# /'
	fi
	[ $((SECONDS - start)) -lt 5 ] || echo "# took $((SECONDS - start)) s"
}

engaged_ok() {
	cat "$sfs/engaged"
	grep -Eq "^$target retval=(-12|-ENOMEM) hits=[0-9]+ (.* )?state=engaged( |$)" "$sfs/engaged"
}

hits_counted() {
	local h
	h=$(sed -n "s/^$target .*hits=\([0-9]*\).*/\1/p" "$sfs/engaged")
	echo "hits=$h"
	[ -n "$h" ] && [ "$h" -ge 1 ]
}

# dummy_dev_init returning -ENOMEM makes register_netdevice fail.
dummy_refused() {
	if ip link add kst0 type dummy; then
		ip link del kst0
		return 1
	fi
}

dummy_works() { ip link add kst0 type dummy && ip link del kst0; }

signed_by_dkms_key() {
	local cn signer
	[ -f /var/lib/dkms/mok.pub ] || { echo "no DKMS key"; return 1; }
	cn=$(openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -subject |
		sed -n 's/.*CN *= *//p')
	signer=$(modinfo -F signer killswitch)
	echo "key CN: $cn; module signer: $signer"
	[ -n "$signer" ] && [ "$signer" = "$cn" ]
}

# killswitchctl from the package reports the loaded module, its version
# (the package's) and the one engaged target.
ctl_status() {
	local ver out
	ver=$(dpkg-query -W -f '${Version}' killswitch-dkms | sed 's/-[^-]*$//')
	out=$(killswitchctl status --json) || return 1
	echo "$out"
	case "$out" in
	*'"loaded":true,"version":"'"$ver"'"'*'"targets":1,'*'"engaged":1'*) ;;
	*) return 1 ;;
	esac
}

dkms_installed() { dkms status -m killswitch -k "$(uname -r)" | grep -w installed; }

dkms_log() {
	local f
	for f in /var/lib/dkms/killswitch/*/build/make.log; do
		[ -f "$f" ] && tail -n 40 "$f" | sed 's/^/# make.log: /'
	done
}

phase1() {
	check "kernel $(uname -r): dummy loaded, $target in kallsyms" \
		sh -c 'modprobe dummy numdummies=0 && grep -qw dummy_dev_init /proc/kallsyms'
	check "dummy links can be created before engaging" dummy_works
	check "apt install ./killswitch-dkms_*.deb ./killswitch_*.deb (offline)" \
		apt install -y "$data"/killswitch-dkms_*.deb "$data"/killswitch_*.deb
	check "DKMS built and installed killswitch for $(uname -r)" dkms_installed
	[ -d /lib/modules/"$(uname -r)"/updates/dkms ] || dkms_log
	check "module installed under updates/dkms" \
		sh -c 'modinfo -n killswitch | grep -q "/updates/dkms/killswitch\.ko"'
	check "module signed with the DKMS key (modinfo -F signer)" signed_by_dkms_key
	[ ! -d /sys/module/killswitch ] || rmmod killswitch
	check "modprobe killswitch targets=$target=-12" \
		modprobe killswitch targets="$target=-12"
	check "engaged lists $target with state=engaged" engaged_ok
	check "engaged target refuses dummy link creation" dummy_refused
	check "hits counts the refused call" hits_counted
	check "securityfs control file exists" test -e "$sfs/control"
	check "killswitchctl status (from the package) sees the engaged target" ctl_status
	# What an admin does to engage at every boot.
	printf 'options killswitch targets=%s=-12\n' "$target" \
		>/etc/modprobe.d/killswitch.conf
	printf 'options dummy numdummies=0\n' >/etc/modprobe.d/kstest-dummy.conf
	printf 'dummy\nkillswitch\n' >/etc/modules-load.d/killswitch.conf
	echo 2 >"$phase_file"
}

phase2() {
	check "after reboot: killswitch loaded by modules-load.d" test -d /sys/module/killswitch
	check "after reboot: $target engaged from /etc/modprobe.d" engaged_ok
	check "after reboot: dummy link creation refused" dummy_refused
	check "apt purge killswitch killswitch-dkms" \
		apt purge -y killswitch killswitch-dkms
	check "removal unloaded the module" test ! -d /sys/module/killswitch
	check "removal removed the module file" sh -c '! modinfo killswitch'
	check "removal removed killswitchctl" sh -c '! command -v killswitchctl'
	check "DKMS no longer lists killswitch" sh -c '! dkms status -m killswitch | grep -q .'
	check "removal removed /usr/src/killswitch-*" sh -c '! ls -d /usr/src/killswitch-*'
	check "target disengaged: dummy links can be created again" dummy_works
	from_source
	echo 3 >"$phase_file"
}

# The source tree (data/src, read-only) as a user would install it.
from_source() {
	check "make dkms-install from the source tree" make -C "$data/src" dkms-install
	check "make dkms-install: DKMS built and installed killswitch" dkms_installed
	check "make dkms-install: modprobe killswitch" modprobe killswitch
	check "make uninstall" make -C "$data/src" uninstall
	check "make uninstall unloaded the module" test ! -d /sys/module/killswitch
	check "make uninstall removed it from DKMS and /usr/src" \
		sh -c '! modinfo killswitch && ! dkms status -m killswitch | grep -q . && ! ls -d /usr/src/killswitch-*'
}

mkdir -p "$(dirname "$phase_file")"
[ -f "$phase_file" ] || echo 1 >"$phase_file"
phase=$(cat "$phase_file")
echo "# boot $phase, kernel $(uname -r)"
case "$phase" in
1) phase1 ;;
2) phase2 ;;
*) echo "not ok - unexpected boot (phase $phase)" ;;
esac
echo "# boot $phase done"
