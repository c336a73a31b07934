// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests of killswitchctl's pure parts: the engaged-line parser,
 * the conf-file parser, apply planning (converges; a second plan is empty),
 * the value-fits-type rules, the errno explanations and the formats that
 * go to the kernel. Apply itself runs on a fake root with the control file
 * and module loading scripted (t_fake). Prints TAP ending with
 * "N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <libkmod.h>

#include "../kctl.h"

static int t_n, t_pass, t_fail;

static void t_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	t_n++;
	if (cond)
		t_pass++;
	else
		t_fail++;
	printf("%sok %d - ", cond ? "" : "not ", t_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/*
 * Seams: tests/t_ctl is linked with --wrap=kctl_control_write and
 * --wrap=kctl_module_load, so the calls from the commands come here.
 * With t_fake.on clear they go on to the real functions.
 */
int __real_kctl_control_write(const struct kctl *c, const char *text);
int __wrap_kctl_control_write(const struct kctl *c, const char *text);
int __real_kctl_module_load(struct kctl *c);
int __wrap_kctl_module_load(struct kctl *c);
int __real_kmod_module_probe_insert_module(struct kmod_module *mod,
		unsigned int flags, const char *extra_options,
		int (*run_install)(struct kmod_module *m, const char *cmdline,
				   void *data),
		const void *data,
		void (*print_action)(struct kmod_module *m, bool install,
				     const char *options));
int __wrap_kmod_module_probe_insert_module(struct kmod_module *mod,
		unsigned int flags, const char *extra_options,
		int (*run_install)(struct kmod_module *m, const char *cmdline,
				   void *data),
		const void *data,
		void (*print_action)(struct kmod_module *m, bool install,
				     const char *options));

#define T_WRITES_MAX	8

static struct {
	bool on;
	int result[T_WRITES_MAX];	/* what write i returns: 0, -errno */
	char *text[T_WRITES_MAX];	/* what write i was given */
	size_t nwrites;
	int loads;			/* kctl_module_load() calls */
	const char *load_engaged;	/* the engaged file after a load */
	int insert_result;		/* nonzero: what libkmod's insert returns */
} t_fake;

static char t_root[256];

/* A temporary name below $TMPDIR (or /tmp). */
static void t_tmpname(char *buf, size_t len, const char *what)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(buf, len, "%s/t_ctl.%sXXXXXX", tmp && *tmp ? tmp : "/tmp",
		 what);
}

