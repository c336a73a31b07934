/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitchctl: the admin's tool for the killswitch kernel module.
 *
 * One context (struct kctl) is created in main(), handed to every command
 * and released in one place (kctl_free). All paths of the running system
 * go through kctl_path(), which prefixes --root / $KILLSWITCHCTL_ROOT so
 * that tests can point the tool at a fake /sys, /proc, /etc and /lib tree.
 */
#ifndef KCTL_H
#define KCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ks_parse.h"

#define KCTL_TARGET_MAX	(KS_MODULE_MAX + KS_SYMBOL_MAX)
#define KCTL_PATH_MAX	4096

/* Exit statuses (documented in killswitchctl.8). */
#define KCTL_EXIT_OK		0	/* done / already in state / check ok */
#define KCTL_EXIT_ERROR		1	/* error, refusal, check found errors */
#define KCTL_EXIT_CHANGED	2	/* apply/persist changed something */
#define KCTL_EXIT_USAGE		64	/* bad command line (EX_USAGE) */

struct kmod_ctx;
struct btf;

struct kctl {
	const char *root;	/* "" for the running system */
	char kver[128];		/* kernel release (proc/sys/kernel/osrelease) */
	bool json, quiet, all, dry_run, keep;
	bool force;		/* go ahead despite check errors */
	bool override_guard;	/* send "force": lift the kernel's guard */
	int scope;		/* -1: not given, else enum ks_scope */
	unsigned int revert;	/* --revert SECS, 0: none */
	const char *confdir;	/* NULL: <root>/etc/killswitch.d */
	struct kmod_ctx *kmod;	/* lazily created */
	struct btf *vmlinux_btf;	/* lazily loaded, NULL if unavailable */
	bool vmlinux_btf_tried;
};

/* One line of the "engaged" file. */
struct kctl_target {
	char target[KCTL_TARGET_MAX];	/* as written: sym or mod:sym */
	char symbol[KS_SYMBOL_MAX];
	long retval;
	unsigned long hits;
	char state[16];
	char path[16];
	char scope[8];
	char home[KS_MODULE_MAX];
	long revert_in;		/* -1: none */
	long try_in;		/* -1: none */
	bool observe;		/* an observe target (any state) */
	bool force;
	char reason[256];
};

struct kctl_list {
	struct kctl_target *v;
	size_t n, cap;
};

