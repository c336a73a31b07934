#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tools/killswitchctl/tests/run.sh: host tests of the killswitchctl binary
# against fake /sys, /proc and /etc trees (--root / KILLSWITCHCTL_ROOT).
#
# Environment:
#   KCTL            the binary (default: ../killswitchctl)
#   KCTL_KERNELS    blank-separated "<kver>:<vmlinux.btf>:<modules dir>"
#                   triples of real kernels for the BTF checks (optional:
#                   without them those tests are reported as failed)
# Prints TAP ending with "N passed, N failed"; exits non-zero on failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KCTL=${KCTL:-$here/../killswitchctl}
work=$(mktemp -d "${TMPDIR:-/tmp}/kctl-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

n=0 pass=0 fail=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
# is GOT WANT DESC
is() {
	if [ "$1" = "$2" ]; then ok "$3"; else notok "$3"; diag "     got: '$1'" "expected: '$2'"; fi
}
# like GOT ERE DESC
like() {
	if grep -Eq -- "$2" <<<"$1"; then ok "$3"; else notok "$3"; diag "got: '$1'" "expected to match: /$2/"; fi
}
unlike() {
	if grep -Eq -- "$2" <<<"$1"; then notok "$3"; diag "got: '$1'" "expected not to match: /$2/"; else ok "$3"; fi
}
# run ROOT ARGS...: sets out (stdout+stderr) and rc
run() {
	local r=$1
	shift
	set +e
	out=$(KILLSWITCHCTL_ROOT=$r "$KCTL" "$@" 2>&1)
	rc=$?
	set -e
}

# fake_tree DIR KVER BTF MODDIR: a running system with killswitch loaded.
fake_tree() {
	local r=$1
	mkdir -p "$r/proc/sys/kernel" "$r/sys/kernel/btf" "$r/lib/modules" \
		"$r/sys/module/killswitch" "$r/sys/kernel/security/killswitch/fn" \
		"$r/etc/killswitch.d" "$r/sys/kernel/tracing" "$r/sys/kernel/debug/kprobes"
	echo "$2" >"$r/proc/sys/kernel/osrelease"
	[ -z "$3" ] || cp "$3" "$r/sys/kernel/btf/vmlinux"
	[ -z "$4" ] || ln -s "$4" "$r/lib/modules/$2"
	[ -n "$4" ] || mkdir -p "$r/lib/modules/$2"
	echo "0.1.0" >"$r/sys/module/killswitch/version"
	echo 0 >"$r/proc/sys/kernel/tainted"
	echo "[none] integrity confidentiality" >"$r/sys/kernel/security/lockdown"
	: >"$r/sys/kernel/security/killswitch/control"
	: >"$r/sys/kernel/security/killswitch/engaged"
	cat >"$r/proc/kallsyms" <<-'KS'
	ffffffff81000000 T ns_capable
	ffffffff81000100 T filp_open
	ffffffff81000200 T fput
	ffffffff81000300 T vfs_read
	ffffffff81000400 t ks_cloned.isra.0
	ffffffff81000480 t ks_cloned.cold
	ffffffff81000500 T ks_cloned
	ffffffff81000600 t ks_only_copy.constprop.0
	ffffffff81000700 T ks_listed
	ffffffff81000800 t ks_dup
	ffffffff81000900 t ks_dup
	ffffffff81000a00 T kprobe_blacklisted_fn
	KS
	printf 'ns_capable\nfilp_open\nfput\nvfs_read\nks_cloned\n' \
		>"$r/sys/kernel/tracing/available_filter_functions"
	printf '0xffffffff81000a00-0xffffffff81000a10\tkprobe_blacklisted_fn\n' \
		>"$r/sys/kernel/debug/kprobes/blacklist"
}

# fake_kernel ROOT: play the module: turn the control writes since the
# last call into the engaged file (engage/observe/disengage/disengage_all).
fake_kernel() {
	local r=$1 k=$1/sys/kernel/security/killswitch
	local verb t v rest scope force line
	[ -e "$k/.done" ] || echo 0 >"$k/.done"
	local done_lines
	done_lines=$(cat "$k/.done")
	tail -n +"$((done_lines + 1))" "$k/control" | while read -r verb t v rest; do
		case "$verb" in
		engage | observe)
			scope=all force=0
			[ "$verb" = observe ] && { rest="$v $rest"; v=0; }
			for w in $rest; do
				case "$w" in
				scope=*) scope=${w#scope=} ;;
				force) force=1 ;;
				esac
			done
			line="$t retval=$v hits=0 state=$([ "$verb" = observe ] && echo observing || echo engaged) path=kprobe-ftrace scope=$scope module=vmlinux"
			[ "$verb" = engage ] || line="$line observe=1"
			[ "$force" = 0 ] || line="$line force=1"
			echo "$line" >>"$k/engaged"
			;;
		disengage)
			grep -v "^$t " "$k/engaged" >"$k/engaged.new" || true
			mv "$k/engaged.new" "$k/engaged"
			;;
		disengage_all) : >"$k/engaged" ;;
		esac
	done
	wc -l <"$k/control" | tr -d ' ' >"$k/.done"
}

