#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tools/killswitchctl/deps.sh [extra-package ...]
#
# Installs (apt-get, as root) what building killswitchctl needs, plus any
# extra packages named; does nothing when everything is installed.
set -euo pipefail

missing=()
for p in gcc make libc6-dev pkg-config libkmod-dev libbpf-dev libelf-dev \
	liblzma-dev zlib1g-dev libzstd-dev "$@"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "killswitchctl/deps.sh: need root to install: ${missing[*]}" >&2
	exit 1
fi
echo "killswitchctl/deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Other users of the machine may hold the dpkg lock: wait for it.
apt=(apt-get -o DPkg::Lock::Timeout=900)
"${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
	{ "${apt[@]}" update -qq >/dev/null &&
		"${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
