// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl apply|persist: declared state (/etc/killswitch.d/NAME.conf).
 *
 * apply: converge the running targets to the declared ones. Exit 0 when
 * already in state (nothing written), 2 when something changed, 1 on error.
 * persist: write modprobe.d options (targets=) and a modules-load.d entry
 * so the declared targets are engaged at every boot as the module loads.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kctl.h"

#define KCTL_MODPROBE_CONF	"/etc/modprobe.d/killswitch-persist.conf"
#define KCTL_MODLOAD_CONF	"/etc/modules-load.d/killswitch-persist.conf"

/*
 * Load, check and resolve the declared targets: an unqualified function
 * of a module that is not loaded becomes module:symbol; with
 * qualify_loaded, so does one of a loaded module (for boot, when that
 * module may load after killswitch).
 */
static int kctl_decls_checked(struct kctl *c, struct kctl_decls *d,
			      bool qualify_loaded)
{
	size_t i;
	int bad = 0;

	if (kctl_conf_load(c, d, stderr))
		return -EINVAL;
	for (i = 0; i < d->n; i++) {
		struct ks_cmd *cmd = &d->v[i].cmd;
		char t[KCTL_TARGET_MAX], v[32], *text = NULL;
		struct kctl_check res;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);

		snprintf(t, sizeof(t), "%s%s%s", cmd->target.module,
			 cmd->target.module[0] ? ":" : "", cmd->target.symbol);
		snprintf(v, sizeof(v), "%ld", cmd->retval);
		kctl_check(c, t, cmd->verb == KS_VERB_OBSERVE ? NULL : v, &res,
			   mem);
		if (mem)
			fclose(mem);
		if (res.errors || (res.warnings && !c->quiet)) {
			fprintf(stderr, "killswitchctl: %s:%u: %s\n",
				d->v[i].file, d->v[i].line, t);
			if (text)
				fputs(text, stderr);
		}
		free(text);
		if (res.errors && !c->force)
			bad++;
		if ((res.where == KCTL_WHERE_INSTALLED ||
		     (qualify_loaded && res.where == KCTL_WHERE_LOADED)) &&
		    !cmd->target.module[0])
			snprintf(cmd->target.module, sizeof(cmd->target.module),
				 "%s", res.module);
	}
	if (bad) {
		kctl_err("%d declared target%s failed the check (apply --force overrides): nothing changed",
			 bad, bad == 1 ? "" : "s");
		return -EINVAL;
	}
	return 0;
}

static const char *const kctl_act_names[] = {
	[KCTL_ACT_ENGAGE] = "engage",
	[KCTL_ACT_RETVAL] = "retval",
	[KCTL_ACT_REPLACE] = "replace",
	[KCTL_ACT_DISENGAGE] = "disengage",
};

static void kctl_print_plan(const struct kctl_plan *p, FILE *f)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		char line[KS_LINE_MAX];
		const struct kctl_action *a = &p->v[i];

		if (a->act == KCTL_ACT_DISENGAGE)
			snprintf(line, sizeof(line), "%s%s%s",
				 a->cmd.target.module,
				 a->cmd.target.module[0] ? ":" : "",
				 a->cmd.target.symbol);
		else
			kctl_format_cmd(&a->cmd, line, sizeof(line));
		fprintf(f, "%-9s %s\n", kctl_act_names[a->act], line);
	}
}

static int kctl_write_retval(const struct kctl *c, const struct ks_cmd *cmd)
{
	char dir[KCTL_PATH_MAX], p[KCTL_PATH_MAX + KS_SYMBOL_MAX + 16];
	char v[32];
	int fd, err = 0;
	ssize_t n;

	snprintf(p, sizeof(p), "%s/fn/%s/retval",
		 kctl_secfs_dir(c, dir, sizeof(dir)), cmd->target.symbol);
	snprintf(v, sizeof(v), "%ld\n", cmd->retval);
	fd = open(p, O_WRONLY | O_CLOEXEC | (c->root[0] ? O_TRUNC : 0));
	if (fd < 0)
		return -errno;
	n = write(fd, v, strlen(v));
	if (n < 0)
		err = -errno;
	close(fd);
	if (err)
		kctl_explain(c, p, err, NULL);
	return err;
}

/*
 * The plan as control-file text. A replacement (options changed) is
 * "disengage X" then "engage X ..." in the same write, which the kernel
 * applies as one change: X is never unprotected. With split, a
 * replacement's engage line is left out (for a second write).
 */
