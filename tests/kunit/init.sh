#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
#
# /init of the KUnit VM (busybox sh). Loads killswitch_kunit.ko (KUnit runs
# its suites during the load and prints KTAP to the console), unloads it,
# scans for leaks, and reboots (QEMU runs with -no-reboot, so it exits).
# Lines starting "KS-KUNIT:" are read by scripts/ks-kunit.sh.

/bin/busybox mkdir -p /proc /sys /dev /tmp
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
/bin/busybox mount -t debugfs debugfs /sys/kernel/debug
export PATH=/bin
/bin/busybox --install -s /bin

leak=/sys/kernel/debug/kmemleak
say() { echo "KS-KUNIT: $*"; }

say "booted $(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo)"
if [ -w "$leak" ]; then
	# Forget what boot left behind; only leaks from the tests count.
	echo scan >"$leak"
	echo clear >"$leak"
	say "kmemleak ready"
else
	say "kmemleak unavailable"
fi

# Helper modules first (the suites use their functions), then the tests.
helpers=
for ko in /lib/ks/*.ko; do
	m=${ko##*/}
	m=${m%.ko}
	[ "$m" = killswitch_kunit ] && continue
	insmod "$ko" || say "helper $m: insmod failed"
	helpers="$m $helpers"
done
insmod /lib/ks/killswitch_kunit.ko
say "insmod rc=$?"
rmmod killswitch_kunit
rc=$?
for m in $helpers; do
	rmmod "$m" || rc=1
done
say "rmmod rc=$rc"

if [ -w "$leak" ]; then
	# kmemleak reports objects older than 5 s; scan twice to avoid
	# transient false positives.
	sleep 6
	echo scan >"$leak"
	echo scan >"$leak"
	say "kmemleak report begin"
	cat "$leak"
	say "kmemleak report end"
fi
# Lockdep switches itself off after its first report (or when it runs out
# of entries): say whether it was still watching at the end.
if grep -q 'debug_locks: *1' /proc/lockdep_stats 2>/dev/null; then
	say "lockdep on"
else
	say "lockdep off"
fi
say "done"
sync
reboot -f