# ---------------------------------------------------------------- options
run / --help
is "$rc" 0 "--help exits 0"
lines=$(printf '%s\n' "$out" | wc -l)
if [ "$lines" -le 24 ]; then ok "--help fits one screen ($lines lines)"; else notok "--help has $lines lines (> 24)"; fi
like "$out" "engage <fn> <retval>" "--help lists engage"
for c in tryengage observe confirm disengage list status check apply persist load; do
	like "$out" "  $c" "--help lists $c"
done
run / --version
like "$out" "^killswitchctl [^ ]+$" "--version prints a version"
run /
is "$rc" 64 "no command: usage, exit 64"
run / frobnicate
is "$rc" 64 "unknown command: exit 64"
run / --bogus list
is "$rc" 64 "unknown option: exit 64"
run / engage foo
is "$rc" 64 "engage without a retval: exit 64"
run / engage foo 1 --scope everyone
is "$rc" 64 "--scope everyone: exit 64"
like "$out" "not all, unpriv or userns" "--scope error names the choices"
run / engage foo 1 --revert 0
is "$rc" 64 "--revert 0: exit 64"
run / engage foo 1 --revert 86401
is "$rc" 64 "--revert over a day: exit 64"
run / engage foo EPERM
is "$rc" 64 "retval EPERM without '-': exit 64"
run / tryengage foo 1 0
is "$rc" 64 "tryengage 0 seconds: exit 64"
run / disengage
is "$rc" 64 "disengage without a name or --all: exit 64"
run / disengage foo --all
is "$rc" 64 "disengage with a name and --all: exit 64"
run / observe foo --scope userns
is "$rc" 64 "observe --scope: exit 64"
run / check
is "$rc" 64 "check without a function: exit 64"

# ------------------------------------------------------ fake tree: commands
R=$work/root
fake_tree "$R" 6.1.0-test "" ""
K=$R/sys/kernel/security/killswitch

run "$R" --dry-run --force engage ks_cloned -1 --scope userns --revert 30 -q --override-guard
is "$out" "engage ks_cloned -1 scope=userns revert=30 force" \
	"options after the command, negative retval is an argument (dry run)"