static char *kctl_plan_text(const struct kctl_plan *p, bool split)
{
	char *text = NULL, line[KS_LINE_MAX];
	size_t len = 0, i;
	FILE *mem = open_memstream(&text, &len);

	if (!mem)
		return NULL;
	for (i = 0; i < p->n; i++) {
		const struct kctl_action *a = &p->v[i];

		if (a->act == KCTL_ACT_DISENGAGE || a->act == KCTL_ACT_REPLACE)
			fprintf(mem, "disengage %s\n", a->cmd.target.symbol);
		if (a->act == KCTL_ACT_ENGAGE ||
		    (a->act == KCTL_ACT_REPLACE && !split)) {
			kctl_format_cmd(&a->cmd, line, sizeof(line));
			fprintf(mem, "%s\n", line);
		}
	}
	fclose(mem);
	return text;
}

static int kctl_write_cmd(const struct kctl *c, const struct ks_cmd *cmd,
			  char *line, size_t len)
{
	size_t n;

	if (kctl_format_cmd(cmd, line, len - 1))
		return -ENOSPC;
	n = strlen(line);
	line[n] = '\n';
	line[n + 1] = '\0';
	return kctl_control_write(c, line);
}

/*
 * The second write of a split replacement: engage with the new options.
 * If the kernel refuses, the target is disengaged (the first write did
 * that), so put its previous command back and say so.
 */
static int kctl_engage_replacement(const struct kctl *c,
				   const struct kctl_action *a)
{
	char line[KS_LINE_MAX + 1], old[KS_LINE_MAX + 1];
	const char *sym = a->cmd.target.symbol;
	int ret, r;

	ret = kctl_write_cmd(c, &a->cmd, line, sizeof(line));
	if (!ret)
		return 0;
	if (!a->have_old) {
		kctl_err("apply: %s: the kernel refused the new options; it was not engaged before (state failed), so there is nothing to restore",
			 sym);
		return ret;
	}
	r = kctl_write_cmd(c, &a->old, old, sizeof(old));
	old[strcspn(old, "\n")] = '\0';
	if (!r)
		kctl_err("apply: %s: the kernel refused the new options; restored its previous command \"%s\", so it is as before apply",
			 sym, old);
	else
		kctl_err("apply: %s: the kernel refused the new options, and restoring its previous command \"%s\" failed too: %s is not protected now",
			 sym, old, sym);
	return ret;
}

/* Everything in one write, all-or-nothing in the kernel. */
static int kctl_execute(struct kctl *c, const struct kctl_plan *p)
{
	char *text;
	bool split = false;
	size_t i;
	int ret = 0, r;

	text = kctl_plan_text(p, false);
	if (!text)
		return -ENOMEM;
	if (*text)
		ret = kctl_control_write(c, text);
	free(text);
	/*
	 * EBUSY: a replacement needs a kprobe where a direct call kills the
	 * function now (a scope or observe added), and the two cannot share
	 * the site. Only then: disengage first, engage in a second write.
	 */
	if (ret == -EBUSY) {
		for (i = 0; i < p->n; i++)
			split |= p->v[i].act == KCTL_ACT_REPLACE;
		if (split) {
			fprintf(stderr, "killswitchctl: apply: changing the options of a target killed through a direct call takes two writes; it is unprotected in between\n");
			text = kctl_plan_text(p, true);
			if (!text)
				return -ENOMEM;
			ret = kctl_control_write(c, text);
			free(text);
		}
	}
	if (ret)
		return ret;
	/* Every replacement is tried (and restored on failure). */
	for (i = 0; i < p->n; i++) {
		const struct kctl_action *a = &p->v[i];

		if (a->act == KCTL_ACT_REPLACE && split)
			r = kctl_engage_replacement(c, a);
		else if (a->act == KCTL_ACT_RETVAL)
			r = kctl_write_retval(c, &a->cmd);
		else
			continue;
		if (r && !ret)
			ret = r;
	}
	return ret;
}

