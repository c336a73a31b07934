# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Shared helpers for the killswitch test rig scripts (sourced).

KS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KS_CACHE=${KS_CACHE:-/var/cache/killswitch-test}
KS_MIRROR=${KS_MIRROR:-http://deb.debian.org}
export KS_ROOT KS_CACHE KS_MIRROR

# Messages go to stderr: stdout of several scripts is machine-readable.
ks_log() { printf '[%s] %s\n' "${KS_LOG_TAG:-ks}" "$*" >&2; }
ks_die() { ks_log "ERROR: $*"; exit 1; }

# ks_lock NAME: take an exclusive lock for the rest of the calling shell,
# on fd 9 (one lock per script). Waits at most KS_LOCK_WAIT seconds.
ks_lock() {
	local f="$KS_CACHE/locks/$1.lock"
	mkdir -p "$KS_CACHE/locks"
	exec 9>"$f"
	if ! flock -w "${KS_LOCK_WAIT:-3600}" 9; then
		ks_die "timed out waiting for lock $f"
	fi
}

# ks_flavor_check FLAVOR: dies unless FLAVOR is known.
ks_flavor_check() {
	case "$1" in
	deb12 | deb13) ;;
	*) ks_die "unknown flavor '$1' (known: deb12 deb13)" ;;
	esac
}

# ks_elapsed START: seconds since START (from $SECONDS).
ks_elapsed() { echo $((SECONDS - $1)); }
