// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl: declared state in <root>/etc/killswitch.d/NAME.conf and the
 * plan that converges the running state to it.
 *
 * A line: <function> <retval>|observe [scope=all|unpriv|userns] [force]
 * A '#' at the start of a line or after a blank starts a comment that runs
 * to the end of the line ("fn -EPERM  # CVE-2026-1234"); blank lines are
 * skipped. The grammar of the fields is the control file's
 * (module/ks_parse.h), which has no trailing comments: they are cut off
 * here. revert= and tryengage make no sense for a state that is meant to
 * last and are refused.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kctl.h"

/* Where the comment of a line starts (its '#'), NULL if it has none. */
static const char *kctl_conf_comment(const char *line)
{
	const char *q;

	for (q = line; *q; q++)
		if (*q == '#' && (q == line || q[-1] == ' ' || q[-1] == '\t'))
			return q;
	return NULL;
}

int kctl_conf_parse_line(const char *line, struct ks_cmd *cmd,
			 const char **why)
{
	char buf[KS_LINE_MAX + 16], fn[KS_SYMBOL_MAX + KS_MODULE_MAX + 2];
	char content[KS_LINE_MAX + 16];
	const char *p = line, *rest, *hash;
	size_t n;
	int off;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '\n' || *p == '#') {
		memset(cmd, 0, sizeof(*cmd));
		cmd->verb = KS_VERB_NONE;
		return 0;
	}
	hash = kctl_conf_comment(p);
	if (hash) {
		const char *e;

		for (e = hash; *e && *e != '\n'; e++)
			if (((unsigned char)*e < 0x20 && *e != '\t') ||
			    *e == 0x7f) {
				*why = "control character in a comment (CRLF line endings?)";
				return -EINVAL;
			}
		if (*e == '\n' && e[1]) {
			*why = "more than one line";
			return -EINVAL;
		}
		n = (size_t)(hash - p);
		if (n >= sizeof(content)) {
			*why = "line too long";
			return -EINVAL;
		}
		memcpy(content, p, n);
		content[n] = '\0';
		p = content;
	}
	/* "<fn> observe ..." -> "observe <fn> ..."; else "engage <line>". */
	n = strcspn(p, " \t\n");
	rest = p + n;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (!strncmp(rest, "observe", 7) &&
	    (!rest[7] || strchr(" \t\n", rest[7]))) {
		if (n >= sizeof(fn)) {
			*why = "function name too long";
			return -EINVAL;
		}
		memcpy(fn, p, n);
		fn[n] = '\0';
		off = snprintf(buf, sizeof(buf), "observe %s%s", fn, rest + 7);
	} else {
		off = snprintf(buf, sizeof(buf), "engage %s", p);
	}
	if (off < 0 || (size_t)off >= sizeof(buf)) {
		*why = "line too long";
		return -EINVAL;
	}
	if (ks_parse_line(buf, strlen(buf), cmd, why))
		return -EINVAL;
	if (cmd->revert_secs) {
		*why = "revert= is for trying a mitigation; a declared target stays until it is removed from the file";
		return -EINVAL;
	}
	return 0;
}

