// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl: the kernel's "engaged" file, one target per line:
 *
 *   <target> retval=<v> hits=<n> state=<s> path=<p> scope=<s> module=<m>
 *            [revert_in=<s>] [try_in=<s>] [observe=1] [force=1] [reason="..."]
 *
 * Unknown key=value fields are ignored, so newer modules stay readable.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kctl.h"

static int kctl_num(const char *s, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return (errno || end == s || *end) ? -EINVAL : 0;
}

static void kctl_copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

int kctl_parse_engaged_line(const char *line, struct kctl_target *t)
{
	char buf[KS_LINE_MAX * 2];
	char *tok, *save = NULL, *reason;
	struct ks_target_name name;
	bool have_retval = false, have_hits = false;
	long v;

	memset(t, 0, sizeof(*t));
	t->revert_in = -1;
	t->try_in = -1;
	kctl_copy(buf, sizeof(buf), line);
	buf[strcspn(buf, "\n")] = '\0';

	/* reason="..." is last and may contain blanks. */
	reason = strstr(buf, " reason=\"");
	if (reason) {
		char *q = reason + 9, *end = strrchr(q, '"');

		if (end && end >= q)
			*end = '\0';
		kctl_copy(t->reason, sizeof(t->reason), q);
		*reason = '\0';
	}

	tok = strtok_r(buf, " \t", &save);
	if (!tok || ks_parse_target(tok, strlen(tok), &name, NULL))
		return -EINVAL;
	kctl_copy(t->target, sizeof(t->target), tok);
	kctl_copy(t->symbol, sizeof(t->symbol), name.symbol);
	kctl_copy(t->home, sizeof(t->home), name.module);

	while ((tok = strtok_r(NULL, " \t", &save))) {
		char *eq = strchr(tok, '=');
		const char *val;

		if (!eq)
			return -EINVAL;
		*eq = '\0';
		val = eq + 1;
		if (!strcmp(tok, "retval")) {
			if (kctl_num(val, &t->retval))
				return -EINVAL;
			have_retval = true;
		} else if (!strcmp(tok, "hits")) {
			char *end;

			errno = 0;
			t->hits = strtoul(val, &end, 10);
			if (errno || end == val || *end)
				return -EINVAL;
			have_hits = true;
		} else if (!strcmp(tok, "state")) {
			kctl_copy(t->state, sizeof(t->state), val);
		} else if (!strcmp(tok, "path")) {
			kctl_copy(t->path, sizeof(t->path), val);
		} else if (!strcmp(tok, "scope")) {
			kctl_copy(t->scope, sizeof(t->scope), val);
		} else if (!strcmp(tok, "module")) {
			kctl_copy(t->home, sizeof(t->home), val);
		} else if (!strcmp(tok, "revert_in")) {
			if (kctl_num(val, &v))
				return -EINVAL;
			t->revert_in = v;
		} else if (!strcmp(tok, "try_in")) {
			if (kctl_num(val, &v))
				return -EINVAL;
			t->try_in = v;
		} else if (!strcmp(tok, "force")) {
			t->force = !strcmp(val, "1");
		} else if (!strcmp(tok, "observe")) {
			t->observe = !strcmp(val, "1");
		}
	}
	if (!have_retval || !have_hits)
		return -EINVAL;
	if (!t->scope[0])
		kctl_copy(t->scope, sizeof(t->scope), "all");
	if (!t->state[0])
		kctl_copy(t->state, sizeof(t->state), "engaged");
	return 0;
}

void kctl_list_free(struct kctl_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* 0 with an empty list when the module is not loaded. */
int kctl_read_engaged(const struct kctl *c, struct kctl_list *l)
{
	char dir[KCTL_PATH_MAX], p[KCTL_PATH_MAX + 16];
	char *text, *line, *save = NULL;
	int ret;

	memset(l, 0, sizeof(*l));
	snprintf(p, sizeof(p), "%s/engaged",
		 kctl_secfs_dir(c, dir, sizeof(dir)));
	ret = kctl_read_file(p, &text, NULL);
	if (ret == -ENOENT && !kctl_module_loaded(c, "killswitch"))
		return 0;
	if (ret)
		return ret;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 16;
			struct kctl_target *nv = realloc(l->v, cap * sizeof(*nv));

			if (!nv) {
				ret = -ENOMEM;
				break;
			}
			l->v = nv;
			l->cap = cap;
		}
		if (kctl_parse_engaged_line(line, &l->v[l->n])) {
			kctl_warn("cannot parse engaged line: %s", line);
			continue;
		}
		l->n++;
	}
	free(text);
	if (ret)
		kctl_list_free(l);
	return ret;
}

/* Targets are unique by symbol in the kernel (fn/<symbol>/). */
const struct kctl_target *kctl_list_find(const struct kctl_list *l,
					 const char *symbol)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].symbol, symbol))
			return &l->v[i];
	return NULL;
}

void kctl_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}
