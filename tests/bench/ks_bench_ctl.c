// SPDX-License-Identifier: GPL-2.0-only
/*
 * ks_bench_ctl: the userspace half of make bench (runs in the VM, static).
 *
 *   ks_bench_ctl cycle <n> <reps> <single|batch> <retval>
 *	Per rep: engage ks_bench_f000 ... f<n-1> with <retval>, then
 *	disengage them, each step timed with CLOCK_MONOTONIC around the
 *	write()s: "single" writes one line per write(), "batch" writes all
 *	n lines in one write(). Untimed, around the engage step: Slab and
 *	Percpu of /proc/meminfo (after a vm.stat_refresh; the "before" one
 *	0.3 s after the previous rep, so that RCU has freed what that rep
 *	released); and between the
 *	two steps checks that "engaged" lists exactly those n targets and
 *	that each of them, called once through ks_bench, returns <retval>;
 *	afterwards that none is left. Prints "cycle n=<n> mode=<m>
 *	paths=<p> engage_ns=<v>,... disengage_ns=<v>,... slab_kb=<d>,...
 *	percpu_kb=<d>,..." (memory: after minus before engaging).
 *   ks_bench_ctl on <n> <retval>	engage f000..f<n-1> in one write
 *   ks_bench_ctl off <n>		disengage them in one write
 *	(untimed; "on" checks that all n are listed and killed)
 *
 * Exits 1, with a message on stderr, on any failed write or check.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define KSB_CONTROL	"/sys/kernel/security/killswitch/control"
#define KSB_ENGAGED	"/sys/kernel/security/killswitch/engaged"
#define KSB_CMD		"/sys/kernel/debug/ks_bench/cmd"
#define KSB_MAXN	600
#define KSB_MAXREPS	101
#define KSB_LINE	64

static void ksb_die(const char *fmt, ...)
{
	va_list ap;

	fputs("ks_bench_ctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static long long ksb_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		ksb_die("clock_gettime: %s", strerror(errno));
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void ksb_write(int fd, const char *buf, size_t len)
{
	ssize_t w = write(fd, buf, len);

	if (w < 0)
		ksb_die("write of %.60s...: %s", buf, strerror(errno));
	if ((size_t)w != len)
		ksb_die("short write (%zd of %zu)", w, len);
}

/* Reads a whole file into a malloc()ed, NUL-terminated buffer. */
static char *ksb_slurp(const char *path)
{
	size_t size = 65536, len = 0;
	char *buf = malloc(size);
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || !buf)
		ksb_die("open %s: %s", path, strerror(errno));
	for (;;) {
		if (len + 1 >= size) {
			size *= 2;
			buf = realloc(buf, size);
			if (!buf)
				ksb_die("out of memory");
		}
		r = read(fd, buf + len, size - len - 1);
		if (r < 0)
			ksb_die("read %s: %s", path, strerror(errno));
		if (!r)
			break;
		len += r;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* Is word one of the comma-separated words of list? */
static int ksb_listed(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

/*
 * Counts "engaged" lines of ks_bench_f* targets; appends each new path=
 * value to paths (space-separated, at most size bytes).
 */
static int ksb_count_engaged(char *paths, size_t size)
{
	char *buf = ksb_slurp(KSB_ENGAGED), *line, *save = NULL, *p;
	char path[64];
	int n = 0;

	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "ks_bench_f", 10))
			continue;
		n++;
		p = strstr(line, " path=");
		if (!p || !paths || sscanf(p, " path=%63s", path) != 1)
			continue;
		if (!ksb_listed(paths, path) &&
		    strlen(paths) + strlen(path) + 2 < size) {
			if (paths[0])
				strcat(paths, ",");
			strcat(paths, path);
		}
	}
	free(buf);
	return n;
}

/* Calls each of f000..f<n-1> once through ks_bench; all must be killed. */
static void ksb_check_killed(int n, long retval)
{
	char cmd[KSB_LINE], res[128];
	unsigned long real, killed, other;
	ssize_t r;
	int fd;

	fd = open(KSB_CMD, O_RDWR);
	if (fd < 0)
		ksb_die("open %s: %s", KSB_CMD, strerror(errno));
	snprintf(cmd, sizeof(cmd), "each 0 %d %ld", n, retval);
	ksb_write(fd, cmd, strlen(cmd));
	r = pread(fd, res, sizeof(res) - 1, 0);
	if (r < 0)
		ksb_die("read %s: %s", KSB_CMD, strerror(errno));
	res[r] = '\0';
	close(fd);
	if (sscanf(res, "real=%lu killed=%lu other=%lu", &real, &killed,
		   &other) != 3)
		ksb_die("unexpected ks_bench reply '%s'", res);
	if (killed != (unsigned long)n || real || other)
		ksb_die("%d engaged targets called: real=%lu killed=%lu other=%lu",
			n, real, killed, other);
}

/* Fills buf with n lines "<verb> ks_bench_f<i>[ <retval>]\n"; returns len. */
static size_t ksb_lines(char *buf, int n, const char *verb, const char *retval)
{
	size_t len = 0;
	int i;

	for (i = 0; i < n; i++)
		len += sprintf(buf + len, "%s ks_bench_f%03d%s%s\n", verb, i,
			       retval ? " " : "", retval ? retval : "");
	return len;
}