run "$R" --dry-run -q --force -G engage vfs_read -E2BIG
is "$out" "engage vfs_read -7 force" "-E2BIG is a value, not an option"
run "$R" --dry-run -q --force engage vfs_read -0x10
is "$out" "engage vfs_read -16" "-0x10 is a value, not an option; --force alone sends no force"
run "$R" --dry-run -q --force -G -- engage vfs_read -1
is "$out" "engage vfs_read -1 force" "after --, -1 is a value"
run "$R" engage vfs_read -EPERM --force -q
is "$rc" 0 "engage (no BTF, --force): exit 0"
is "$(tail -n 1 "$K/control")" "engage vfs_read -1" "engage wrote one control line, without force"
run "$R" engage vfs_read -EPERM --force --override-guard -q
is "$(tail -n 1 "$K/control")" "engage vfs_read -1 force" "--override-guard sends force"
run "$R" engage ks_cloned -EPERM
is "$rc" 0 "engage with warnings only: exit 0"
like "$out" "copies bypass|bypass its entry" "engage shows the clone warning"
is "$(tail -n 1 "$K/control")" "engage ks_cloned -1" "engage ks_cloned written"
before=$(wc -l <"$K/control")
run "$R" engage no_such_function_xyz 1
is "$rc" 1 "engage of an unknown function: refused, exit 1"
like "$out" "no function no_such_function_xyz" "refusal says why"
like "$out" "--force overrides" "refusal names --force"
run "$R" engage kprobe_blacklisted_fn 0
is "$rc" 1 "engage of a kprobe-blacklisted function: refused"
like "$out" "kprobe blacklist" "blacklist named"
run "$R" engage ks_only_copy 0
is "$rc" 1 "engage of a function that only exists as a copy: refused"
like "$out" "only compiler copies of it: ks_only_copy.constprop.0" "the copies are named"
is "$(wc -l <"$K/control")" "$before" "refused engagements wrote nothing"
run "$R" tryengage vfs_read -1 60 --scope unpriv -q --force -G
is "$(tail -n 1 "$K/control")" "tryengage vfs_read -1 60 scope=unpriv force" "tryengage line"
run "$R" observe vfs_read -q --force -G
is "$(tail -n 1 "$K/control")" "observe vfs_read force" "observe line"
run "$R" confirm vfs_read -q
is "$(tail -n 1 "$K/control")" "confirm vfs_read" "confirm line"
run "$R" disengage vfs_read -q
is "$(tail -n 1 "$K/control")" "disengage vfs_read" "disengage line"
run "$R" disengage --all -q
is "$(tail -n 1 "$K/control")" "disengage_all" "disengage --all writes disengage_all"
mkdir -p "$R/lib/modules/6.1.0-test"
echo "kernel/fs/fakefs/fakefs.ko" >"$R/lib/modules/6.1.0-test/modules.builtin"
run "$R" check fakefs:vfs_read
is "$rc" 0 "check module:symbol of a built-in module: found in vmlinux"
like "$out" "found: +vmlinux" "... and says vmlinux"
run "$R" check fakefs:no_such_fn_xyz
like "$out" "fakefs is built into the kernel, and vmlinux has no function no_such_fn_xyz" "built-in module without the function"
run "$R" check ks_dup
like "$out" "2 functions are named ks_dup" "check warns about duplicate names"
like "$out" "linkage: +static: the compiler may also have inlined it" "check: a static (t) function may be inlined in places"
run "$R" check ks_cloned
like "$out" "linkage: +global" "check: a global (T) function"
run "$R" check vfs_read
like "$out" "traceable: yes" "check: ftrace site"
run "$R" check ks_listed
like "$out" "int3" "check: not in available_filter_functions -> int3"
unlike "$out" "kprobe blacklist" "check: a readable kprobe blacklist without the function: nothing said"
mv "$R/sys/kernel/debug/kprobes/blacklist" "$work/blacklist"
run "$R" check vfs_read
is "$rc" 0 "check without a readable kprobe blacklist: not refused"
like "$out" "warning: +kprobe blacklist: unknown \(cannot read $R/sys/kernel/debug/kprobes/blacklist: No such file or directory" \
	"check without a readable kprobe blacklist: warns that it is unknown"
like "$out" "result: +ok, 0 errors, [1-9][0-9]* warning" "... counted as a warning"
mv "$work/blacklist" "$R/sys/kernel/debug/kprobes/blacklist"