/* <root>/rel with its parent directories; text NULL: a directory. */
static void t_put(const char *rel, const char *text)
{
	char p[512], *s;
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", t_root, rel);
	for (s = p + strlen(t_root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	if (!text) {
		mkdir(p, 0755);
		return;
	}
	f = fopen(p, "w");
	if (!f) {
		perror(p);
		return;
	}
	fputs(text, f);
	fclose(f);
}

int __wrap_kctl_control_write(const struct kctl *c, const char *text)
{
	size_t i = t_fake.nwrites;

	if (!t_fake.on)
		return __real_kctl_control_write(c, text);
	t_fake.nwrites++;
	if (i >= T_WRITES_MAX)
		return -E2BIG;
	t_fake.text[i] = strdup(text);
	return t_fake.result[i];
}

/* The module loads, and its targets= engaged load_engaged. */
int __wrap_kctl_module_load(struct kctl *c)
{
	if (!t_fake.on)
		return __real_kctl_module_load(c);
	t_fake.loads++;
	t_put("sys/module/killswitch", NULL);
	t_put("sys/kernel/security/killswitch/control", "");
	t_put("sys/kernel/security/killswitch/engaged",
	      t_fake.load_engaged ? t_fake.load_engaged : "");
	return 0;
}

/* libkmod's insert (init_module) fails with t_fake.insert_result. */
int __wrap_kmod_module_probe_insert_module(struct kmod_module *mod,
		unsigned int flags, const char *extra_options,
		int (*run_install)(struct kmod_module *m, const char *cmdline,
				   void *data),
		const void *data,
		void (*print_action)(struct kmod_module *m, bool install,
				     const char *options))
{
	if (!t_fake.insert_result)
		return __real_kmod_module_probe_insert_module(mod, flags,
				extra_options, run_install, data,
				print_action);
	return t_fake.insert_result;
}

static void t_fake_reset(void)
{
	size_t i;

	for (i = 0; i < T_WRITES_MAX; i++)
		free(t_fake.text[i]);
	memset(&t_fake, 0, sizeof(t_fake));
	t_fake.on = true;
}

static const char *t_written(size_t i)
{
	return i < T_WRITES_MAX && t_fake.text[i] ? t_fake.text[i] : "";
}

static int t_rm(const char *p, const struct stat *st, int flag,
		struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* A running system without the module: kallsyms and a kernel release. */
static void t_root_new(void)
{
	t_tmpname(t_root, sizeof(t_root), "");
	if (!mkdtemp(t_root)) {
		perror("mkdtemp");
		exit(1);
	}
	t_put("proc/sys/kernel/osrelease", "6.1.0-test\n");
	t_put("proc/kallsyms",
	      "ffffffff81000300 T vfs_read\nffffffff81000400 T vfs_write\n");
	t_put("sys/kernel/debug/kprobes/blacklist", "");
	t_put("etc/killswitch.d", NULL);
}

static void t_root_free(void)
{
	nftw(t_root, t_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* Run a command with stdout and stderr going to *out (malloc'd). */
static int t_capture(int (*cmd)(struct kctl *, int, char **), bool quiet,
		     char **out)
{
	struct kctl c = { .root = t_root, .scope = -1, .quiet = quiet };
	char *argv[] = { "cmd", NULL }, tmpl[256];
	int fd, o1, o2, ret;
	off_t len;

	t_tmpname(tmpl, sizeof(tmpl), "out.");
	fflush(stdout);
	fflush(stderr);
	fd = mkstemp(tmpl);
	o1 = dup(1);
	o2 = dup(2);
	if (fd < 0 || o1 < 0 || o2 < 0) {
		perror("capture");
		exit(1);
	}
	unlink(tmpl);
	dup2(fd, 1);
	dup2(fd, 2);
	kctl_init_kver(&c);
	ret = cmd(&c, 1, argv);
	if (c.vmlinux_btf)
		btf__free(c.vmlinux_btf);
	if (c.kmod)
		kmod_unref(c.kmod);
	fflush(stdout);
	fflush(stderr);
	dup2(o1, 1);
	dup2(o2, 2);
	close(o1);
	close(o2);
	len = lseek(fd, 0, SEEK_END);
	*out = calloc(1, (size_t)(len > 0 ? len : 0) + 1);
	if (*out && len > 0 && pread(fd, *out, (size_t)len, 0) < 0)
		(*out)[0] = '\0';
	close(fd);
	return ret;
}

static void t_engaged(void)
{
	struct kctl_target t;
	int r;

	r = kctl_parse_engaged_line("af_alg:af_alg_sendmsg retval=-1 hits=12 state=engaged path=kprobe-ftrace scope=userns module=af_alg revert_in=30 force=1 reason=\"a b c\"\n",
				    &t);
	t_ok(!r, "engaged: full line parses");
	t_ok(!strcmp(t.target, "af_alg:af_alg_sendmsg") &&
	     !strcmp(t.symbol, "af_alg_sendmsg"), "engaged: target and symbol");
	t_ok(t.retval == -1 && t.hits == 12, "engaged: retval and hits");
	t_ok(!strcmp(t.state, "engaged") && !strcmp(t.path, "kprobe-ftrace") &&
	     !strcmp(t.scope, "userns") && !strcmp(t.home, "af_alg"),
	     "engaged: state, path, scope, module");
	t_ok(t.revert_in == 30 && t.try_in == -1 && t.force,
	     "engaged: revert_in, no try_in, force");
	t_ok(!strcmp(t.reason, "a b c"), "engaged: reason with blanks");

	r = kctl_parse_engaged_line("ks_test_int retval=-9223372036854775808 hits=0 state=trying path=none scope=all module=vmlinux try_in=5",
				    &t);
	t_ok(!r && t.retval == (-9223372036854775807L - 1) && t.try_in == 5 &&
	     !t.force && !t.reason[0], "engaged: LONG_MIN, trying, try_in");
	r = kctl_parse_engaged_line("x retval=1 hits=2 state=pending path=none scope=all module=m newfield=7",
				    &t);
	t_ok(!r && !strcmp(t.state, "pending"), "engaged: unknown fields ignored");
	t_ok(kctl_parse_engaged_line("x hits=2 state=engaged", &t) != 0,
	     "engaged: missing retval refused");
	t_ok(kctl_parse_engaged_line("x retval=1", &t) != 0,
	     "engaged: missing hits refused");
	t_ok(kctl_parse_engaged_line("9bad retval=1 hits=0", &t) != 0,
	     "engaged: bad target refused");
	t_ok(kctl_parse_engaged_line("x retval=abc hits=0", &t) != 0,
	     "engaged: non-numeric retval refused");
	t_ok(kctl_parse_engaged_line("", &t) != 0, "engaged: empty refused");
}

static void t_conf(void)
{
	static const struct {
		const char *line;
		int ok;
		enum ks_verb verb;
		const char *mod, *sym;
		long v;
		enum ks_scope scope;
		int force;
	} cases[] = {
		{ "af_alg_sendmsg -EPERM", 1, KS_VERB_ENGAGE, "", "af_alg_sendmsg", -1, KS_SCOPE_ALL, 0 },
		{ "af_alg:af_alg_sendmsg -1 scope=userns\n", 1, KS_VERB_ENGAGE, "af_alg", "af_alg_sendmsg", -1, KS_SCOPE_USERNS, 0 },
		{ "  nft_foo 0x10 force scope=unpriv", 1, KS_VERB_ENGAGE, "", "nft_foo", 16, KS_SCOPE_UNPRIV, 1 },
		{ "\tfoo.isra.0 0", 1, KS_VERB_ENGAGE, "", "foo.isra.0", 0, KS_SCOPE_ALL, 0 },
		{ "foo observe", 1, KS_VERB_OBSERVE, "", "foo", 0, KS_SCOPE_ALL, 0 },
		{ "foo observe force", 1, KS_VERB_OBSERVE, "", "foo", 0, KS_SCOPE_ALL, 1 },
		{ "# CVE-2026-0001: af_alg", 1, KS_VERB_NONE, "", "", 0, KS_SCOPE_ALL, 0 },
		{ "   # indented comment", 1, KS_VERB_NONE, "", "", 0, KS_SCOPE_ALL, 0 },
		{ "", 1, KS_VERB_NONE, "", "", 0, KS_SCOPE_ALL, 0 },
		{ "\n", 1, KS_VERB_NONE, "", "", 0, KS_SCOPE_ALL, 0 },
		{ "foo", 0, 0, "", "", 0, 0, 0 },
		{ "foo 1 revert=10", 0, 0, "", "", 0, 0, 0 },
		{ "foo EPERM", 0, 0, "", "", 0, 0, 0 },
		{ "foo 1 2", 0, 0, "", "", 0, 0, 0 },
		{ "foo 1 scope=bogus", 0, 0, "", "", 0, 0, 0 },
		{ "foo observe scope=userns", 0, 0, "", "", 0, 0, 0 },
		{ "foo 010", 0, 0, "", "", 0, 0, 0 },
		{ "foo 1 # trailing comment", 1, KS_VERB_ENGAGE, "", "foo", 1, KS_SCOPE_ALL, 0 },
		{ "foo -EPERM scope=userns force  # CVE-2026-1234\n", 1, KS_VERB_ENGAGE, "", "foo", -1, KS_SCOPE_USERNS, 1 },
		{ "foo 0x10\t# tab, then the comment", 1, KS_VERB_ENGAGE, "", "foo", 16, KS_SCOPE_ALL, 0 },
		{ "foo observe # only counted", 1, KS_VERB_OBSERVE, "", "foo", 0, KS_SCOPE_ALL, 0 },
		{ "foo 1 #", 1, KS_VERB_ENGAGE, "", "foo", 1, KS_SCOPE_ALL, 0 },
		{ "foo 1 # a # b", 1, KS_VERB_ENGAGE, "", "foo", 1, KS_SCOPE_ALL, 0 },
		{ "foo 1#no blank before it", 0, 0, "", "", 0, 0, 0 },
		{ "foo#1 1", 0, 0, "", "", 0, 0, 0 },
		{ "foo # the value is missing", 0, 0, "", "", 0, 0, 0 },
		{ "foo 1 # CRLF\r\n", 0, 0, "", "", 0, 0, 0 },
		{ "1foo 1", 0, 0, "", "", 0, 0, 0 },
		{ "foo 1\r\n", 0, 0, "", "", 0, 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ks_cmd cmd;
		const char *why = NULL;
		int r = kctl_conf_parse_line(cases[i].line, &cmd, &why);
		char shown[80];
		size_t j;

		snprintf(shown, sizeof(shown), "%s", cases[i].line);
		for (j = 0; shown[j]; j++)
			if (shown[j] == '\n' || shown[j] == '\r' || shown[j] == '\t')
				shown[j] = ' ';
		if (!cases[i].ok) {
			t_ok(r != 0 && why && *why, "conf: \"%s\" refused (%s)",
			     shown, why ? why : "no reason");
			continue;
		}
		t_ok(!r && cmd.verb == cases[i].verb &&
		     (cmd.verb == KS_VERB_NONE ||
		      (!strcmp(cmd.target.module, cases[i].mod) &&
		       !strcmp(cmd.target.symbol, cases[i].sym) &&
		       (cmd.verb == KS_VERB_OBSERVE || cmd.retval == cases[i].v) &&
		       cmd.scope == cases[i].scope &&
		       cmd.force == !!cases[i].force)),
		     "conf: \"%s\" parses%s%s", shown, r ? ": " : "",
		     r && why ? why : "");
	}
}

/* Lines longer than the read buffer: only a comment may run on. */
static void t_conf_long(void)
{
	struct kctl c = { .root = t_root, .scope = -1 };
	struct kctl_decls d;
	char *text = malloc(4096), *errs = NULL;
	size_t elen = 0;
	FILE *err;
	int r;

	t_root_new();
	snprintf(text, 4096, "# %02000d\nvfs_read -1   # %02000d\nvfs_write 0\n",
		 0, 0);
	t_put("etc/killswitch.d/a.conf", text);
	err = open_memstream(&errs, &elen);
	r = kctl_conf_load(&c, &d, err);
	fclose(err);
	t_ok(!r && d.n == 2 && !strcmp(d.v[0].cmd.target.symbol, "vfs_read") &&
	     d.v[1].line == 3 && !strcmp(d.v[1].cmd.target.symbol, "vfs_write"),
	     "conf: comments longer than a line buffer: skipped whole (%d, %zu declared; %.*s)",
	     r, d.n, errs && *errs ? (int)strcspn(errs, "\n") : 9,
	     errs && *errs ? errs : "no errors");
	kctl_decls_free(&d);
	free(errs);
	errs = NULL;
	snprintf(text, 4096, "vfs_read -1 %02000d\nvfs_write 0\n", 0);
	t_put("etc/killswitch.d/a.conf", text);
	err = open_memstream(&errs, &elen);
	r = kctl_conf_load(&c, &d, err);
	fclose(err);
	t_ok(r && d.n == 1 && !strcmp(d.v[0].cmd.target.symbol, "vfs_write") &&
	     d.v[0].line == 2 && errs && strstr(errs, "a.conf:1: line too long"),
	     "conf: a declaration longer than a line buffer: refused, its tail is not a line (%zu declared; %.*s)",
	     d.n, errs ? (int)strcspn(errs, "\n") : 0, errs ? errs : "");
	kctl_decls_free(&d);
	free(errs);
	free(text);
	t_root_free();
}

/* The fake kernel: apply a plan to a running list. */
static void t_simulate(struct kctl_list *run, const struct kctl_plan *p)
{
	size_t i, j;

	for (i = 0; i < p->n; i++) {
		const struct kctl_action *a = &p->v[i];
		struct kctl_target *t = NULL;

		for (j = 0; j < run->n; j++)
			if (!strcmp(run->v[j].symbol, a->cmd.target.symbol))
				t = &run->v[j];
		if (a->act == KCTL_ACT_DISENGAGE || a->act == KCTL_ACT_REPLACE) {
			if (t) {
				*t = run->v[--run->n];
				t = NULL;
			}
			if (a->act == KCTL_ACT_DISENGAGE)
				continue;
		}
		if (a->act == KCTL_ACT_RETVAL) {
			if (t)
				t->retval = a->cmd.retval;
			continue;
		}
		if (run->n == run->cap) {
			run->cap = run->cap ? run->cap * 2 : 8;
			run->v = realloc(run->v, run->cap * sizeof(*run->v));
		}
		t = &run->v[run->n++];
		memset(t, 0, sizeof(*t));
		snprintf(t->target, sizeof(t->target), "%s%s%s",
			 a->cmd.target.module, a->cmd.target.module[0] ? ":" : "",
			 a->cmd.target.symbol);
		snprintf(t->symbol, sizeof(t->symbol), "%s", a->cmd.target.symbol);
		t->retval = a->cmd.retval;
		snprintf(t->state, sizeof(t->state), "%s",
			 a->cmd.verb == KS_VERB_OBSERVE ? "observing" :
			 a->cmd.target.module[0] ? "pending" : "engaged");
		snprintf(t->scope, sizeof(t->scope), "%s",
			 ks_scope_name(a->cmd.scope));
		t->force = a->cmd.force;
		t->observe = a->cmd.verb == KS_VERB_OBSERVE;
		t->revert_in = t->try_in = -1;
	}
}

static void t_decl(struct kctl_decls *d, const char *line)
{
	const char *why;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = realloc(d->v, d->cap * sizeof(*d->v));
	}
	memset(&d->v[d->n], 0, sizeof(d->v[d->n]));
	if (kctl_conf_parse_line(line, &d->v[d->n].cmd, &why))
		fprintf(stderr, "bad test line %s: %s\n", line, why);
	d->n++;
}

static void t_run(struct kctl_list *run, const char *line)
{
	if (run->n == run->cap) {
		run->cap = run->cap ? run->cap * 2 : 8;
		run->v = realloc(run->v, run->cap * sizeof(*run->v));
	}
	if (kctl_parse_engaged_line(line, &run->v[run->n]))
		fprintf(stderr, "bad engaged line %s\n", line);
	run->n++;
}

static size_t t_count(const struct kctl_plan *p, enum kctl_act act)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++)
		n += p->v[i].act == act;
	return n;
}

/* A replacement's previous command, as written to restore it. */
static void t_old(const struct kctl_plan *p, const char *sym,
		  const char *want)
{
	char buf[KS_LINE_MAX] = "";
	const char *why = NULL;
	struct ks_cmd back;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].cmd.target.symbol, sym))
			break;
	if (i < p->n && p->v[i].have_old)
		kctl_format_cmd(&p->v[i].old, buf, sizeof(buf));
	t_ok(!strcmp(buf, want) && !ks_parse_line(buf, strlen(buf), &back, &why),
	     "plan: %s's previous command is \"%s\" (got \"%s\"%s%s)", sym,
	     want, buf, why ? ": " : "", why ? why : "");
}

static void t_plan(void)
{
	struct kctl_decls d = { 0 };
	struct kctl_list run = { 0 };
	struct kctl_plan p;

	t_ok(!kctl_plan(&d, &run, false, &p) && p.n == 0,
	     "plan: nothing declared, nothing running: no change");
	kctl_plan_free(&p);

	t_decl(&d, "af_alg:af_alg_sendmsg -EPERM");
	t_decl(&d, "vfs_foo -1 scope=userns");
	t_decl(&d, "bar_probe observe");
	t_decl(&d, "baz 0");
	t_decl(&d, "qux 1");
	t_run(&run, "baz retval=5 hits=3 state=engaged path=kprobe-ftrace scope=all module=vmlinux");
	t_run(&run, "qux retval=1 hits=0 state=engaged path=kprobe-ftrace scope=unpriv module=vmlinux");
	t_run(&run, "stale retval=1 hits=0 state=engaged path=kprobe-ftrace scope=all module=vmlinux");

	t_ok(!kctl_plan(&d, &run, true, &p) && t_count(&p, KCTL_ACT_DISENGAGE) == 0,
	     "plan --keep: undeclared running target kept");
	kctl_plan_free(&p);

	t_ok(!kctl_plan(&d, &run, false, &p), "plan: computed");
	t_ok(t_count(&p, KCTL_ACT_ENGAGE) == 3, "plan: 3 new targets engaged");
	t_ok(t_count(&p, KCTL_ACT_RETVAL) == 1, "plan: baz 5 -> 0 by retval");
	t_ok(t_count(&p, KCTL_ACT_REPLACE) == 1, "plan: qux scope unpriv -> all replaced");
	t_ok(t_count(&p, KCTL_ACT_DISENGAGE) == 1, "plan: undeclared stale disengaged");
	t_simulate(&run, &p);
	kctl_plan_free(&p);
	t_ok(!kctl_plan(&d, &run, false, &p) && p.n == 0,
	     "plan: second run after applying: no change");
	kctl_plan_free(&p);

	/* Running states the declaration does not accept. */
	run.n = 0;
	t_run(&run, "af_alg:af_alg_sendmsg retval=-1 hits=0 state=pending path=none scope=all module=af_alg");
	t_run(&run, "vfs_foo retval=-1 hits=0 state=trying path=kprobe-ftrace scope=userns module=vmlinux try_in=3");
	t_run(&run, "bar_probe retval=0 hits=0 state=engaged path=kprobe-ftrace scope=all module=vmlinux");
	t_run(&run, "baz retval=0 hits=0 state=engaged path=kprobe-ftrace scope=all module=vmlinux revert_in=60");
	t_run(&run, "qux retval=1 hits=9 state=engaged path=kprobe-int3 scope=all module=vmlinux force=1");
	t_ok(!kctl_plan(&d, &run, false, &p), "plan: computed (states)");
	t_ok(t_count(&p, KCTL_ACT_ENGAGE) == 0 && p.n == 4 &&
	     t_count(&p, KCTL_ACT_REPLACE) == 4,
	     "plan: trying, engaged-vs-observe, revert armed, force differ: replaced; pending is in state");
	t_old(&p, "vfs_foo", "tryengage vfs_foo -1 3 scope=userns");
	t_old(&p, "bar_probe", "engage bar_probe 0");
	t_old(&p, "baz", "engage baz 0 revert=60");
	t_old(&p, "qux", "engage qux 1 force");
	t_simulate(&run, &p);
	kctl_plan_free(&p);
	t_ok(!kctl_plan(&d, &run, false, &p) && p.n == 0,
	     "plan: converged after replacing");
	kctl_plan_free(&p);
	free(run.v);
	kctl_decls_free(&d);

	/* Pending targets: observe=1 tells an observe from an engage 0. */
	memset(&d, 0, sizeof(d));
	memset(&run, 0, sizeof(run));
	t_decl(&d, "af_alg:af_alg_sendmsg observe");
	t_decl(&d, "esp4:esp_input 0");
	t_run(&run, "af_alg:af_alg_sendmsg retval=0 hits=0 state=pending path=none scope=all module=af_alg observe=1");
	t_run(&run, "esp4:esp_input retval=0 hits=0 state=pending path=none scope=all module=esp4");
	t_ok(!kctl_plan(&d, &run, false, &p) && p.n == 0,
	     "plan: pending observe and pending engage 0, both in state");
	kctl_plan_free(&p);
	/* A trial whose module went away: pending, but still a trial. */
	run.v[1].try_in = 5;
	t_ok(!kctl_plan(&d, &run, false, &p) && p.n == 1 &&
	     t_count(&p, KCTL_ACT_REPLACE) == 1,
	     "plan: a pending target with try_in (a trial) is replaced by the declared engage");
	t_old(&p, "esp_input", "tryengage esp4:esp_input 0 5");
	kctl_plan_free(&p);
	run.v[1].try_in = -1;
	run.v[0].observe = false;
	run.v[1].observe = true;
	t_ok(!kctl_plan(&d, &run, false, &p) && p.n == 2 &&
	     t_count(&p, KCTL_ACT_REPLACE) == 2,
	     "plan: pending engage 0 declared observe, and the other way: replaced");
	kctl_plan_free(&p);
	free(run.v);
	kctl_decls_free(&d);
}

static void t_apply_load(void)
{
	char *out = NULL;
	int r;

	/* persist's targets= cover the declaration: loading is the change. */
	t_root_new();
	t_fake_reset();
	t_put("etc/killswitch.d/a.conf", "vfs_read -EPERM\n");
	t_fake.load_engaged = "vfs_read retval=-1 hits=0 state=engaged path=kprobe-ftrace scope=all module=vmlinux\n";
	r = t_capture(kctl_cmd_apply, false, &out);
	t_ok(r == KCTL_EXIT_CHANGED && t_fake.loads == 1 && !t_fake.nwrites,
	     "apply that loads the module (targets= cover it): exit 2, nothing written (got %d, %d loads, %zu writes)",
	     r, t_fake.loads, t_fake.nwrites);
	t_ok(out && strstr(out, "loaded the module") &&
	     !strstr(out, "already in state"),
	     "... says it loaded the module, not \"already in state\"");
	free(out);
	r = t_capture(kctl_cmd_apply, false, &out);
	t_ok(r == KCTL_EXIT_OK && t_fake.loads == 1 && !t_fake.nwrites &&
	     out && strstr(out, "already in state"),
	     "apply again: exit 0, already in state (got %d)", r);
	free(out);
	t_root_free();

	/* Loading engages nothing: the targets are written after loading. */
	t_root_new();
	t_fake_reset();
	t_put("etc/killswitch.d/a.conf", "vfs_read -EPERM\n");
	r = t_capture(kctl_cmd_apply, true, &out);
	t_ok(r == KCTL_EXIT_CHANGED && t_fake.loads == 1 &&
	     t_fake.nwrites == 1 &&
	     !strcmp(t_written(0), "engage vfs_read -1\n"),
	     "apply that loads the module and engages: exit 2, one write (got %d: \"%.*s\")",
	     r, (int)strcspn(t_written(0), "\n"), t_written(0));
	free(out);
	t_root_free();
	t_fake_reset();
	t_fake.on = false;
}

static const char t_two_direct[] =
	"vfs_read retval=-1 hits=0 state=engaged path=ftrace-direct scope=all module=vmlinux\n"
	"vfs_write retval=-1 hits=0 state=engaged path=ftrace-direct scope=all module=vmlinux\n";

/*
 * EBUSY: the replacements go in two writes. When the kernel refuses a
 * new engage, the previous command goes back; the other one still runs.
 */
static void t_apply_restore(int restore_result)
{
	static const char *const want[] = {
		"disengage vfs_read\nengage vfs_read -1 scope=unpriv\n"
		"disengage vfs_write\nengage vfs_write -1 scope=userns\n",
		"disengage vfs_read\ndisengage vfs_write\n",
		"engage vfs_read -1 scope=unpriv\n",
		"engage vfs_read -1\n",
		"engage vfs_write -1 scope=userns\n",
	};
	const char *what = restore_result ? "restore refused too" :
			   "restored";
	char *out = NULL;
	size_t i;
	int r, same = 1;

	t_root_new();
	t_fake_reset();
	t_put("sys/module/killswitch", NULL);
	t_put("sys/kernel/security/killswitch/control", "");
	t_put("sys/kernel/security/killswitch/engaged", t_two_direct);
	t_put("etc/killswitch.d/a.conf",
	      "vfs_read -EPERM scope=unpriv\nvfs_write -EPERM scope=userns\n");
	t_fake.result[0] = -EBUSY;
	t_fake.result[2] = -EINVAL;
	t_fake.result[3] = restore_result;
	r = t_capture(kctl_cmd_apply, true, &out);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		same &= !strcmp(t_written(i), want[i]);
	t_ok(r == KCTL_EXIT_ERROR && t_fake.nwrites == 5 && same,
	     "apply, new engage refused after EBUSY (%s): exit 1, previous command written back, the other target replaced (got %d, %zu writes)",
	     what, r, t_fake.nwrites);
	if (restore_result)
		t_ok(out && strstr(out, "restoring its previous command \"engage vfs_read -1\" failed too: vfs_read is not protected now"),
		     "... says vfs_read is not protected");
	else
		t_ok(out && strstr(out, "vfs_read: the kernel refused the new options; restored its previous command \"engage vfs_read -1\""),
		     "... says the previous command was restored");
	free(out);
	t_root_free();
	t_fake_reset();
	t_fake.on = false;
}

static int t_cmd_load(struct kctl *c, int argc, char **argv)
{
	return kctl_cmd_load(c, argc, argv, true);
}

/* load: libkmod finds the module, init_module fails with err. */
static void t_load_error(int err, const char *word)
{
	char *out = NULL;
	int r;

	t_root_new();
	t_fake_reset();
	t_fake.on = false;
	/* A config alias makes libkmod's lookup work without an index. */
	t_put("etc/modprobe.d/t.conf", "alias killswitch killswitch\n");
	t_fake.insert_result = -err;
	r = t_capture(t_cmd_load, false, &out);
	t_ok(r == KCTL_EXIT_ERROR && out &&
	     strstr(out, "loading killswitch: ") &&
	     strstr(out, kctl_errno_symbol(err)) && strstr(out, word),
	     "load refused with -%s: the reason names \"%s\" (got %d: %.*s)",
	     kctl_errno_symbol(err), word, r,
	     out ? (int)strcspn(out, "\n") : 0, out ? out : "");
	free(out);
	t_root_free();
	t_fake_reset();
	t_fake.on = false;
}

static void t_fits(void)
{
	static const struct {
		enum kctl_rtype kind;
		unsigned int size;
		bool sgn, en;
		long v;
		int want;
		const char *name;
	} cases[] = {
		{ KCTL_RT_BOOL, 1, false, false, 0, 0, "bool 0" },
		{ KCTL_RT_BOOL, 1, false, false, 1, 0, "bool 1" },
		{ KCTL_RT_BOOL, 1, false, false, 2, 2, "bool 2 refused" },
		{ KCTL_RT_BOOL, 1, false, false, -1, 2, "bool -1 refused" },
		{ KCTL_RT_PTR, 8, false, false, 0, 1, "pointer NULL: warning (callers may test only IS_ERR)" },
		{ KCTL_RT_PTR, 8, false, false, -12, 0, "pointer ERR_PTR(-ENOMEM)" },
		{ KCTL_RT_PTR, 8, false, false, -4095, 1, "pointer -4095 (no errno name): warning" },
		{ KCTL_RT_PTR, 8, false, false, -4096, 2, "pointer -4096 refused" },
		{ KCTL_RT_PTR, 8, false, false, 1, 2, "pointer 1 refused" },
		{ KCTL_RT_PTR, 8, false, false, 0x1000, 2, "pointer 0x1000 refused" },
		{ KCTL_RT_VOID, 0, false, false, 0, 0, "void 0" },
		{ KCTL_RT_VOID, 0, false, false, 1, 2, "void 1 refused" },
		{ KCTL_RT_VOID, 0, false, false, -1, 2, "void -1 refused" },
		{ KCTL_RT_INT, 4, true, false, 0, 0, "int 0" },
		{ KCTL_RT_INT, 4, true, false, -1, 0, "int -EPERM" },
		{ KCTL_RT_INT, 4, true, false, -95, 0, "int -EOPNOTSUPP" },
		{ KCTL_RT_INT, 4, true, false, 1, 1, "int 1: warning (not an errno)" },
		{ KCTL_RT_INT, 4, true, false, -4000, 1, "int -4000: warning (unknown errno)" },
		{ KCTL_RT_INT, 4, true, false, 2147483647L, 1, "int INT_MAX: warning" },
		{ KCTL_RT_INT, 4, true, false, 2147483648L, 2, "int INT_MAX+1 refused" },
		{ KCTL_RT_INT, 4, true, false, -2147483649L, 2, "int INT_MIN-1 refused" },
		{ KCTL_RT_INT, 8, true, false, -9223372036854775807L, 1, "long -LONG_MAX: warning" },
		{ KCTL_RT_INT, 4, false, false, -1, 1, "unsigned int -1: warning" },
		{ KCTL_RT_INT, 4, false, false, 4294967296L, 2, "unsigned int 2^32 refused" },
		{ KCTL_RT_INT, 1, true, false, 128, 2, "s8 128 refused" },
		{ KCTL_RT_INT, 4, true, true, 3, 1, "enum 3: warning" },
		{ KCTL_RT_OTHER, 16, false, false, 0, 2, "struct return refused" },
		{ KCTL_RT_UNKNOWN, 0, false, false, 0, 1, "unknown type: warning" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kctl_rinfo ri = { .kind = cases[i].kind,
					 .size = cases[i].size,
					 .is_signed = cases[i].sgn,
					 .is_enum = cases[i].en };
		const char *why = NULL;
		int r;

		snprintf(ri.name, sizeof(ri.name), "type");
		r = kctl_value_fits(&ri, cases[i].v, &why);
		t_ok(r == cases[i].want && (r == 0 || (why && *why)),
		     "fits: %s (got %d: %s)", cases[i].name, r,
		     why ? why : "-");
	}
}

static void t_errnos(void)
{
	static const struct {
		int err;
		const char *word;
	} cases[] = {
		{ 22, "malformed" },	/* EINVAL */
		{ 2, "unknown symbol" },	/* ENOENT */
		{ 2, "not a target" },
		{ 16, "already engaged" },	/* EBUSY */
		{ 16, "ip-modifying" },
		{ 1, "CAP_SYS_ADMIN" },	/* EPERM */
		{ 1, "lockdown" },
		{ 13, "guarded" },	/* EACCES */
		{ 13, "own code" },
		{ 95, "kprobes refuse" },	/* EOPNOTSUPP */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		t_ok(strstr(kctl_errno_reason(-cases[i].err), cases[i].word) != NULL,
		     "errno %s explained with \"%s\"",
		     kctl_errno_symbol(cases[i].err), cases[i].word);
	t_ok(!strcmp(kctl_errno_symbol(-95), "EOPNOTSUPP"),
	     "errno symbol EOPNOTSUPP");
	t_ok(kctl_load_reason(-EIO) == NULL,
	     "load: no reason of its own for EIO (strerror says it)");
	t_ok(strstr(kctl_errno_reason(-EPERM), "CAP_SYS_ADMIN") &&
	     !strstr(kctl_errno_reason(-EPERM), "CAP_SYS_MODULE"),
	     "control-file EPERM keeps its own reason");
	t_ok(kctl_errno_reason(5) && *kctl_errno_reason(5),
	     "other errnos fall back to strerror");
}

static void t_formats(void)
{
	static const char *const lines[] = {
		"af_alg:af_alg_sendmsg -1 scope=userns",
		"foo 0x10 force",
		"foo.isra.0 -EPERM scope=unpriv force",
		"bar observe force",
		"bar observe",
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct ks_cmd a, b;
		const char *why = NULL;
		char buf[KS_LINE_MAX];
		int r;

		r = kctl_conf_parse_line(lines[i], &a, &why);
		r = r ? r : kctl_format_cmd(&a, buf, sizeof(buf));
		r = r ? r : ks_parse_line(buf, strlen(buf), &b, &why);
		t_ok(!r && !memcmp(&a.target, &b.target, sizeof(a.target)) &&
		     a.verb == b.verb && a.retval == b.retval &&
		     a.scope == b.scope && a.force == b.force,
		     "control line of \"%s\" parses back (%s)", lines[i], buf);
		r = kctl_format_entry(&a, buf, sizeof(buf));
		r = r ? r : ks_parse_entry(buf, strlen(buf), &b, &why);
		t_ok(!r && !memcmp(&a.target, &b.target, sizeof(a.target)) &&
		     a.verb == b.verb && (a.verb == KS_VERB_OBSERVE || a.retval == b.retval) &&
		     a.scope == b.scope && a.force == b.force,
		     "targets= entry of \"%s\" parses back (%s)", lines[i], buf);
	}
}

int main(void)
{
	t_engaged();
	t_conf();
	t_conf_long();
	t_plan();
	t_apply_load();
	t_apply_restore(0);
	t_apply_restore(-EINVAL);
	t_fits();
	t_errnos();
	t_load_error(EKEYREJECTED,
		     "module signature rejected: enroll the DKMS key with mokutil --import /var/lib/dkms/mok.pub, see killswitchctl(8)");
	t_load_error(ENOKEY, "mokutil --import /var/lib/dkms/mok.pub");
	t_load_error(EPERM, "lockdown");
	t_load_error(EPERM, "CAP_SYS_MODULE");
	t_load_error(ENOSPC, "1024 bytes");
	t_load_error(ENOEXEC, "built for another kernel");
	t_formats();
	printf("1..%d\n%d passed, %d failed\n", t_n, t_pass, t_fail);
	return t_fail ? 1 : 0;
}
