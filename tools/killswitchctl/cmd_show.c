// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl list|status
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kctl.h"

/*
 * The module taints with bit 20 on engaging. On a kernel that has a flag
 * of its own at bit 20 it uses TAINT_LIVEPATCH (15) instead
 * (module/ks_compat.h); it does not tell which, so status checks 20 and
 * says when 15 is set.
 */
#define KCTL_TAINT_BIT		20
#define KCTL_TAINT_LIVEPATCH	15

static const char *const kctl_states[] = {
	"engaged", "pending", "observing", "trying", "failed",
};
#define KCTL_NSTATES (sizeof(kctl_states) / sizeof(kctl_states[0]))

static void kctl_json_target(FILE *f, const struct kctl_target *t)
{
	fputs("{\"target\":", f);
	kctl_json_str(f, t->target);
	fputs(",\"symbol\":", f);
	kctl_json_str(f, t->symbol);
	fprintf(f, ",\"retval\":%ld,\"hits\":%lu,\"state\":", t->retval,
		t->hits);
	kctl_json_str(f, t->state);
	fputs(",\"path\":", f);
	kctl_json_str(f, t->path);
	fputs(",\"scope\":", f);
	kctl_json_str(f, t->scope);
	fputs(",\"module\":", f);
	kctl_json_str(f, t->home);
	if (t->revert_in >= 0)
		fprintf(f, ",\"revert_in\":%ld", t->revert_in);
	if (t->try_in >= 0)
		fprintf(f, ",\"try_in\":%ld", t->try_in);
	fprintf(f, ",\"observe\":%s", t->observe ? "true" : "false");
	fprintf(f, ",\"force\":%s", t->force ? "true" : "false");
	if (t->reason[0]) {
		fputs(",\"reason\":", f);
		kctl_json_str(f, t->reason);
	}
	fputc('}', f);
}

int kctl_cmd_list(struct kctl *c, int argc, char **argv)
{
	struct kctl_list l;
	size_t i;
	int ret;

	(void)argv;
	if (argc != 1) {
		kctl_err("usage: killswitchctl list [--json]");
		return KCTL_EXIT_USAGE;
	}
	ret = kctl_read_engaged(c, &l);
	if (ret) {
		kctl_err("reading the engaged file: %s%s", strerror(-ret),
			 ret == -EACCES || ret == -EPERM ? " (run as root)" : "");
		return KCTL_EXIT_ERROR;
	}
	if (c->json) {
		fputc('[', stdout);
		for (i = 0; i < l.n; i++) {
			if (i)
				fputc(',', stdout);
			kctl_json_target(stdout, &l.v[i]);
		}
		fputs("]\n", stdout);
	} else {
		if (l.n || !c->quiet)
			printf("%-32s %12s %10s %-9s %-13s %-6s %-12s %s\n",
			       "TARGET", "RETVAL", "HITS", "STATE", "PATH",
			       "SCOPE", "MODULE", "NOTES");
		for (i = 0; i < l.n; i++) {
			const struct kctl_target *t = &l.v[i];
			char notes[400] = "";
			size_t n = 0;

			if (t->revert_in >= 0)
				n += (size_t)snprintf(notes + n, sizeof(notes) - n,
						      "revert_in=%lds ", t->revert_in);
			if (t->try_in >= 0 && n < sizeof(notes))
				n += (size_t)snprintf(notes + n, sizeof(notes) - n,
						      "try_in=%lds ", t->try_in);
			if (t->observe && strcmp(t->state, "observing") &&
			    n < sizeof(notes))
				n += (size_t)snprintf(notes + n, sizeof(notes) - n,
						      "observe ");
			if (t->force && n < sizeof(notes))
				n += (size_t)snprintf(notes + n, sizeof(notes) - n,
						      "force ");
			if (t->reason[0] && n < sizeof(notes))
				snprintf(notes + n, sizeof(notes) - n, "\"%s\"",
					 t->reason);
			printf("%-32s %12ld %10lu %-9s %-13s %-6s %-12s %s\n",
			       t->target, t->retval, t->hits, t->state,
			       t->path, t->scope, t->home, notes);
		}
	}
	kctl_list_free(&l);
	return KCTL_EXIT_OK;
}

/* "none [integrity] confidentiality" -> "integrity". */
void kctl_lockdown(const struct kctl *c, char *out, size_t len)
{
	char p[KCTL_PATH_MAX], line[256], *a, *b;

	snprintf(out, len, "unknown");
	if (kctl_read_line(kctl_path(c, p, sizeof(p),
				     "/sys/kernel/security/lockdown"),
			   line, sizeof(line)))
		return;
	a = strchr(line, '[');
	b = a ? strchr(a, ']') : NULL;
	if (a && b) {
		*b = '\0';
		snprintf(out, len, "%s", a + 1);
	}
}