int kctl_cmd_apply(struct kctl *c, int argc, char **argv)
{
	struct kctl_decls d;
	struct kctl_list run;
	struct kctl_plan p = { 0 };
	int ret = KCTL_EXIT_ERROR;
	size_t i;
	bool engages = false, loaded = false;

	(void)argv;
	if (argc != 1) {
		kctl_err("usage: killswitchctl apply [--dry-run] [--keep]");
		return KCTL_EXIT_USAGE;
	}
	if (kctl_decls_checked(c, &d, false))
		goto out_decls;
	if (kctl_read_engaged(c, &run)) {
		kctl_err("cannot read the running targets");
		goto out_decls;
	}
	if (kctl_plan(&d, &run, c->keep, &p))
		goto out_run;
	for (i = 0; i < p.n; i++)
		engages |= p.v[i].act != KCTL_ACT_DISENGAGE;

	/*
	 * Loading the module may engage targets itself (persist's targets=).
	 * Loading is a change even when it leaves nothing else to do.
	 */
	if (engages && !c->dry_run &&
	    !kctl_module_loaded(c, "killswitch")) {
		if (kctl_module_load(c))
			goto out_plan;
		loaded = true;
		kctl_plan_free(&p);
		kctl_list_free(&run);
		if (kctl_read_engaged(c, &run) ||
		    kctl_plan(&d, &run, c->keep, &p))
			goto out_run;
	}
	if (!p.n && loaded) {
		if (!c->quiet)
			printf("killswitchctl: apply: loaded the module; its options engaged the %zu declared target%s\n",
			       d.n, d.n == 1 ? "" : "s");
		ret = KCTL_EXIT_CHANGED;
		goto out_plan;
	}
	if (!p.n) {
		if (!c->quiet)
			printf("killswitchctl: apply: already in state (%zu declared target%s)\n",
			       d.n, d.n == 1 ? "" : "s");
		ret = KCTL_EXIT_OK;
		goto out_plan;
	}
	if (!c->quiet || c->dry_run)
		kctl_print_plan(&p, stdout);
	if (c->dry_run) {
		ret = KCTL_EXIT_CHANGED;
		goto out_plan;
	}
	if (kctl_execute(c, &p))
		goto out_plan;
	if (!c->quiet)
		printf("killswitchctl: apply: %zu change%s\n", p.n,
		       p.n == 1 ? "" : "s");
	ret = KCTL_EXIT_CHANGED;
out_plan:
	kctl_plan_free(&p);
out_run:
	kctl_list_free(&run);
out_decls:
	kctl_decls_free(&d);
	return ret;
}

/* Replace path with text unless it already holds exactly that; 1: changed. */
static int kctl_converge_file(const struct kctl *c, const char *rel,
			      const char *text, bool dry_run)
{
	char p[KCTL_PATH_MAX], tmp[KCTL_PATH_MAX + 8], *old = NULL, *slash;
	size_t oldlen = 0;
	int fd, same;

	kctl_path(c, p, sizeof(p), "%s", rel);
	if (!kctl_read_file(p, &old, &oldlen)) {
		same = text && oldlen == strlen(text) && !memcmp(old, text, oldlen);
		free(old);
		if (same)
			return 0;
	} else if (!text) {
		return 0;
	}
	if (dry_run) {
		printf("%s %s\n", text ? "write" : "remove", p);
		return 1;
	}
	if (!text) {
		if (unlink(p))
			return -errno;
		return 1;
	}
	snprintf(tmp, sizeof(tmp), "%s", p);
	slash = strrchr(tmp, '/');
	if (slash) {
		*slash = '\0';
		mkdir(tmp, 0755);	/* modprobe.d, modules-load.d */
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", p);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
	    fsync(fd)) {
		int err = -errno;

		close(fd);
		unlink(tmp);
		return err ? err : -EIO;
	}
	close(fd);
	if (rename(tmp, p))
		return -errno;
	if (!c->quiet)
		printf("wrote %s\n", p);
	return 1;
}

/*
 * Another active "options killswitch ... targets=" (or engage=) line in a
 * modprobe.d file: kmod passes both, and the module keeps the last value
 * of a parameter, so one of the two lists would be dropped silently.
 * Returns how many such lines there are (each reported).
 */
static const char *const kctl_modprobe_dirs[] = {
	"/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d",
	"/usr/lib/modprobe.d", "/lib/modprobe.d",
};

