#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tools/killswitchctl/tests/extract-btf.sh <vmlinuz> <out.btf>
#
# Writes the raw .BTF section of the kernel inside a bzImage: finds each
# xz, zstd or gzip stream in the image, decompresses it, keeps the first
# result that is an ELF file with a .BTF section (objcopy --dump-section).
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 <vmlinuz> <out.btf>" >&2; exit 2; }
img=$1
out=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ks-btf.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# try <magic-regex> <decompressor...>
try() {
	local magic=$1 off
	shift
	while read -r off; do
		tail -c +"$((off + 1))" "$img" | "$@" >"$tmp/vmlinux" 2>/dev/null || true
		if [ "$(head -c 4 "$tmp/vmlinux" | od -An -c | tr -d ' ')" = '177ELF' ] &&
			objcopy --dump-section .BTF="$tmp/btf" "$tmp/vmlinux" "$tmp/scratch" 2>/dev/null &&
			[ -s "$tmp/btf" ]; then
			mv "$tmp/btf" "$out"
			return 0
		fi
	done < <(LC_ALL=C grep -obUaP "$magic" "$img" | cut -d: -f1)
	return 1
}

try '\xfd7zXZ\x00' xz -dc ||
	try '\x28\xb5\x2f\xfd' zstd -dcq ||
	try '\x1f\x8b\x08' gzip -dc || {
	echo "$0: no ELF with a .BTF section found in $img" >&2
	exit 1
}
