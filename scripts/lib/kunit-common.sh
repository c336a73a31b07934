# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Shared helpers for scripts/ks-kunit*.sh (sourced, not executed).

ks_kunit_log() {
	printf 'ks-kunit: %s\n' "$*" >&2
}

ks_kunit_die() {
	ks_kunit_log "error: $*"
	exit 1
}

# ks_kunit_need_pkgs <package> ...: apt-get installs the ones missing.
ks_kunit_need_pkgs() {
	local p missing=()

	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || ks_kunit_die "missing packages (need root): ${missing[*]}"
	ks_kunit_log "installing: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >&2 ||
		{ apt-get update -q >&2 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "${missing[@]}" >&2; } ||
		ks_kunit_die "apt-get install ${missing[*]} failed"
}

# shellcheck disable=SC2034 # used by the scripts that source this
# Host packages for building the kernel and the test module.
KS_KUNIT_BUILD_PKGS=(linux-source-6.1 build-essential flex bison bc
	libelf-dev libssl-dev xz-utils kmod cpio)
# shellcheck disable=SC2034
# Host packages for running the VM.
KS_KUNIT_RUN_PKGS=(qemu-system-x86 busybox-static kmod cpio gzip)
