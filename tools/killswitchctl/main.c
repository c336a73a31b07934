// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl: command line, context and the one cleanup path.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <libkmod.h>

#include "kctl.h"

#ifndef KCTL_VERSION
#define KCTL_VERSION "unknown"
#endif

/* Stands in front of a negative number so getopt leaves it alone. */
#define KCTL_NEG_MARK	'\x1f'

static const char kctl_usage[] =
"Usage: killswitchctl [options] <command> [args]\n"
"Make kernel functions return a fixed value (killswitch module).\n"
"Commands:\n"
"  engage <fn> <retval>     check, then kill calls to fn (returns retval)\n"
"  tryengage <fn> <retval> <secs>  observe secs; engage if fn was not called\n"
"  observe <fn>             count calls and remember callers, kill nothing\n"
"  confirm <fn>             keep an engagement that would revert (--revert)\n"
"  disengage <fn> | --all   restore fn (or every target)\n"
"  list [--json]            targets: value, hits, state, path, scope\n"
"  status [--json]          module, version, taint, lockdown, counts\n"
"  check <fn> [retval]      where fn is, traceable, copies, return type fit\n"
"  apply [--dry-run]        converge to /etc/killswitch.d/*.conf\n"
"  persist [--dry-run]      engage the declared targets at every boot\n"
"  load | unload            load (libkmod: modprobe.d applies) or unload\n"
"Options:\n"
"  -s, --scope all|unpriv|userns  whose calls are killed (default all)\n"
"  -t, --revert SECS        disengage after SECS unless confirmed\n"
"  -f, --force              engage (or apply) despite check errors\n"
"  -G, --override-guard     let the kernel engage guarded core code (force)\n"
"  -k, --keep               apply: keep running targets that are not declared\n"
"  -r, --root DIR           use DIR as / (tests; also $KILLSWITCHCTL_ROOT)\n"
"  -q, --quiet  -j, --json  -n, --dry-run  -V, --version  -h, --help\n"
"Exit: 0 ok or already in state, 1 error, 2 changed (apply, persist), 64 usage.\n"
"See killswitchctl(8).\n";

static const struct option kctl_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "root", required_argument, NULL, 'r' },
	{ "json", no_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "force", no_argument, NULL, 'f' },
	{ "override-guard", no_argument, NULL, 'G' },
	{ "scope", required_argument, NULL, 's' },
	{ "revert", required_argument, NULL, 't' },
	{ "all", no_argument, NULL, 'a' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "keep", no_argument, NULL, 'k' },
	{ "conf-dir", required_argument, NULL, 'c' },
	{ NULL, 0, NULL, 0 },
};

