#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs the host packages the test rig needs (idempotent, quiet, skips
# what is installed). Usage: scripts/ks-deps.sh [extra-package ...]
set -euo pipefail

KS_LOG_TAG=deps
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

pkgs=(qemu-system-x86 busybox-static kmod cpio debootstrap gcc gcc-12 make
	libelf-dev libssl-dev bc bison flex xz-utils zstd gzip dwarves
	debian-archive-keyring ca-certificates util-linux coreutils
	libc6-dev file "$@")

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	ks_die "need root to install: ${missing[*]}"
fi
ks_log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
	ks_log "install failed; running apt-get update and retrying"
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