int kctl_cmd_status(struct kctl *c, int argc, char **argv)
{
	char p[KCTL_PATH_MAX], ver[128] = "", lock[64], taint_s[64] = "";
	char dir[KCTL_PATH_MAX];
	unsigned long counts[KCTL_NSTATES + 1] = { 0 }, taint = 0;
	bool loaded, have_taint;
	struct kctl_list l;
	size_t i, j;
	int ret;

	(void)argv;
	if (argc != 1) {
		kctl_err("usage: killswitchctl status [--json]");
		return KCTL_EXIT_USAGE;
	}
	loaded = kctl_module_loaded(c, "killswitch");
	if (loaded)
		kctl_read_line(kctl_path(c, p, sizeof(p),
					 "/sys/module/killswitch/version"),
			       ver, sizeof(ver));
	have_taint = !kctl_read_line(kctl_path(c, p, sizeof(p),
					       "/proc/sys/kernel/tainted"),
				     taint_s, sizeof(taint_s));
	if (have_taint)
		taint = strtoul(taint_s, NULL, 10);
	kctl_lockdown(c, lock, sizeof(lock));
	ret = kctl_read_engaged(c, &l);
	if (ret && ret != -EACCES && ret != -EPERM) {
		kctl_err("reading the engaged file: %s", strerror(-ret));
		return KCTL_EXIT_ERROR;
	}
	for (i = 0; i < l.n; i++) {
		for (j = 0; j < KCTL_NSTATES; j++)
			if (!strcmp(l.v[i].state, kctl_states[j]))
				break;
		counts[j]++;
	}
	kctl_secfs_dir(c, dir, sizeof(dir));

	if (c->json) {
		printf("{\"loaded\":%s,\"version\":", loaded ? "true" : "false");
		kctl_json_str(stdout, ver);
		printf(",\"kernel\":");
		kctl_json_str(stdout, c->kver);
		printf(",\"tainted\":%s,\"taint_bit\":%d,\"taint_livepatch\":%s,\"taint\":%lu,\"lockdown\":",
		       (taint >> KCTL_TAINT_BIT) & 1 ? "true" : "false",
		       KCTL_TAINT_BIT,
		       (taint >> KCTL_TAINT_LIVEPATCH) & 1 ? "true" : "false",
		       taint);
		kctl_json_str(stdout, lock);
		if (ret) {
			printf(",\"targets\":null}\n");
			kctl_list_free(&l);
			return KCTL_EXIT_OK;
		}
		printf(",\"targets\":%zu,\"states\":{", l.n);
		for (j = 0; j < KCTL_NSTATES; j++)
			printf("%s\"%s\":%lu", j ? "," : "", kctl_states[j],
			       counts[j]);
		printf(",\"other\":%lu}}\n", counts[KCTL_NSTATES]);
	} else {
		printf("module:    %s%s%s\n", loaded ? "loaded" : "not loaded",
		       ver[0] ? ", version " : "", ver);
		if (loaded)
			printf("interface: %s\n", dir + strlen(c->root));
		printf("kernel:    %s\n", c->kver);
		if (have_taint)
			printf("taint:     %s (bit %d checked; tainted=%lu)\n",
			       (taint >> KCTL_TAINT_BIT) & 1 ?
			       "set: code was changed by killswitch since boot" :
			       "clear", KCTL_TAINT_BIT, taint);
		if (have_taint && !((taint >> KCTL_TAINT_BIT) & 1) &&
		    ((taint >> KCTL_TAINT_LIVEPATCH) & 1))
			printf("           bit %d (TAINT_LIVEPATCH) is set: a livepatch, or killswitch on a kernel that uses bit %d for another flag\n",
			       KCTL_TAINT_LIVEPATCH, KCTL_TAINT_BIT);
		printf("lockdown:  %s%s\n", lock,
		       !strcmp(lock, "integrity") ?
		       " (engaging is refused, also through module parameters; observe and disengage work)" :
		       !strcmp(lock, "confidentiality") ?
		       " (engaging and observing are refused, also through module parameters; disengage works)" :
		       "");
		if (ret) {
			printf("targets:   unknown (the engaged file is for root only)\n");
			kctl_list_free(&l);
			return KCTL_EXIT_OK;
		}
		printf("targets:   %zu", l.n);
		for (j = 0; j < KCTL_NSTATES; j++)
			if (counts[j])
				printf(", %lu %s", counts[j], kctl_states[j]);
		if (counts[KCTL_NSTATES])
			printf(", %lu other", counts[KCTL_NSTATES]);
		putchar('\n');
	}
	kctl_list_free(&l);
	return KCTL_EXIT_OK;
}
