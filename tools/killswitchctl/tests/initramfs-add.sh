#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tools/killswitchctl/tests/initramfs-add.sh <killswitchctl> <initramfs.cpio.gz>
#
# Appends killswitchctl (as /usr/sbin/killswitchctl) and the shared
# libraries ldd names for it to an initramfs, as a second gzip'ed newc
# archive: the kernel unpacks concatenated archives in order.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 <killswitchctl> <initramfs.cpio.gz>" >&2; exit 2; }
bin=$1
img=$2
stage=$(mktemp -d "${TMPDIR:-/tmp}/kctl-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/usr/sbin"
cp "$bin" "$stage/usr/sbin/killswitchctl"
ldd "$bin" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p' |
	sort -u | while read -r lib; do
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
done
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) |
	gzip -1 >>"$img"
