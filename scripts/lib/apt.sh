# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# A private apt configuration under the cache: own sources.list, lists,
# state and cache directories, no host apt.conf.d. The host's /etc/apt is
# never written. Needs common.sh.

# ks_apt_setup NAME SUITE...: creates $KS_CACHE/apt/NAME for the given
# suites (e.g. "bookworm bookworm-updates bookworm-security") and sets
# KS_APT_DIR; afterwards use ks_apt_get / ks_apt_cache.
ks_apt_setup() {
	local name=$1 s
	shift
	KS_APT_DIR="$KS_CACHE/apt/$name"
	mkdir -p "$KS_APT_DIR"/{lists/partial,cache/archives/partial,empty,state}
	: >"$KS_APT_DIR/status.tmp"
	[ -e "$KS_APT_DIR/status" ] || mv "$KS_APT_DIR/status.tmp" "$KS_APT_DIR/status"
	rm -f "$KS_APT_DIR/status.tmp"
	local kr=/usr/share/keyrings/debian-archive-keyring.gpg
	{
		for s in "$@"; do
			case "$s" in
			*-security)
				echo "deb [signed-by=$kr] $KS_MIRROR/debian-security $s main" ;;
			*)
				echo "deb [signed-by=$kr] $KS_MIRROR/debian $s main" ;;
			esac
		done
	} >"$KS_APT_DIR/sources.list.new"
	mv "$KS_APT_DIR/sources.list.new" "$KS_APT_DIR/sources.list"
	cat >"$KS_APT_DIR/apt.conf" <<-CONF
	Dir::Etc::Parts "$KS_APT_DIR/empty";
	Dir::Etc::SourceList "$KS_APT_DIR/sources.list";
	Dir::Etc::SourceParts "$KS_APT_DIR/empty";
	Dir::Etc::Preferences "$KS_APT_DIR/empty/none";
	Dir::Etc::PreferencesParts "$KS_APT_DIR/empty";
	Dir::State "$KS_APT_DIR/state";
	Dir::State::Lists "$KS_APT_DIR/lists";
	Dir::State::status "$KS_APT_DIR/status";
	Dir::Cache "$KS_APT_DIR/cache";
	Dir::Log "$KS_APT_DIR/state";
	APT::Architecture "amd64";
	APT::Architectures { "amd64"; };
	APT::Sandbox::User "root";
	Acquire::Languages "none";
	Acquire::Retries "2";
	Acquire::http::Timeout "30";
	Acquire::IndexTargets::deb::DEP-11::DefaultEnabled "false";
	Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled "false";
	Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled "false";
	CONF
}

ks_apt_get() { APT_CONFIG="$KS_APT_DIR/apt.conf" apt-get -q "$@"; }
ks_apt_cache() { APT_CONFIG="$KS_APT_DIR/apt.conf" apt-cache "$@"; }

# ks_apt_update MAXAGE: apt-get update unless the lists (of the same
# sources) are younger than MAXAGE seconds (KS_APT_REFRESH=1 forces).
# Returns non-zero on failure.
ks_apt_update() {
	local stamp="$KS_APT_DIR/updated" now
	now=$(date +%s)
	if [ "${KS_APT_REFRESH:-0}" != 1 ] && [ -e "$stamp" ] &&
		cmp -s "$stamp" "$KS_APT_DIR/sources.list" &&
		[ $((now - $(stat -c %Y "$stamp"))) -lt "$1" ]; then
		return 0
	fi
	if timeout "${KS_APT_TIMEOUT:-300}" env APT_CONFIG="$KS_APT_DIR/apt.conf" \
		apt-get -qq update >"$KS_APT_DIR/update.log" 2>&1 &&
		! grep -q '^[WE]:' "$KS_APT_DIR/update.log"; then
		cp "$KS_APT_DIR/sources.list" "$stamp"
		return 0
	fi
	ks_log "apt-get update failed (see $KS_APT_DIR/update.log)"
	return 1
}

# ks_apt_depends PKG: names of PKG's direct Depends (alternatives: first).
ks_apt_depends() {
	ks_apt_cache show --no-all-versions "$1" 2>/dev/null |
		sed -n 's/^Depends: //p' | tr ',' '\n' |
		sed 's/|.*//; s/(.*)//; s/:any//; s/^ *//; s/ *$//' | sed '/^$/d'
}
