# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Per-flavor facts: which Debian suites, which kernel package names, which
# compiler. Needs common.sh. Sets KS_F_* variables.

# shellcheck disable=SC2034 # sets variables for the sourcing script

ks_flavor_load() {
	ks_flavor_check "$1"
	KS_FLAVOR=$1
	case "$1" in
	deb12)
		KS_F_RELEASE=bookworm
		KS_F_SUITES="bookworm bookworm-updates bookworm-security"
		# linux-image-6.1.0-NN-amd64-unsigned
		KS_F_IMAGE_RE='^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$'
		KS_F_CC=gcc-12
		KS_F_CHROOT=0
		;;
	deb13)
		KS_F_RELEASE=trixie
		KS_F_SUITES="trixie trixie-updates trixie-security"
		# linux-image-6.12.NN+deb13-amd64-unsigned
		KS_F_IMAGE_RE='^linux-image-6\.12\.[0-9]+\+deb13(\.[0-9]+)?-amd64-unsigned$'
		KS_F_CC=gcc-14
		KS_F_CHROOT=1
		;;
	esac
}