/* paths.c */
const char *kctl_path(const struct kctl *c, char *buf, size_t len,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int kctl_read_file(const char *path, char **out, size_t *len);
int kctl_read_line(const char *path, char *buf, size_t len);
int kctl_init_kver(struct kctl *c);
bool kctl_module_loaded(const struct kctl *c, const char *mod);
const char *kctl_secfs_dir(const struct kctl *c, char *buf, size_t len);

/* errs.c */
const char *kctl_errno_reason(int err);
const char *kctl_load_reason(int err);
const char *kctl_errno_symbol(int err);
void kctl_explain(const struct kctl *c, const char *what, int err,
		  const char *kernel_reason);

/* engaged.c */
int kctl_parse_engaged_line(const char *line, struct kctl_target *t);
int kctl_read_engaged(const struct kctl *c, struct kctl_list *l);
void kctl_list_free(struct kctl_list *l);
const struct kctl_target *kctl_list_find(const struct kctl_list *l,
					 const char *symbol);
void kctl_json_str(FILE *f, const char *s);

/* control.c */
int kctl_control_write(const struct kctl *c, const char *text);
int kctl_module_load(struct kctl *c);
int kctl_module_unload(struct kctl *c);
int kctl_kmod(struct kctl *c);

/* check.c */
enum kctl_rtype {
	KCTL_RT_UNKNOWN = 0,	/* no BTF */
	KCTL_RT_VOID,
	KCTL_RT_BOOL,
	KCTL_RT_PTR,
	KCTL_RT_INT,		/* any integer or enum */
	KCTL_RT_OTHER,		/* struct, union, float: cannot fake */
};

struct kctl_rinfo {
	enum kctl_rtype kind;
	unsigned int size;	/* bytes, for integers */
	bool is_signed;
	bool is_enum;
	char name[128];		/* C spelling, e.g. "ssize_t", "struct file *" */
};

struct kctl_check {
	char target[KCTL_TARGET_MAX];	/* resolved: sym or mod:sym */
	char module[KS_MODULE_MAX];	/* home module, "" for vmlinux */
	enum { KCTL_WHERE_NONE, KCTL_WHERE_VMLINUX, KCTL_WHERE_LOADED,
	       KCTL_WHERE_INSTALLED } where;
	struct kctl_rinfo rt;
	int errors, warnings;
};

int kctl_check(struct kctl *c, const char *target, const char *retval,
	       struct kctl_check *res, FILE *out);
int kctl_value_fits(const struct kctl_rinfo *rt, long v, const char **why);

/* btfinfo.c */
struct btf *kctl_vmlinux_btf(struct kctl *c);
int kctl_btf_rtype(const struct btf *btf, const struct btf *base,
		   const char *fn, struct kctl_rinfo *ri);
struct btf *kctl_btf_from_elf_mem(const void *data, size_t len,
				  struct btf *base);

/* modsym.c */
int kctl_file_load(const char *path, void **data, size_t *len);
int kctl_elf_has_symbol(const void *data, size_t len, const char *sym,
			char *clones, size_t clen);
int kctl_find_installed(struct kctl *c, const char *module, const char *sym,
			char *found_mod, size_t mlen, char *path, size_t plen,
			char *clones, size_t clen);

/* conf.c */
struct kctl_decl {
	struct ks_cmd cmd;
	char file[KCTL_PATH_MAX + 256];
	unsigned int line;
};

struct kctl_decls {
	struct kctl_decl *v;
	size_t n, cap;
};

int kctl_conf_parse_line(const char *line, struct ks_cmd *cmd,
			 const char **why);
int kctl_conf_load(const struct kctl *c, struct kctl_decls *d, FILE *err);
void kctl_decls_free(struct kctl_decls *d);

enum kctl_act {
	KCTL_ACT_ENGAGE,	/* engage a missing target */
	KCTL_ACT_RETVAL,	/* same target, new value: fn/<sym>/retval */
	KCTL_ACT_REPLACE,	/* options differ: disengage, then engage */
	KCTL_ACT_DISENGAGE,	/* running but not declared */
};

struct kctl_action {
	enum kctl_act act;
	struct ks_cmd cmd;	/* the declared target (or running one) */
	struct ks_cmd old;	/* REPLACE: the running command, to restore */
	bool have_old;		/* false: nothing to restore (state failed) */
};

struct kctl_plan {
	struct kctl_action *v;
	size_t n, cap;
};

int kctl_plan(const struct kctl_decls *d, const struct kctl_list *running,
	      bool keep, struct kctl_plan *p);
void kctl_plan_free(struct kctl_plan *p);
int kctl_format_cmd(const struct ks_cmd *cmd, char *buf, size_t len);
int kctl_format_entry(const struct ks_cmd *cmd, char *buf, size_t len);

/* commands (cmd_*.c) */
int kctl_cmd_engage(struct kctl *c, int argc, char **argv, enum ks_verb v);
int kctl_cmd_simple(struct kctl *c, int argc, char **argv, enum ks_verb v);
int kctl_cmd_list(struct kctl *c, int argc, char **argv);
int kctl_cmd_status(struct kctl *c, int argc, char **argv);
int kctl_cmd_check(struct kctl *c, int argc, char **argv);
int kctl_cmd_apply(struct kctl *c, int argc, char **argv);
int kctl_cmd_persist(struct kctl *c, int argc, char **argv);
int kctl_cmd_load(struct kctl *c, int argc, char **argv, bool load);

void kctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kctl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The kernel's lockdown level ("none", "integrity"...), or "unknown". */
void kctl_lockdown(const struct kctl *c, char *out, size_t len);

#endif /* KCTL_H */
