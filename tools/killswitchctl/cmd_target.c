// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl engage|tryengage|observe|confirm|disengage|check|load|unload
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kctl.h"

static int kctl_usage_err(const char *cmd, const char *args)
{
	kctl_err("usage: killswitchctl %s %s", cmd, args);
	return KCTL_EXIT_USAGE;
}

/*
 * Run check into a buffer; print it to stderr when it found something.
 * Returns 0 when the command may go ahead.
 */
static int kctl_precheck(struct kctl *c, const char *fn, const char *retval,
			 struct kctl_check *res)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int ret;

	ret = kctl_check(c, fn, retval, res, mem);
	if (mem)
		fclose(mem);
	if ((res->errors || (res->warnings && !c->quiet)) && text)
		fputs(text, stderr);
	free(text);
	if (res->errors && !c->force) {
		kctl_err("refusing: check found %d error%s (--force overrides)",
			 res->errors, res->errors == 1 ? "" : "s");
		return -EINVAL;
	}
	if (res->errors)
		kctl_warn("going ahead despite %d check error%s (--force)",
			  res->errors, res->errors == 1 ? "" : "s");
	(void)ret;
	return 0;
}

int kctl_cmd_engage(struct kctl *c, int argc, char **argv, enum ks_verb verb)
{
	char line[KS_LINE_MAX], opts[96] = "";
	struct kctl_check res;
	const char *fn, *retval = NULL, *why = NULL, *target;
	unsigned int secs = 0;
	long v = 0;
	int ret;

	if (verb == KS_VERB_ENGAGE && argc != 3)
		return kctl_usage_err("engage", "<function> <retval> [--scope S] [--revert SECS] [--force] [--override-guard]");
	if (verb == KS_VERB_TRYENGAGE && argc != 4)
		return kctl_usage_err("tryengage", "<function> <retval> <seconds> [--scope S] [--revert SECS] [--force] [--override-guard]");
	if (verb == KS_VERB_OBSERVE && argc != 2)
		return kctl_usage_err("observe", "<function> [--force] [--override-guard]");
	fn = argv[1];
	if (verb != KS_VERB_OBSERVE) {
		retval = argv[2];
		if (ks_parse_retval(retval, strlen(retval), &v, &why)) {
			kctl_err("bad value \"%s\": %s", retval, why);
			return KCTL_EXIT_USAGE;
		}
	}
	if (verb == KS_VERB_TRYENGAGE) {
		char *end;
		unsigned long s = strtoul(argv[3], &end, 10);

		if (*end || end == argv[3] || argv[3][0] == '-' || !s ||
		    s > KS_SECONDS_MAX) {
			kctl_err("bad seconds \"%s\" (1..%d)", argv[3],
				 KS_SECONDS_MAX);
			return KCTL_EXIT_USAGE;
		}
		secs = (unsigned int)s;
	}
	if (verb == KS_VERB_OBSERVE && (c->scope >= 0 || c->revert)) {
		kctl_err("observe takes no --scope or --revert");
		return KCTL_EXIT_USAGE;
	}

	if (kctl_precheck(c, fn, retval, &res))
		return KCTL_EXIT_ERROR;
	/* A function of a module that is not loaded: module:symbol. */
	target = res.where == KCTL_WHERE_INSTALLED ? res.target : fn;

	if (c->scope > 0)
		snprintf(opts + strlen(opts), sizeof(opts) - strlen(opts),
			 " scope=%s", ks_scope_name(c->scope));
	if (c->revert)
		snprintf(opts + strlen(opts), sizeof(opts) - strlen(opts),
			 " revert=%u", c->revert);
	if (c->override_guard)
		snprintf(opts + strlen(opts), sizeof(opts) - strlen(opts),
			 " force");
	if (verb == KS_VERB_ENGAGE)
		snprintf(line, sizeof(line), "engage %s %ld%s\n", target, v,
			 opts);
	else if (verb == KS_VERB_TRYENGAGE)
		snprintf(line, sizeof(line), "tryengage %s %ld %u%s\n",
			 target, v, secs, opts);
	else
		snprintf(line, sizeof(line), "observe %s%s\n", target, opts);

	if (c->dry_run) {
		fputs(line, stdout);
		return KCTL_EXIT_OK;
	}
	ret = kctl_module_load(c);
	if (ret)
		return KCTL_EXIT_ERROR;
	if (kctl_control_write(c, line))
		return KCTL_EXIT_ERROR;
	if (!c->quiet)
		printf("%s", line);
	return KCTL_EXIT_OK;
}