# list / status
cat >"$K/engaged" <<'EOF2'
ks_test_int retval=-1 hits=3 state=engaged path=kprobe-ftrace scope=all module=ks_testmod
af_alg:af_alg_sendmsg retval=-1 hits=0 state=pending path=none scope=userns module=af_alg
ks_test_long retval=5 hits=0 state=trying path=kprobe-ftrace scope=all module=ks_testmod revert_in=70 try_in=10 force=1
ks_test_bool retval=0 hits=0 state=failed path=none scope=all module=ks_testmod reason="the module has no \"such\" function"
EOF2
run "$R" list
is "$rc" 0 "list: exit 0"
like "$(printf '%s\n' "$out" | head -n 1)" "^TARGET +RETVAL +HITS +STATE +PATH +SCOPE +MODULE" "list: header"
like "$out" "af_alg:af_alg_sendmsg +-1 +0 +pending +none +userns +af_alg" "list: pending row"
like "$out" "revert_in=70s try_in=10s force" "list: notes"
run "$R" list --json
if printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d)==4 and d[1]["target"]=="af_alg:af_alg_sendmsg" and d[2]["try_in"]==10 and d[2]["force"] is True and "such" in d[3]["reason"]' 2>/dev/null; then
	ok "list --json is valid JSON with the fields"
else
	notok "list --json is valid JSON with the fields"; diag "$out"
fi
echo "none [integrity] confidentiality" >"$R/sys/kernel/security/lockdown"
echo $((1 << 15)) >"$R/proc/sys/kernel/tainted"
run "$R" status
like "$out" "taint: +clear \(bit 20 checked; tainted=32768\)" "status: says which taint bit it checks"
like "$out" "bit 15 \(TAINT_LIVEPATCH\) is set: a livepatch, or killswitch" "status: bit 15 set, bit 20 clear: says killswitch may use 15"
run "$R" status --json
like "$out" '"tainted":false,"taint_bit":20,"taint_livepatch":true,' "status --json: the bit checked and bit 15"
echo $((1 << 20 | 1 << 15 | 1)) >"$R/proc/sys/kernel/tainted"
run "$R" status
like "$out" "module: +loaded, version 0.1.0" "status: module and version"
like "$out" "taint: +set" "status: taint bit 20"
unlike "$out" "TAINT_LIVEPATCH" "status: bit 20 set: no word about bit 15"
like "$out" "lockdown: +integrity \(engaging is refused, also through module parameters; observe and disengage work\)" \
	"status: lockdown level, and that module parameters are refused too"
like "$out" "targets: +4, 1 engaged, 1 pending, 1 trying, 1 failed" "status: counts by state"
run "$R" status --json
if printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["loaded"] and d["version"]=="0.1.0" and d["tainted"] and d["lockdown"]=="integrity" and d["states"]["pending"]==1 and d["targets"]==4' 2>/dev/null; then
	ok "status --json is valid JSON with the fields"
else
	notok "status --json is valid JSON with the fields"; diag "$out"
fi
# Not root: status still reports what it can; list says why it cannot.
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	chmod 0400 "$K/engaged"
	chmod 0755 "$work"
	set +e
	out=$(KILLSWITCHCTL_ROOT=$R setpriv --reuid=65534 --regid=65534 --clear-groups "$KCTL" status 2>&1)
	rc=$?
	set -e
	is "$rc" 0 "status as a user: exit 0"
	like "$out" "targets: +unknown \(the engaged file is for root only\)" "status as a user: targets unknown"
	set +e
	out=$(KILLSWITCHCTL_ROOT=$R setpriv --reuid=65534 --regid=65534 --clear-groups "$KCTL" list 2>&1)
	rc=$?
	set -e
	is "$rc" 1 "list as a user: exit 1"
	like "$out" "Permission denied \(run as root\)" "list as a user: run as root"
	chmod 0644 "$K/engaged"
else
	notok "status and list as a user (no setpriv or not root)"
fi
echo "none integrity [confidentiality]" >"$R/sys/kernel/security/lockdown"
run "$R" status
like "$out" "lockdown: +confidentiality \(engaging and observing are refused" "status: confidentiality lockdown refuses observe too"
echo "[none] integrity confidentiality" >"$R/sys/kernel/security/lockdown"
run "$R" status
like "$out" "lockdown: +none$" "status: no lockdown, no note"
R2=$work/empty
mkdir -p "$R2/proc/sys/kernel"
echo 6.1.0-test >"$R2/proc/sys/kernel/osrelease"
run "$R2" status
like "$out" "module: +not loaded" "status without the module"
run "$R2" list --json
is "$out" "[]" "list --json without the module: []"
run "$R2" disengage foo
is "$rc" 1 "disengage without the module: exit 1"
like "$out" "not loaded" "... says the module is not loaded"