/* libbpf's own messages only with KILLSWITCHCTL_DEBUG set: we explain. */
static int kctl_libbpf_print(enum libbpf_print_level level, const char *fmt,
			     va_list ap)
{
	(void)level;
	if (!getenv("KILLSWITCHCTL_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void kctl_free(struct kctl *c)
{
	if (c->vmlinux_btf)
		btf__free(c->vmlinux_btf);
	if (c->kmod)
		kmod_unref(c->kmod);
	memset(c, 0, sizeof(*c));
}

static int kctl_seconds(const char *s, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || !v || v > KS_SECONDS_MAX)
		return -EINVAL;
	*out = (unsigned int)v;
	return 0;
}

/* "-1", "-0x10", "-EPERM": arguments, not options. */
static bool kctl_negative_value(const char *a)
{
	return a[0] == '-' && ((a[1] >= '0' && a[1] <= '9') ||
			       (a[1] == 'E' && ((a[2] >= 'A' && a[2] <= 'Z') ||
						(a[2] >= '0' && a[2] <= '9'))));
}

static int kctl_dispatch(struct kctl *c, int argc, char **argv)
{
	const char *cmd = argv[0];

	if (!strcmp(cmd, "engage"))
		return kctl_cmd_engage(c, argc, argv, KS_VERB_ENGAGE);
	if (!strcmp(cmd, "tryengage"))
		return kctl_cmd_engage(c, argc, argv, KS_VERB_TRYENGAGE);
	if (!strcmp(cmd, "observe"))
		return kctl_cmd_engage(c, argc, argv, KS_VERB_OBSERVE);
	if (!strcmp(cmd, "confirm"))
		return kctl_cmd_simple(c, argc, argv, KS_VERB_CONFIRM);
	if (!strcmp(cmd, "disengage"))
		return kctl_cmd_simple(c, argc, argv, KS_VERB_DISENGAGE);
	if (!strcmp(cmd, "list"))
		return kctl_cmd_list(c, argc, argv);
	if (!strcmp(cmd, "status"))
		return kctl_cmd_status(c, argc, argv);
	if (!strcmp(cmd, "check"))
		return kctl_cmd_check(c, argc, argv);
	if (!strcmp(cmd, "apply"))
		return kctl_cmd_apply(c, argc, argv);
	if (!strcmp(cmd, "persist"))
		return kctl_cmd_persist(c, argc, argv);
	if (!strcmp(cmd, "load"))
		return kctl_cmd_load(c, argc, argv, true);
	if (!strcmp(cmd, "unload"))
		return kctl_cmd_load(c, argc, argv, false);
	kctl_err("unknown command \"%s\" (see killswitchctl --help)", cmd);
	return KCTL_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct kctl c = { .root = "", .scope = -1 };
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	int i, opt, ret = KCTL_EXIT_USAGE;
	const char *env = getenv("KILLSWITCHCTL_ROOT");

	if (!args)
		return KCTL_EXIT_ERROR;
	libbpf_set_print(kctl_libbpf_print);
	if (env && *env && strcmp(env, "/"))
		c.root = env;
	for (i = 0; i < argc; i++) {
		if (i && kctl_negative_value(argv[i])) {
			size_t n = strlen(argv[i]);

			args[i] = malloc(n + 2);
			if (!args[i])
				goto out;
			args[i][0] = KCTL_NEG_MARK;
			memcpy(args[i] + 1, argv[i], n + 1);
		} else {
			args[i] = strdup(argv[i]);
			if (!args[i])
				goto out;
		}
	}

	opterr = 0;
	while ((opt = getopt_long(argc, args, "hVr:jqfGs:t:ankc:", kctl_opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(kctl_usage, stdout);
			ret = KCTL_EXIT_OK;
			goto out;
		case 'V':
			printf("killswitchctl %s\n", KCTL_VERSION);
			ret = KCTL_EXIT_OK;
			goto out;
		case 'r':
			c.root = strcmp(optarg, "/") ? optarg : "";
			break;
		case 'j':
			c.json = true;
			break;
		case 'q':
			c.quiet = true;
			break;
		case 'f':
			c.force = true;
			break;
		case 'G':
			c.override_guard = true;
			break;
		case 's':
			if (!strcmp(optarg, "all"))
				c.scope = KS_SCOPE_ALL;
			else if (!strcmp(optarg, "unpriv"))
				c.scope = KS_SCOPE_UNPRIV;
			else if (!strcmp(optarg, "userns"))
				c.scope = KS_SCOPE_USERNS;
			else {
				kctl_err("--scope: \"%s\" is not all, unpriv or userns",
					 optarg);
				goto out;
			}
			break;
		case 't':
			if (kctl_seconds(optarg, &c.revert)) {
				kctl_err("--revert: \"%s\" is not 1..%d seconds",
					 optarg, KS_SECONDS_MAX);
				goto out;
			}
			break;
		case 'a':
			c.all = true;
			break;
		case 'n':
			c.dry_run = true;
			break;
		case 'k':
			c.keep = true;
			break;
		case 'c':
			c.confdir = optarg;
			break;
		default:
			if (optopt)
				kctl_err("option -%c: unknown or missing its argument",
					 optopt);
			else
				kctl_err("unknown option %s", args[optind - 1]);
			fputs("Try killswitchctl --help\n", stderr);
			goto out;
		}
	}
	for (i = optind; i < argc; i++)
		if (args[i][0] == KCTL_NEG_MARK)
			memmove(args[i], args[i] + 1, strlen(args[i]));
	if (optind >= argc) {
		fputs(kctl_usage, stderr);
		goto out;
	}
	if (kctl_init_kver(&c)) {
		kctl_err("cannot tell the kernel release");
		ret = KCTL_EXIT_ERROR;
		goto out;
	}
	ret = kctl_dispatch(&c, argc - optind, args + optind);
out:
	kctl_free(&c);
	for (i = 0; i < argc; i++)
		free(args[i]);
	free(args);
	return ret;
}