int kctl_cmd_simple(struct kctl *c, int argc, char **argv, enum ks_verb verb)
{
	char line[KS_LINE_MAX];
	struct ks_target_name tn;
	const char *why = NULL;

	if (verb == KS_VERB_DISENGAGE && c->all && argc == 1) {
		snprintf(line, sizeof(line), "disengage_all\n");
	} else if (argc != 2 || c->all) {
		return kctl_usage_err(argv[0], verb == KS_VERB_DISENGAGE ?
				      "<function> | --all" : "<function>");
	} else {
		if (ks_parse_target(argv[1], strlen(argv[1]), &tn, &why)) {
			kctl_err("bad function name \"%s\": %s", argv[1], why);
			return KCTL_EXIT_USAGE;
		}
		snprintf(line, sizeof(line), "%s %s\n", ks_verb_name(verb),
			 argv[1]);
	}
	if (c->dry_run) {
		fputs(line, stdout);
		return KCTL_EXIT_OK;
	}
	if (!kctl_module_loaded(c, "killswitch")) {
		if (verb == KS_VERB_DISENGAGE && c->all)
			return KCTL_EXIT_OK;	/* nothing is engaged */
		kctl_explain(c, line, ENOENT,
			     "the killswitch module is not loaded: nothing is engaged");
		return KCTL_EXIT_ERROR;
	}
	if (kctl_control_write(c, line))
		return KCTL_EXIT_ERROR;
	if (!c->quiet)
		printf("%s", line);
	return KCTL_EXIT_OK;
}

static const char *const kctl_where_names[] = {
	"none", "vmlinux", "loaded", "installed",
};

static const char *const kctl_rtype_names[] = {
	[KCTL_RT_UNKNOWN] = "unknown", [KCTL_RT_VOID] = "void",
	[KCTL_RT_BOOL] = "bool", [KCTL_RT_PTR] = "pointer",
	[KCTL_RT_INT] = "integer", [KCTL_RT_OTHER] = "other",
};

/* The report's "key: text" lines as one JSON object. */
static void kctl_check_json(const struct kctl_check *res, char *text)
{
	char *line, *save = NULL;
	bool first_err = true, first_warn = true;
	char errs[8192] = "", warns[8192] = "";
	FILE *e = fmemopen(errs, sizeof(errs) - 1, "w");
	FILE *w = fmemopen(warns, sizeof(warns) - 1, "w");

	printf("{\"target\":");
	kctl_json_str(stdout, res->target);
	printf(",\"where\":\"%s\",\"module\":", kctl_where_names[res->where]);
	kctl_json_str(stdout, res->module);
	printf(",\"return_kind\":\"%s\",\"return_type\":",
	       kctl_rtype_names[res->rt.kind]);
	kctl_json_str(stdout, res->rt.name);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':'), *val;
		FILE *f = NULL;

		if (!colon || !strncmp(line, "target:", 7))
			continue;
		*colon = '\0';
		for (val = colon + 1; *val == ' '; val++)
			;
		if (!strcmp(line, "error") && e) {
			f = e;
			fputs(first_err ? "" : ",", f);
			first_err = false;
		} else if (!strcmp(line, "warning") && w) {
			f = w;
			fputs(first_warn ? "" : ",", f);
			first_warn = false;
		}
		if (f) {
			kctl_json_str(f, val);
			continue;
		}
		printf(",\"%s\":", line);
		kctl_json_str(stdout, val);
	}
	if (e)
		fclose(e);
	if (w)
		fclose(w);
	printf(",\"errors\":[%s],\"warnings\":[%s]}\n", errs, warns);
}

int kctl_cmd_check(struct kctl *c, int argc, char **argv)
{
	struct kctl_check res;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;

	if (argc != 2 && argc != 3)
		return kctl_usage_err("check", "<function> [retval] [--json]");
	if (!c->json) {
		kctl_check(c, argv[1], argc == 3 ? argv[2] : NULL, &res, stdout);
		return res.errors ? KCTL_EXIT_ERROR : KCTL_EXIT_OK;
	}
	mem = open_memstream(&text, &len);
	if (!mem)
		return KCTL_EXIT_ERROR;
	kctl_check(c, argv[1], argc == 3 ? argv[2] : NULL, &res, mem);
	fclose(mem);
	kctl_check_json(&res, text);
	free(text);
	return res.errors ? KCTL_EXIT_ERROR : KCTL_EXIT_OK;
}

int kctl_cmd_load(struct kctl *c, int argc, char **argv, bool load)
{
	(void)argv;
	if (argc != 1)
		return kctl_usage_err(load ? "load" : "unload", "");
	if (load)
		return kctl_module_load(c) ? KCTL_EXIT_ERROR : KCTL_EXIT_OK;
	if (kctl_module_unload(c))
		return KCTL_EXIT_ERROR;
	if (!c->quiet)
		fprintf(stderr, "killswitchctl: unloaded; every target disengaged\n");
	return KCTL_EXIT_OK;
}