# ------------------------------------------------------------------ apply
: >"$K/engaged"
: >"$K/control"
rm -f "$K/.done"
echo 0 >"$R/proc/sys/kernel/tainted"
cat >"$R/etc/killswitch.d/cve-2026-0001.conf" <<'EOF2'
# CVE-2026-0001: make vfs_read fail for unprivileged users
vfs_read -EPERM scope=unpriv force
EOF2
cat >"$R/etc/killswitch.d/cve-2026-0002.conf" <<'EOF2'
ks_cloned 0 force   # CVE-2026-0002: a trailing comment
ks_listed 0 bogus
EOF2
run "$R" apply
is "$rc" 1 "apply with a bad line: exit 1"
like "$out" "cve-2026-0002.conf:2: unknown option" "bad line named with file:line"
unlike "$out" "cve-2026-0002.conf:1:" "blanks and '#' start a trailing comment: not an error"
is "$(wc -l <"$K/control")" 0 "apply with a bad line changes nothing"
cat >"$R/etc/killswitch.d/cve-2026-0002.conf" <<'EOF2'
ks_cloned 0	# CVE-2026-0002 (a tab, then the comment)
ks_listed observe # CVE-2026-0003
EOF2
echo "ignored because it is not a .conf file" >"$R/etc/killswitch.d/README"
run "$R" apply --dry-run
is "$rc" 2 "apply --dry-run with changes pending: exit 2"
is "$(wc -l <"$K/control")" 0 "apply --dry-run writes nothing"
run "$R" apply
is "$rc" 2 "apply: changed, exit 2"
is "$(cat "$K/control")" "engage vfs_read -1 scope=unpriv force
engage ks_cloned 0
observe ks_listed" "apply: one write with every target"
fake_kernel "$R"
run "$R" apply
is "$rc" 0 "apply again: already in state, exit 0"
like "$out" "already in state" "apply again says so"
is "$(wc -l <"$K/control")" 3 "apply again writes nothing"
# drift: a retval changed by hand, an extra target, a changed scope
mkdir -p "$K/fn/ks_cloned"
: >"$K/fn/ks_cloned/retval"
sed -i 's/^ks_cloned retval=0/ks_cloned retval=7/' "$K/engaged"
echo "stray_fn retval=1 hits=0 state=engaged path=kprobe-ftrace scope=all module=vmlinux" >>"$K/engaged"
run "$R" apply --keep --dry-run
unlike "$out" "disengage +stray_fn" "apply --keep leaves undeclared targets"
sed -i 's/^vfs_read -EPERM scope=unpriv force/vfs_read -EPERM scope=userns force/' "$R/etc/killswitch.d/cve-2026-0001.conf"
run "$R" apply
is "$rc" 2 "apply after drift: changed"
is "$(cat "$K/fn/ks_cloned/retval")" "0" "retval restored through fn/<sym>/retval"
is "$(tail -n 3 "$K/control")" "disengage vfs_read
engage vfs_read -1 scope=userns force
disengage stray_fn" "undeclared disengaged; scope change: disengage + engage in the same write"
sed -i 's/^ks_cloned retval=7/ks_cloned retval=0/' "$K/engaged"
fake_kernel "$R"
run "$R" apply
is "$rc" 0 "apply after converging: exit 0"
rm -f "$R"/etc/killswitch.d/*.conf
run "$R" apply -q
is "$rc" 2 "apply with no declarations disengages everything: changed"
fake_kernel "$R"
is "$(cat "$K/engaged")" "" "nothing engaged"
run "$R" apply
is "$rc" 0 "and then it is in state"

# ------------------------------------------------ completion and man page
comp() {
	# shellcheck disable=SC1091
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
		_killswitchctl; echo "${COMPREPLY[*]}"' _ "$here/../killswitchctl.bash-completion" "$@"
}
is "$(comp killswitchctl dis)" "disengage" "completion: commands"
is "$(comp killswitchctl --scope us)" "userns" "completion: --scope values"
is "$(comp killswitchctl engage foo -EPE)" "-EPERM" "completion: errno values"
is "$(comp killswitchctl --dry)" "--dry-run" "completion: options"
if command -v man >/dev/null; then
	mw=$(MANWIDTH=80 man --warnings -l "$here/../killswitchctl.8" 2>&1 >/dev/null)
	is "$mw" "" "man page renders without warnings"
else
	notok "man page renders without warnings (no man installed)"
fi

# ---------------------------------------------------- real kernels' BTF
for triple in ${KCTL_KERNELS:-}; do
	IFS=: read -r kver btf mods <<<"$triple"
	B=$work/k-$kver
	fake_tree "$B" "$kver" "$btf" "$mods"
	run "$B" check ns_capable 1
	like "$out" "returns: +bool \(vmlinux BTF\)" "$kver: ns_capable returns bool"
	is "$rc" 0 "$kver: bool function, 1: ok"
	run "$B" check ns_capable 2
	is "$rc" 1 "$kver: bool function, 2: refused"
	run "$B" check filp_open 5
	like "$out" "returns: +struct file \* \(vmlinux BTF\)" "$kver: filp_open returns a pointer"
	is "$rc" 1 "$kver: pointer function, 5: refused"
	run "$B" check filp_open -ENOENT
	like "$out" "ERR_PTR\(-ENOENT\)" "$kver: pointer function, -ENOENT is an ERR_PTR"
	is "$rc" 0 "$kver: pointer function, -ENOENT: ok"
	run "$B" check filp_open 0
	is "$rc" 0 "$kver: pointer function, NULL: not refused"
	like "$out" "warning.*NULL: callers that test only IS_ERR" "$kver: pointer function, NULL: warned"
	run "$B" check fput 0
	like "$out" "returns: +void" "$kver: fput returns void"
	is "$rc" 0 "$kver: void function, 0: ok"
	run "$B" check fput 1
	is "$rc" 1 "$kver: void function, 1: refused"
	run "$B" check vfs_read 1
	like "$out" "returns: +ssize_t" "$kver: vfs_read returns ssize_t"
	like "$out" "warning: +value 1: 1 is not 0 or a negative errno" "$kver: int-like, 1: warning"
	is "$rc" 0 "$kver: warnings do not refuse"
	run "$B" check af_alg_sendmsg -EPERM
	is "$rc" 0 "$kver: af_alg_sendmsg found"
	like "$out" "found: +module af_alg, installed but not loaded" "$kver: af_alg_sendmsg is in af_alg.ko (not loaded)"
	like "$out" "target: +af_alg:af_alg_sendmsg" "$kver: resolved to af_alg:af_alg_sendmsg"
	like "$out" "returns: +int \(\.BTF of .*af_alg\.ko" "$kver: int from af_alg.ko's split BTF"
	run "$B" check --json af_alg_sendmsg -EPERM
	if printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["target"]=="af_alg:af_alg_sendmsg" and d["where"]=="installed" and d["module"]=="af_alg" and d["return_kind"]=="integer" and d["return_type"]=="int" and d["errors"]==[]' 2>/dev/null; then
		ok "$kver: check --json"
	else
		notok "$kver: check --json"; diag "$out"
	fi
	run "$B" check --json ns_capable 2
	if printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["return_kind"]=="bool" and len(d["errors"])==1 and "bool" in d["errors"][0]' 2>/dev/null; then
		ok "$kver: check --json lists the errors"
	else
		notok "$kver: check --json lists the errors"; diag "$out"
	fi
	# In BTF, not in kallsyms (the fake one lacks it): inlined everywhere.
	run "$B" check vfs_write 0
	is "$rc" 1 "$kver: a BTF function without an out-of-line copy: refused"
	like "$out" "vfs_write is declared \(BTF\) but has no out-of-line copy: the compiler inlined it" "$kver: ... as inlined"
	run "$B" check get_current
	like "$out" "no function get_current .*static inline function .*inlined into every caller" "$kver: an always-inline function: not found, inlining named"
	run "$B" check af_alg:af_alg_sendmsg 2
	like "$out" "returns: +int" "$kver: module:symbol form checked too"
	# An installed tree where depmod never ran: no modules.dep.
	N=$work/nodep-$kver
	fake_tree "$N" "$kver" "$btf" ""
	mkdir -p "$N/lib/modules/$kver/kernel"
	cp -r "$mods/kernel/crypto" "$N/lib/modules/$kver/kernel/"
	run "$N" check af_alg:af_alg_sendmsg -EPERM
	is "$rc" 0 "$kver: module:symbol without modules.dep: found"
	like "$out" "returns: +int \(\.BTF of .*af_alg\.ko" "$kver: ... in the module's file"
	run "$N" check af_alg_sendmsg -EPERM
	like "$out" "target: +af_alg:af_alg_sendmsg" "$kver: unqualified, without modules.dep: resolved"
	run "$B" check crypto_aegis128_process_ad
	like "$out" "only compiler copies of it in module aegis128" "$kver: a module function that only exists as a copy"
	run "$B" --dry-run engage af_alg_sendmsg -EPERM
	is "$out" "engage af_alg:af_alg_sendmsg -1" "$kver: engage resolves a not-loaded module's function"
	printf 'af_alg_sendmsg -EPERM scope=userns\nvfs_read -1\n' >"$B/etc/killswitch.d/cve.conf"
	run "$B" persist
	is "$rc" 2 "$kver: persist: changed"
	is "$(grep '^options' "$B/etc/modprobe.d/killswitch-persist.conf")" \
		"options killswitch targets=af_alg:af_alg_sendmsg=-1/scope=userns,vfs_read=-1" \
		"$kver: persist writes targets= with module:symbol"
	is "$(grep -v '^#' "$B/etc/modules-load.d/killswitch-persist.conf")" "killswitch" \
		"$kver: persist loads the module at boot"
	run "$B" persist
	is "$rc" 0 "$kver: persist again: in state"
	unlike "$out" "lockdown" "$kver: persist without lockdown: no lockdown warning"
	echo "none [integrity] confidentiality" >"$B/sys/kernel/security/lockdown"
	run "$B" persist
	like "$out" "warning: kernel lockdown is at integrity: .*will not be engaged at boot" \
		"$kver: persist under lockdown warns that boot will not engage"
	echo "[none] integrity confidentiality" >"$B/sys/kernel/security/lockdown"
	# The admin's own files are never touched; a second targets= list is
	# refused, since modprobe would keep only one of them.
	printf 'killswitch\n' >"$B/etc/modules-load.d/killswitch.conf"
	printf '# options killswitch targets=x=1\noptions killswitch targets=vfs_write=0\n' \
		>"$B/etc/modprobe.d/killswitch.conf"
	run "$B" persist
	is "$rc" 1 "$kver: persist with another targets= in modprobe.d: refused"
	like "$out" "etc/modprobe.d/killswitch.conf: \"options killswitch targets=vfs_write=0\" sets killswitch targets too" \
		"$kver: ... naming the file and the line"
	printf 'options killswitch fastpath=0\n' >"$B/etc/modprobe.d/killswitch.conf"
	run "$B" persist
	is "$rc" 0 "$kver: other killswitch options are fine"
	rm "$B/etc/killswitch.d/cve.conf"
	run "$B" persist
	is "$rc" 2 "$kver: persist with nothing declared: changed"
	if [ ! -e "$B/etc/modprobe.d/killswitch-persist.conf" ] &&
		[ ! -e "$B/etc/modules-load.d/killswitch-persist.conf" ]; then
		ok "$kver: ... removes both of its files"
	else
		notok "$kver: ... removes both of its files"
	fi
	is "$(cat "$B/etc/modules-load.d/killswitch.conf" "$B/etc/modprobe.d/killswitch.conf")" \
		"$(printf 'killswitch\noptions killswitch fastpath=0')" "$kver: ... and keeps the admin's"
	rm -f "$B/etc/modules-load.d/killswitch.conf" "$B/etc/modprobe.d/killswitch.conf"
done
[ -n "${KCTL_KERNELS:-}" ] || notok "no KCTL_KERNELS given: the real-BTF checks did not run"

echo "1..$n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
