# SPDX-License-Identifier: GPL-2.0-only
#
# Turns the "ksb ..." lines of a bench run (tests/bench/bench.sh) into the
# table (stdout) and JSON (file named by -v json=PATH). Also -v date=TEXT,
# -v wall=SECONDS (the VM's run time), -v load="A -> B" (the host's load
# average before and after), -v commit=ID (git describe of the tree).
# Portable awk (mawk).
#
# Statistics per series: median, p10 and p90 (nearest rank) and n.
# Exits 1 when an expected series is missing.

function sortnum(a, n,    i, j, t) {
	for (i = 2; i <= n; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
}

function rank(a, n, q,    k) {
	k = int(q * n + 0.999999)
	if (k < 1) k = 1
	if (k > n) k = n
	return a[k]
}

# stats(CSV, SCALE): sets MED, P10, P90, N for the values / SCALE.
function stats(csv, scale,    a, i, n) {
	n = split(csv, a, ",")
	for (i = 1; i <= n; i++)
		a[i] = a[i] / scale
	sortnum(a, n)
	N = n
	MED = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	P10 = rank(a, n, 0.10)
	P90 = rank(a, n, 0.90)
}

function jstats(prec) {
	return sprintf("{\"median\": %." prec "f, \"p10\": %." prec "f, \"p90\": %." prec "f, \"n\": %d}",
		       MED, P10, P90, N)
}

# kv(LINE): fills KV[key] = value for every key=value word of LINE.
function kv(line,    w, i, n, p) {
	for (p in KV)
		delete KV[p]
	n = split(line, w, " ")
	for (i = 1; i <= n; i++) {
		p = index(w[i], "=")
		if (p)
			KV[substr(w[i], 1, p - 1)] = substr(w[i], p + 1)
	}
}

function jstr(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	return "\"" s "\""
}

$1 == "ksb" && $2 == "kernel" { kernel = $3 }
$1 == "ksb" && $2 == "cpus" { cpus = $3 }
$1 == "ksb" && $2 == "clocksource" { clocksource = $3 }
$1 == "ksb" && $2 == "alt" { alt = substr($0, index($0, "alt ") + 4) }
$1 == "ksb" && $2 == "call" {
	kv($0)
	row = $3
	call_ps[row] = KV["ps"]
	call_fn[row] = KV["fn"]
	call_path[row] = KV["path"]
	call_iters[row] = KV["iters"]
}
$1 == "ksb" && $2 == "cycle" {
	kv($0)
	key = KV["n"] " " KV["mode"]
	ncyc++
	cyc_key[ncyc] = key
	cyc_n[ncyc] = KV["n"] + 0
	cyc_mode[ncyc] = KV["mode"]
	cyc_path[ncyc] = KV["paths"]
	cyc_eng[ncyc] = KV["engage_ns"]
	cyc_dis[ncyc] = KV["disengage_ns"]
	cyc_slab[ncyc] = KV["slab_kb"]
	cyc_pcpu[ncyc] = KV["percpu_kb"]
}

END {
	split("plain engaged scope_miss observed plain_notrace engaged_notrace idle_0 idle_512 engaged_of_512 plain_end", rows, " ")
	label["plain"] = "plain call"
	label["engaged"] = "engaged (killed)"
	label["scope_miss"] = "engaged scope=userns, no match (runs)"
	label["observed"] = "observed (runs)"
	label["plain_notrace"] = "plain call, notrace function"
	label["engaged_notrace"] = "engaged, notrace function (killed)"
	label["idle_0"] = "untouched fn, 0 others engaged"
	label["idle_512"] = "untouched fn, 512 others engaged"
	label["engaged_of_512"] = "one of the 512 engaged (killed)"
	label["plain_end"] = "plain call again, at the end"
	if (alt != "") {
		# Measured right after "observed", so listed there.
		for (i = 10; i >= 5; i--)
			rows[i + 1] = rows[i]
		rows[5] = "engaged_alt"
		label["engaged_alt"] = "engaged (killed), " alt
	}
	for (i = 1; i in rows; i++) {
		if (!(rows[i] in call_ps)) {
			print "report: no measurement '" rows[i] "'" > "/dev/stderr"
			bad = 1
		}
	}
	if (ncyc == 0 || bad) {
		print "report: the run is incomplete" > "/dev/stderr"
		exit 1
	}

	note = "Under QEMU TCG only ratios within this one boot mean anything; absolute times are emulated."
	printf "killswitch %s benchmark: kernel %s, QEMU TCG, %s vCPUs, host load %s\n", commit, kernel, cpus, load
	printf "%s\n\n", note
	stats(call_ps["plain"], 1000)
	plain = MED
	stats(call_ps["idle_0"], 1000)
	idle0 = MED
	printf "1-2. One call of long f(long) through a function pointer (median and p10-p90\n"
	printf "     over %d reps of n calls, each rep timed with ktime_get_ns(), interrupts off)\n", N
	printf "  %-40s %-14s %6s %9s %19s %8s\n", "case", "path", "n", "ns/call", "p10-p90", "x plain"
	for (i = 1; i in rows; i++) {
		r = rows[i]
		stats(call_ps[r], 1000)
		ratio[r] = MED / plain
		printf "  %-40s %-14s %6d %9.2f %9.2f-%-9.2f %8.2f\n", label[r], call_path[r], call_iters[r], MED, P10, P90, ratio[r]
		jcall = jcall sprintf("%s    %s: {\"label\": %s, \"function\": %s, \"path\": %s, \"iters_per_rep\": %d, \"ns_per_call\": %s, \"ratio_to_plain\": %.3f}",
				       i > 1 ? ",\n" : "", jstr(r), jstr(label[r]), jstr("ks_bench_" call_fn[r]),
				       jstr(call_path[r]), call_iters[r], jstats(3), ratio[r])
	}
	stats(call_ps["idle_512"], 1000)
	idle_ratio = MED / idle0
	printf "  untouched fn with 512 engaged / with 0 engaged: %.3f\n\n", idle_ratio

	printf "3. Engage then disengage n functions (ms; median and p10-p90 over reps;\n"
	printf "   single = one write() per function, batch = all n lines in one write())\n"
	printf "  %5s %-7s %-14s %4s %10s %17s %10s %17s\n", "n", "mode", "path", "reps", "engage", "p10-p90", "disengage", "p10-p90"
	for (i = 1; i <= ncyc; i++) {
		stats(cyc_eng[i], 1e6)
		e = jstats(3)
		printf "  %5d %-7s %-14s %4d %10.1f %8.1f-%-8.1f", cyc_n[i], cyc_mode[i], cyc_path[i], N, MED, P10, P90
		stats(cyc_dis[i], 1e6)
		printf " %10.1f %8.1f-%.1f\n", MED, P10, P90
		jcyc = jcyc sprintf("%s    {\"n\": %d, \"mode\": %s, \"path\": %s, \"engage_ms\": %s, \"disengage_ms\": %s}",
				     i > 1 ? ",\n" : "", cyc_n[i], jstr(cyc_mode[i]), jstr(cyc_path[i]), e, jstats(3))
	}

	printf "\n4. Memory per engagement (Slab and Percpu of /proc/meminfo after vm.stat_refresh,\n"
	printf "   after minus before engaging n; median over reps; Percpu is page-granular)\n"
	printf "  %5s %-7s %4s %9s %15s %10s %11s %10s\n", "n", "mode", "reps", "slab kB", "p10-p90", "bytes/fn", "percpu kB", "bytes/fn"
	nm = 0
	for (i = 1; i <= ncyc; i++) {
		if (cyc_n[i] < 64)
			continue
		stats(cyc_slab[i], 1)
		sb = MED * 1024 / cyc_n[i]
		js = jstats(1)
		printf "  %5d %-7s %4d %9.0f %7.0f-%-7.0f %10.0f", cyc_n[i], cyc_mode[i], N, MED, P10, P90, sb
		stats(cyc_pcpu[i], 1)
		pb = MED * 1024 / cyc_n[i]
		printf " %11.0f %10.0f\n", MED, pb
		jmem = jmem sprintf("%s    {\"n\": %d, \"mode\": %s, \"slab_kb\": %s, \"percpu_kb\": %s, \"slab_bytes_per_engagement\": %.0f, \"percpu_bytes_per_engagement\": %.0f}",
				     nm++ ? ",\n" : "", cyc_n[i], jstr(cyc_mode[i]), js, jstats(1), sb, pb)
	}

	if (json == "")
		exit 0
	printf "{\n" > json
	printf "  \"kernel\": %s,\n  \"accel\": \"tcg\",\n  \"cpus\": %d,\n  \"clocksource\": %s,\n  \"timer\": \"ktime_get_ns\",\n", jstr(kernel), cpus, jstr(clocksource) > json
	printf "  \"commit\": %s,\n", jstr(commit) > json
	printf "  \"date\": %s,\n  \"vm_seconds\": %d,\n  \"host_load\": %s,\n  \"note\": %s,\n", jstr(date), wall, jstr(load), jstr(note) > json
	printf "  \"calls\": {\n%s\n  },\n", jcall > json
	printf "  \"untouched_512_over_0\": %.3f,\n", idle_ratio > json
	printf "  \"engage_disengage\": [\n%s\n  ],\n", jcyc > json
	printf "  \"memory\": [\n%s\n  ]\n", jmem > json
	printf "}\n" > json
	close(json)
}