/* Writes buf: in one write(), or one write() per line. */
static void ksb_send(int fd, const char *buf, size_t len, int single)
{
	const char *p = buf, *nl;

	if (!single) {
		ksb_write(fd, buf, len);
		return;
	}
	while (p < buf + len) {
		nl = memchr(p, '\n', buf + len - p);
		ksb_write(fd, p, nl - p + 1);
		p = nl + 1;
	}
}

static void ksb_print_list(const char *key, const long long *v, int n)
{
	int i;

	printf(" %s=", key);
	for (i = 0; i < n; i++)
		printf("%s%lld", i ? "," : "", v[i]);
}

/* Slab and Percpu from /proc/meminfo in kB, after flushing vmstat deltas. */
static void ksb_meminfo(long long *slab, long long *percpu)
{
	char *buf, *p;
	int fd;

	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "1\n", 2) < 0 && errno != EINVAL)
			ksb_die("vm.stat_refresh: %s", strerror(errno));
		close(fd);
	}
	buf = ksb_slurp("/proc/meminfo");
	p = strstr(buf, "\nSlab:");
	if (!p || sscanf(p, "\nSlab: %lld", slab) != 1)
		ksb_die("no Slab in /proc/meminfo");
	p = strstr(buf, "\nPercpu:");
	if (!p || sscanf(p, "\nPercpu: %lld", percpu) != 1)
		ksb_die("no Percpu in /proc/meminfo");
	free(buf);
}

static int ksb_cycle(int n, int reps, const char *mode, const char *retval)
{
	static char on[KSB_MAXN * KSB_LINE], off[KSB_MAXN * KSB_LINE];
	long long eng[KSB_MAXREPS] = { 0 }, dis[KSB_MAXREPS] = { 0 };
	long long ds[KSB_MAXREPS] = { 0 }, dp[KSB_MAXREPS] = { 0 };
	long long s0, p0, s1, p1, t0;
	int single = !strcmp(mode, "single"), fd, r, got;
	size_t on_len, off_len;
	char paths[256] = "";

	if (!single && strcmp(mode, "batch"))
		ksb_die("mode must be single or batch");
	on_len = ksb_lines(on, n, "engage", retval);
	off_len = ksb_lines(off, n, "disengage", NULL);
	fd = open(KSB_CONTROL, O_WRONLY);
	if (fd < 0)
		ksb_die("open %s: %s", KSB_CONTROL, strerror(errno));
	for (r = 0; r < reps; r++) {
		/* Let RCU free what the previous rep's disengage released. */
		usleep(300000);
		ksb_meminfo(&s0, &p0);
		t0 = ksb_now();
		ksb_send(fd, on, on_len, single);
		eng[r] = ksb_now() - t0;
		ksb_meminfo(&s1, &p1);
		/* Deltas may be negative (other activity): kept signed. */
		ds[r] = s1 - s0;
		dp[r] = p1 - p0;
		got = ksb_count_engaged(paths, sizeof(paths));
		if (got != n)
			ksb_die("%d targets engaged, %d listed", n, got);
		ksb_check_killed(n, strtol(retval, NULL, 0));
		t0 = ksb_now();
		ksb_send(fd, off, off_len, single);
		dis[r] = ksb_now() - t0;
		got = ksb_count_engaged(NULL, 0);
		if (got)
			ksb_die("%d targets still listed after disengage", got);
	}
	close(fd);
	printf("cycle n=%d mode=%s paths=%s", n, mode, paths[0] ? paths : "?");
	ksb_print_list("engage_ns", eng, reps);
	ksb_print_list("disengage_ns", dis, reps);
	ksb_print_list("slab_kb", ds, reps);
	ksb_print_list("percpu_kb", dp, reps);
	printf("\n");
	return 0;
}

/* Untimed engage ("on") or disengage of f000..f<n-1>, one write. */
static int ksb_onoff(int n, const char *retval)
{
	static char buf[KSB_MAXN * KSB_LINE];
	size_t len = ksb_lines(buf, n, retval ? "engage" : "disengage", retval);
	int fd = open(KSB_CONTROL, O_WRONLY);

	if (fd < 0)
		ksb_die("open %s: %s", KSB_CONTROL, strerror(errno));
	ksb_write(fd, buf, len);
	close(fd);
	if (ksb_count_engaged(NULL, 0) != (retval ? n : 0))
		ksb_die("%s of %d targets: wrong number listed",
			retval ? "engage" : "disengage", n);
	if (retval)
		ksb_check_killed(n, strtol(retval, NULL, 0));
	return 0;
}

static int ksb_count(const char *s, int max, const char *what)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || v < 1 || v > max)
		ksb_die("%s must be 1..%d, not '%s'", what, max, s);
	return (int)v;
}

int main(int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(verb, "cycle") && argc == 6)
		return ksb_cycle(ksb_count(argv[2], KSB_MAXN, "n"),
				 ksb_count(argv[3], KSB_MAXREPS, "reps"),
				 argv[4], argv[5]);
	if (!strcmp(verb, "on") && argc == 4)
		return ksb_onoff(ksb_count(argv[2], KSB_MAXN, "n"), argv[3]);
	if (!strcmp(verb, "off") && argc == 3)
		return ksb_onoff(ksb_count(argv[2], KSB_MAXN, "n"), NULL);
	ksb_die("usage: cycle <n> <reps> <single|batch> <retval> | on <n> <retval> | off <n>");
	return 1;
}