void kctl_decls_free(struct kctl_decls *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static int kctl_conf_filter(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return e->d_name[0] != '.' && n > 5 &&
	       !strcmp(e->d_name + n - 5, ".conf");
}

/* Every *.conf file in name order; 0, or -EINVAL after listing errors. */
int kctl_conf_load(const struct kctl *c, struct kctl_decls *d, FILE *err)
{
	char dir[KCTL_PATH_MAX], path[KCTL_PATH_MAX + 256];
	struct dirent **names = NULL;
	int i, n, bad = 0;

	memset(d, 0, sizeof(*d));
	if (c->confdir)
		snprintf(dir, sizeof(dir), "%s", c->confdir);
	else
		kctl_path(c, dir, sizeof(dir), "/etc/killswitch.d");
	n = scandir(dir, &names, kctl_conf_filter, alphasort);
	if (n < 0)
		return errno == ENOENT ? 0 : -errno;
	for (i = 0; i < n; i++) {
		char line[KS_LINE_MAX * 2];
		unsigned int lineno = 0;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		f = fopen(path, "re");
		if (!f) {
			fprintf(err, "killswitchctl: %s: %s\n", path,
				strerror(errno));
			bad++;
			continue;
		}
		while (fgets(line, sizeof(line), f)) {
			const char *why = NULL;
			struct ks_cmd cmd;
			size_t j, len = strlen(line);
			int ch;

			lineno++;
			/*
			 * A line longer than the buffer: the rest is read
			 * away, so it cannot pass for a line of its own. Only
			 * a comment may run on.
			 */
			if (len && line[len - 1] != '\n' && !feof(f)) {
				while ((ch = fgetc(f)) != EOF && ch != '\n')
					;
				if (!kctl_conf_comment(line)) {
					fprintf(err, "killswitchctl: %s:%u: line too long\n",
						path, lineno);
					bad++;
					continue;
				}
			}
			if (kctl_conf_parse_line(line, &cmd, &why)) {
				fprintf(err, "killswitchctl: %s:%u: %s\n",
					path, lineno, why);
				bad++;
				continue;
			}
			if (cmd.verb == KS_VERB_NONE)
				continue;
			for (j = 0; j < d->n; j++)
				if (!strcmp(d->v[j].cmd.target.symbol,
					    cmd.target.symbol))
					break;
			if (j < d->n) {
				fprintf(err, "killswitchctl: %s:%u: %s is already declared in %s:%u\n",
					path, lineno, cmd.target.symbol,
					d->v[j].file, d->v[j].line);
				bad++;
				continue;
			}
			if (d->n == d->cap) {
				size_t cap = d->cap ? d->cap * 2 : 16;
				struct kctl_decl *nv = realloc(d->v,
							       cap * sizeof(*nv));

				if (!nv) {
					bad++;
					break;
				}
				d->v = nv;
				d->cap = cap;
			}
			d->v[d->n].cmd = cmd;
			snprintf(d->v[d->n].file, sizeof(d->v[d->n].file),
				 "%s", path);
			d->v[d->n].line = lineno;
			d->n++;
		}
		fclose(f);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return bad ? -EINVAL : 0;
}

static void kctl_target_str(const struct ks_target_name *t, char *buf,
			    size_t len)
{
	snprintf(buf, len, "%s%s%s", t->module, t->module[0] ? ":" : "",
		 t->symbol);
}

/*
 * "engage <target> <retval> [scope=..] [revert=..] [force]",
 * "tryengage <target> <retval> <secs> [...]" or "observe <target> [force]".
 */
int kctl_format_cmd(const struct ks_cmd *cmd, char *buf, size_t len)
{
	char t[KCTL_TARGET_MAX], secs[16] = "", revert[24] = "";
	int n;

	kctl_target_str(&cmd->target, t, sizeof(t));
	if (cmd->verb == KS_VERB_TRYENGAGE)
		snprintf(secs, sizeof(secs), " %u", cmd->observe_secs);
	if (cmd->revert_secs)
		snprintf(revert, sizeof(revert), " revert=%u",
			 cmd->revert_secs);
	if (cmd->verb == KS_VERB_OBSERVE)
		n = snprintf(buf, len, "observe %s%s", t,
			     cmd->force ? " force" : "");
	else
		n = snprintf(buf, len, "%s %s %ld%s%s%s%s%s",
			     cmd->verb == KS_VERB_TRYENGAGE ? "tryengage" :
			     "engage", t, cmd->retval, secs,
			     cmd->scope ? " scope=" : "",
			     cmd->scope ? ks_scope_name(cmd->scope) : "",
			     revert, cmd->force ? " force" : "");
	return (n < 0 || (size_t)n >= len) ? -ENOSPC : 0;
}

/* targets= entry: "<target>=<retval>[/scope=..][/force]". */
int kctl_format_entry(const struct ks_cmd *cmd, char *buf, size_t len)
{
	char t[KCTL_TARGET_MAX], v[32];
	int n;

	kctl_target_str(&cmd->target, t, sizeof(t));
	if (cmd->verb == KS_VERB_OBSERVE)
		snprintf(v, sizeof(v), "observe");
	else
		snprintf(v, sizeof(v), "%ld", cmd->retval);
	n = snprintf(buf, len, "%s=%s%s%s%s", t, v,
		     cmd->scope ? "/scope=" : "",
		     cmd->scope ? ks_scope_name(cmd->scope) : "",
		     cmd->force ? "/force" : "");
	return (n < 0 || (size_t)n >= len) ? -ENOSPC : 0;
}

static int kctl_plan_add(struct kctl_plan *p, enum kctl_act act,
			 const struct ks_cmd *cmd, const struct ks_cmd *old)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct kctl_action *nv = realloc(p->v, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		p->v = nv;
		p->cap = cap;
	}
	memset(&p->v[p->n], 0, sizeof(p->v[p->n]));
	p->v[p->n].act = act;
	p->v[p->n].cmd = *cmd;
	if (old) {
		p->v[p->n].old = *old;
		p->v[p->n].have_old = true;
	}
	p->n++;
	return 0;
}

/*
 * The command that would engage a running target again as it is now
 * (for putting it back when its replacement fails). False for a failed
 * target, which protects nothing.
 */
static bool kctl_running_cmd(const struct kctl_target *r, struct ks_cmd *cmd)
{
	static const enum ks_scope scopes[] = {
		KS_SCOPE_ALL, KS_SCOPE_UNPRIV, KS_SCOPE_USERNS,
	};
	size_t i;

	memset(cmd, 0, sizeof(*cmd));
	if (!strcmp(r->state, "failed") ||
	    ks_parse_target(r->target, strlen(r->target), &cmd->target, NULL))
		return false;
	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
		if (!strcmp(r->scope, ks_scope_name(scopes[i])))
			cmd->scope = scopes[i];
	cmd->force = r->force;
	if (r->observe) {
		cmd->verb = KS_VERB_OBSERVE;
		cmd->scope = KS_SCOPE_ALL;
		return true;
	}
	cmd->retval = r->retval;
	cmd->verb = KS_VERB_ENGAGE;
	if (r->try_in > 0) {
		cmd->verb = KS_VERB_TRYENGAGE;
		cmd->observe_secs = (unsigned int)r->try_in;
	}
	if (r->revert_in >= 0)
		cmd->revert_secs = r->revert_in ? (unsigned int)r->revert_in : 1;
	return true;
}

void kctl_plan_free(struct kctl_plan *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/*
 * What to do so that the running targets match the declared ones.
 * Targets are the same when their symbols are (the kernel keys them so).
 */
int kctl_plan(const struct kctl_decls *d, const struct kctl_list *running,
	      bool keep, struct kctl_plan *p)
{
	size_t i, j;
	int ret = 0;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < d->n && !ret; i++) {
		const struct ks_cmd *cmd = &d->v[i].cmd;
		const struct kctl_target *r;
		bool observe = cmd->verb == KS_VERB_OBSERVE;

		r = kctl_list_find(running, cmd->target.symbol);
		if (!r) {
			ret = kctl_plan_add(p, KCTL_ACT_ENGAGE, cmd, NULL);
			continue;
		}
		if (observe != r->observe ||
		    !strcmp(r->state, "trying") || r->try_in >= 0 ||
		    strcmp(r->scope, ks_scope_name(observe ? KS_SCOPE_ALL :
						    cmd->scope)) ||
		    r->force != cmd->force || r->revert_in >= 0 ||
		    (!observe && strcmp(r->state, "engaged") &&
		     strcmp(r->state, "pending"))) {
			struct ks_cmd old;

			ret = kctl_plan_add(p, KCTL_ACT_REPLACE, cmd,
					    kctl_running_cmd(r, &old) ? &old :
					    NULL);
		} else if (!observe && r->retval != cmd->retval) {
			ret = kctl_plan_add(p, KCTL_ACT_RETVAL, cmd, NULL);
		}
	}
	for (j = 0; j < running->n && !ret && !keep; j++) {
		struct ks_cmd cmd;

		for (i = 0; i < d->n; i++)
			if (!strcmp(d->v[i].cmd.target.symbol,
				    running->v[j].symbol))
				break;
		if (i < d->n)
			continue;
		memset(&cmd, 0, sizeof(cmd));
		cmd.verb = KS_VERB_DISENGAGE;
		if (ks_parse_target(running->v[j].target,
				    strlen(running->v[j].target),
				    &cmd.target, NULL))
			continue;
		ret = kctl_plan_add(p, KCTL_ACT_DISENGAGE, &cmd, NULL);
	}
	if (ret)
		kctl_plan_free(p);
	return ret;
}