static bool kctl_sets_targets(const char *line)
{
	const char *p = line;
	bool first = true;

	while (isspace((unsigned char)*p))
		p++;
	if (strncmp(p, "options", 7) || !isspace((unsigned char)p[7]))
		return false;
	p += 7;
	while (isspace((unsigned char)*p))
		p++;
	if (strncmp(p, "killswitch", 10) || !isspace((unsigned char)p[10]))
		return false;
	for (p += 10; *p && *p != '#'; p++) {
		bool start = first || isspace((unsigned char)p[-1]);

		first = false;
		if (start && (!strncmp(p, "targets=", 8) ||
			      !strncmp(p, "engage=", 7)))
			return true;
	}
	return false;
}

static int kctl_modprobe_conflicts(const struct kctl *c)
{
	char dir[KCTL_PATH_MAX], own[KCTL_PATH_MAX], f[2 * KCTL_PATH_MAX];
	int found = 0;
	size_t i;

	kctl_path(c, own, sizeof(own), "%s", KCTL_MODPROBE_CONF);
	for (i = 0; i < sizeof(kctl_modprobe_dirs) / sizeof(*kctl_modprobe_dirs); i++) {
		struct dirent *e;
		DIR *d;

		kctl_path(c, dir, sizeof(dir), "%s", kctl_modprobe_dirs[i]);
		d = opendir(dir);
		if (!d)
			continue;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			char *text = NULL, *line, *save = NULL;
			unsigned int lineno = 0;
			size_t len;

			if (n < 6 || strcmp(e->d_name + n - 5, ".conf"))
				continue;
			snprintf(f, sizeof(f), "%s/%s", dir, e->d_name);
			if (!strcmp(f, own) || kctl_read_file(f, &text, &len))
				continue;
			for (line = strtok_r(text, "\n", &save); line;
			     line = strtok_r(NULL, "\n", &save)) {
				lineno++;
				if (!kctl_sets_targets(line))
					continue;
				kctl_err("persist: %s: \"%s\" sets killswitch targets too; modprobe does not merge the two lists (the last one wins): declare those targets in /etc/killswitch.d/ instead",
					 f, line);
				found++;
			}
			free(text);
		}
		closedir(d);
	}
	return found;
}

int kctl_cmd_persist(struct kctl *c, int argc, char **argv)
{
	struct kctl_decls d;
	char *text = NULL, entry[KS_LINE_MAX];
	size_t len = 0, i;
	FILE *mem;
	int r1, r2, ret = KCTL_EXIT_ERROR;

	(void)argv;
	if (argc != 1) {
		kctl_err("usage: killswitchctl persist [--dry-run]");
		return KCTL_EXIT_USAGE;
	}
	if (kctl_decls_checked(c, &d, true))
		goto out;
	if (d.n && kctl_modprobe_conflicts(c))
		goto out;
	if (d.n) {
		char lock[64];

		kctl_lockdown(c, lock, sizeof(lock));
		if (!strcmp(lock, "integrity") || !strcmp(lock, "confidentiality"))
			kctl_warn("kernel lockdown is at %s: the kernel refuses module parameters that engage, so these targets will not be engaged at boot (see killswitchctl(8))",
				  lock);
	}
	mem = open_memstream(&text, &len);
	if (!mem)
		goto out;
	fprintf(mem, "# Written by killswitchctl persist from /etc/killswitch.d/*.conf;\n"
		"# do not edit: change those files and run killswitchctl persist.\n"
		"options killswitch targets=");
	for (i = 0; i < d.n; i++) {
		kctl_format_entry(&d.v[i].cmd, entry, sizeof(entry));
		fprintf(mem, "%s%s", i ? "," : "", entry);
	}
	fputc('\n', mem);
	fclose(mem);

	r1 = kctl_converge_file(c, KCTL_MODPROBE_CONF, d.n ? text : NULL,
				c->dry_run);
	r2 = kctl_converge_file(c, KCTL_MODLOAD_CONF, d.n ?
				"# Written by killswitchctl persist: load killswitch early at boot.\nkillswitch\n" :
				NULL, c->dry_run);
	if (r1 < 0 || r2 < 0) {
		kctl_err("persist: %s", strerror(-(r1 < 0 ? r1 : r2)));
		goto out;
	}
	if (r1 || r2) {
		ret = KCTL_EXIT_CHANGED;
	} else {
		ret = KCTL_EXIT_OK;
		if (!c->quiet)
			printf("killswitchctl: persist: already in state (%zu declared target%s)\n",
			       d.n, d.n == 1 ? "" : "s");
	}
out:
	free(text);
	kctl_decls_free(&d);
	return ret;
}
