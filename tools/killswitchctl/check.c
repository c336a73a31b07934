// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl check: where a function is, whether kprobes can reach it,
 * whether the compiler copied it, and whether a value fits its return type.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "kctl.h"

#define KCTL_CLONES_MAX	1024

struct kctl_ksyms {
	bool in_vmlinux;
	char modules[512];	/* loaded modules defining it, blank-separated */
	char first_mod[128];
	int nmatch;
	char type;		/* kallsyms type of the first match: t or T */
	char clones[KCTL_CLONES_MAX];
	bool readable;
};

static void kctl_add_word(char *buf, size_t len, const char *w)
{
	size_t n = strlen(buf);

	if (n + strlen(w) + 2 < len)
		snprintf(buf + n, len - n, "%s%s", n ? " " : "", w);
}

/* Text symbols named sym (or its clones) in /proc/kallsyms. */
static void kctl_scan_kallsyms(const struct kctl *c, const char *sym,
			       const char *module, struct kctl_ksyms *k)
{
	char p[KCTL_PATH_MAX], line[1024];
	size_t slen = strlen(sym);
	FILE *f;

	memset(k, 0, sizeof(*k));
	f = fopen(kctl_path(c, p, sizeof(p), "/proc/kallsyms"), "re");
	if (!f)
		return;
	k->readable = true;
	while (fgets(line, sizeof(line), f)) {
		char type, name[512], mod[128] = "";
		int n;

		n = sscanf(line, "%*s %c %511s [%127[^]]]", &type, name, mod);
		if (n < 2 || (type != 't' && type != 'T'))
			continue;
		if (strncmp(name, sym, slen))
			continue;
		if (module && module[0] && strcmp(mod, module))
			continue;
		if (!name[slen]) {
			if (!k->nmatch++)
				k->type = type;
			if (!mod[0]) {
				k->in_vmlinux = true;
			} else {
				if (!k->first_mod[0])
					snprintf(k->first_mod,
						 sizeof(k->first_mod), "%s",
						 mod);
				kctl_add_word(k->modules, sizeof(k->modules),
					      mod);
			}
		} else if (name[slen] == '.') {
			char w[700];

			snprintf(w, sizeof(w), "%s%s%s%s", name,
				 mod[0] ? "[" : "", mod, mod[0] ? "]" : "");
			kctl_add_word(k->clones, sizeof(k->clones), w);
		}
	}
	fclose(f);
}

/* Is "kernel/.../<module>.ko" listed in modules.builtin? */
static bool kctl_builtin(const struct kctl *c, const char *module)
{
	char p[KCTL_PATH_MAX], line[512];
	bool found = false;
	FILE *f;

	f = fopen(kctl_path(c, p, sizeof(p), "/lib/modules/%s/modules.builtin",
			    c->kver), "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *b = strrchr(line, '/'), *dot;
		size_t i;

		b = b ? b + 1 : line;
		dot = strstr(b, ".ko");
		if (!dot)
			continue;
		*dot = '\0';
		for (i = 0; b[i]; i++)
			if (b[i] == '-')
				b[i] = '_';
		found = !strcmp(b, module);
	}
	fclose(f);
	return found;
}

/*
 * 1 if some line of file is exactly "<sym>" or "<sym> [<mod>]" (field
 * field_no, 0-based, of blank-separated fields), 0 if not, -errno when it
 * cannot be read.
 */
static int kctl_listed(const char *path, const char *sym, int field_no)
{
	char line[1024];
	int found = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return errno ? -errno : -EIO;
	while (!found && fgets(line, sizeof(line), f)) {
		char *save = NULL, *tok = strtok_r(line, " \t\n", &save);
		int i;

		for (i = 0; tok && i < field_no; i++)
			tok = strtok_r(NULL, " \t\n", &save);
		found = tok && !strcmp(tok, sym);
	}
	fclose(f);
	return found;
}

static int kctl_traceable(const struct kctl *c, const char *sym)
{
	char p[KCTL_PATH_MAX];
	int r;

	r = kctl_listed(kctl_path(c, p, sizeof(p),
				  "/sys/kernel/tracing/available_filter_functions"),
			sym, 0);
	if (r < 0)
		r = kctl_listed(kctl_path(c, p, sizeof(p),
					  "/sys/kernel/debug/tracing/available_filter_functions"),
				sym, 0);
	return r;
}

static bool kctl_is_bypass_clone(const char *name)
{
	return strstr(name, ".isra.") || strstr(name, ".constprop.") ||
	       strstr(name, ".part.");
}

/* 0: fits; 1: warning; 2: error. *why: a sentence (also for 0). */
int kctl_value_fits(const struct kctl_rinfo *rt, long v, const char **why)
{
	static char buf[256];
	const char *en;

	*why = NULL;
	switch (rt->kind) {
	case KCTL_RT_UNKNOWN:
		*why = "return type unknown (no BTF for this function): the value cannot be checked";
		return 1;
	case KCTL_RT_VOID:
		if (v) {
			*why = "a void function returns nothing: only 0 is accepted";
			return 2;
		}
		*why = "void: the body is skipped";
		return 0;
	case KCTL_RT_BOOL:
		if (v != 0 && v != 1) {
			*why = "a bool function returns only 0 (false) or 1 (true)";
			return 2;
		}
		*why = v ? "true" : "false";
		return 0;
	case KCTL_RT_PTR:
		if (v == 0) {
			*why = "NULL: callers that test only IS_ERR() would dereference it; make sure this function returns NULL on failure, or use an ERR_PTR such as -ENOMEM";
			return 1;
		}
		if (v >= -4095 && v < 0) {
			en = ks_errno_name(-v);
			snprintf(buf, sizeof(buf), "ERR_PTR(%s%s)",
				 en ? "-" : "", en ? en : "unknown errno");
			*why = buf;
			return en ? 0 : 1;
		}
		*why = "a pointer function may only return NULL (0) or an ERR_PTR (-4095..-1): callers would dereference any other value";
		return 2;
	case KCTL_RT_OTHER:
		*why = "the function returns a struct, union or floating-point value, which cannot be faked";
		return 2;
	case KCTL_RT_INT:
		break;
	}

	if (rt->size && rt->size < sizeof(long)) {
		long lo, hi;
		unsigned int bits = rt->size * 8;

		if (rt->is_signed) {
			hi = (1L << (bits - 1)) - 1;
			lo = -hi - 1;
		} else {
			lo = 0;
			hi = (long)((1UL << bits) - 1);
		}
		if (v < lo || v > hi) {
			if (!rt->is_signed && v < 0 && v >= -4095) {
				snprintf(buf, sizeof(buf),
					 "%s is unsigned: %ld arrives as %lu",
					 rt->name, v,
					 (unsigned long)v & ((1UL << bits) - 1));
				*why = buf;
				return 1;
			}
			snprintf(buf, sizeof(buf),
				 "%ld does not fit in %s (%ld..%ld)", v,
				 rt->name, lo, hi);
			*why = buf;
			return 2;
		}
	}
	if (v == 0) {
		*why = "0 (success)";
		return 0;
	}
	if (v < 0 && v >= -4095 && (en = ks_errno_name(-v))) {
		snprintf(buf, sizeof(buf), "-%s", en);
		*why = buf;
		return 0;
	}
	if (rt->is_enum) {
		*why = "enum return type: make sure the value is one of its enumerators";
		return 1;
	}
	snprintf(buf, sizeof(buf),
		 "%ld is not 0 or a negative errno: callers of an integer function may read it as a count, a length or success",
		 v);
	*why = buf;
	return 1;
}

#define SAY(out, key, ...)						\
	do {								\
		if (out) {						\
			fprintf(out, "%-10s ", key ":");		\
			fprintf(out, __VA_ARGS__);			\
			fputc('\n', out);				\
		}							\
	} while (0)

#define ERR(res, out, ...)						\
	do {								\
		(res)->errors++;					\
		if (out) {						\
			fputs("error:     ", out);			\
			fprintf(out, __VA_ARGS__);			\
			fputc('\n', out);				\
		}							\
	} while (0)

#define WARN(res, out, ...)						\
	do {								\
		(res)->warnings++;					\
		if (out) {						\
			fputs("warning:   ", out);			\
			fprintf(out, __VA_ARGS__);			\
			fputc('\n', out);				\
		}							\
	} while (0)

static void kctl_check_btf(struct kctl *c, const char *sym,
			   const char *modfile, struct kctl_check *res,
			   FILE *out)
{
	struct btf *base = kctl_vmlinux_btf(c), *mbtf = NULL;
	char p[KCTL_PATH_MAX], src[KCTL_PATH_MAX + 32];
	int ret = -ENOENT;

	if (!base) {
		SAY(out, "returns", "unknown: no vmlinux BTF (%s)",
		    c->root[0] ? "no <root>/sys/kernel/btf/vmlinux" :
		    "kernel built without CONFIG_DEBUG_INFO_BTF?");
		return;
	}
	if (res->where == KCTL_WHERE_VMLINUX) {
		ret = kctl_btf_rtype(base, NULL, sym, &res->rt);
		snprintf(src, sizeof(src), "vmlinux BTF");
	} else if (res->where == KCTL_WHERE_LOADED) {
		mbtf = btf__parse_split(kctl_path(c, p, sizeof(p),
						  "/sys/kernel/btf/%s",
						  res->module), base);
		snprintf(src, sizeof(src), "BTF of module %s", res->module);
	} else if (modfile) {
		void *data;
		size_t len;

		if (!kctl_file_load(modfile, &data, &len)) {
			mbtf = kctl_btf_from_elf_mem(data, len, base);
			free(data);
		}
		snprintf(src, sizeof(src), ".BTF of %s", modfile);
	}
	if (res->where != KCTL_WHERE_VMLINUX) {
		if (!mbtf) {
			SAY(out, "returns", "unknown: module %s has no BTF",
			    res->module);
			return;
		}
		ret = kctl_btf_rtype(mbtf, base, sym, &res->rt);
	}
	if (ret == -ENOENT && strchr(sym, '.')) {
		char basefn[KS_SYMBOL_MAX];
		const struct btf *b = base;

		snprintf(basefn, sizeof(basefn), "%.*s",
			 (int)strcspn(sym, "."), sym);
		if (res->where != KCTL_WHERE_VMLINUX && mbtf)
			b = mbtf;
		ret = kctl_btf_rtype(b, b == base ? NULL : base, basefn,
				     &res->rt);
		if (!ret)
			WARN(res, out, "return type of %s is that of %s: a compiler copy may return differently (IPA-SRA can drop the value)",
			     sym, basefn);
	}
	if (mbtf)
		btf__free(mbtf);
	if (ret)
		SAY(out, "returns", "unknown: %s has no record of %s", src,
		    sym);
	else
		SAY(out, "returns", "%s (%s)", res->rt.name, src);
}

int kctl_check(struct kctl *c, const char *target, const char *retval,
	       struct kctl_check *res, FILE *out)
{
	char modfile[KCTL_PATH_MAX] = "", clones[KCTL_CLONES_MAX] = "";
	char p[KCTL_PATH_MAX];
	struct ks_target_name tn;
	struct kctl_ksyms k;
	const char *why = NULL;
	long v = 0;
	int r;

	memset(res, 0, sizeof(*res));
	if (ks_parse_target(target, strlen(target), &tn, &why)) {
		ERR(res, out, "bad function name \"%s\": %s", target, why);
		return -EINVAL;
	}
	if (retval && ks_parse_retval(retval, strlen(retval), &v, &why)) {
		ERR(res, out, "bad value \"%s\": %s", retval, why);
		return -EINVAL;
	}
	snprintf(res->target, sizeof(res->target), "%s", target);

	kctl_scan_kallsyms(c, tn.symbol, tn.module, &k);
	/* module:symbol of a module built into the kernel: vmlinux's. */
	if (!k.nmatch && tn.module[0] && !kctl_module_loaded(c, tn.module) &&
	    kctl_builtin(c, tn.module)) {
		kctl_scan_kallsyms(c, tn.symbol, NULL, &k);
		k.nmatch = k.in_vmlinux;
		k.modules[0] = '\0';
	}
	if (!k.readable)
		WARN(res, out, "cannot read %s/proc/kallsyms: where the function is cannot be told",
		     c->root);

	if (k.nmatch) {
		if (k.in_vmlinux) {
			res->where = KCTL_WHERE_VMLINUX;
		} else {
			res->where = KCTL_WHERE_LOADED;
			snprintf(res->module, sizeof(res->module), "%.*s",
				 (int)sizeof(res->module) - 1,
				 k.first_mod);
		}
		SAY(out, "found", "%s%s%s%s", k.in_vmlinux ? "vmlinux" : "",
		    k.in_vmlinux && k.modules[0] ? ", " : "",
		    k.modules[0] ? "loaded module " : "", k.modules);
		if (k.nmatch > 1)
			WARN(res, out, "%d functions are named %s: kprobes take the first one (%s); qualify the name as module:%s or check the others",
			     k.nmatch, tn.symbol,
			     k.in_vmlinux ? "in vmlinux" : k.first_mod,
			     tn.symbol);
		snprintf(clones, sizeof(clones), "%s", k.clones);
	} else if (tn.module[0] && kctl_module_loaded(c, tn.module)) {
		ERR(res, out, "module %s is loaded but has no function %s",
		    tn.module, tn.symbol);
	} else if (tn.module[0] && kctl_builtin(c, tn.module)) {
		ERR(res, out, "%s is built into the kernel, and vmlinux has no function %s",
		    tn.module, tn.symbol);
	} else {
		char fmod[KS_MODULE_MAX] = "";

		r = kctl_find_installed(c, tn.module, tn.symbol, fmod,
					sizeof(fmod), modfile,
					sizeof(modfile), clones,
					sizeof(clones));
		if (r == 1) {
			res->where = KCTL_WHERE_INSTALLED;
			snprintf(res->module, sizeof(res->module), "%s", fmod);
			snprintf(res->target, sizeof(res->target), "%s:%s",
				 fmod, tn.symbol);
			SAY(out, "found", "module %s, installed but not loaded (%s)",
			    fmod, modfile);
		} else if (r == 2) {
			ERR(res, out, "no function %s, only compiler copies of it in module %s (installed, not loaded): %s (name a copy, as %s:<copy>, to target it)",
			    tn.symbol, fmod, clones, fmod);
		}
	}

	if (res->where == KCTL_WHERE_NONE) {
		struct kctl_rinfo ri;
		struct btf *b = kctl_vmlinux_btf(c);

		if (k.clones[0])
			ERR(res, out, "no function %s, only compiler copies of it: %s (name a copy to target it)",
			    tn.symbol, k.clones);
		else if (b && !kctl_btf_rtype(b, NULL, tn.symbol, &ri))
			ERR(res, out, "%s is declared (BTF) but has no out-of-line copy: the compiler inlined it into its callers, so there is no entry to probe; target its callers",
			    tn.symbol);
		else if (!res->errors)
			ERR(res, out, "no function %s in the kernel, its loaded modules or the installed modules of %s (a static inline function of the source is inlined into every caller and has no entry to probe: target its callers)",
			    target, c->kver);
		goto out;
	}
	SAY(out, "target", "%s", res->target);

	/* Reachable by kprobes? */
	if (res->where == KCTL_WHERE_INSTALLED) {
		SAY(out, "traceable", "unknown until module %s is loaded (engaging now leaves the target pending until then)",
		    res->module);
	} else {
		r = kctl_listed(kctl_path(c, p, sizeof(p),
					  "/sys/kernel/debug/kprobes/blacklist"),
				tn.symbol, 1);
		if (r == 1)
			ERR(res, out, "%s is on the kprobe blacklist: kprobes refuse it",
			    tn.symbol);
		else if (r < 0)
			WARN(res, out, "kprobe blacklist: unknown (cannot read %s: %s; is debugfs mounted?): kprobes may refuse %s when it is engaged",
			     p, strerror(-r), tn.symbol);
		r = kctl_traceable(c, tn.symbol);
		if (r == 1)
			SAY(out, "traceable", "yes, an ftrace site (a plain engage uses a direct call, options a kprobe)");
		else if (r == 0)
			SAY(out, "traceable", "not an ftrace site: the kprobe uses an int3 breakpoint (works, slower)");
		else
			SAY(out, "traceable", "unknown (no tracefs available_filter_functions)");
	}

	/* Compiler copies. */
	if (clones[0]) {
		char *save = NULL, *w, copy[KCTL_CLONES_MAX], bypass[KCTL_CLONES_MAX] = "";

		snprintf(copy, sizeof(copy), "%s", clones);
		for (w = strtok_r(copy, " ", &save); w;
		     w = strtok_r(NULL, " ", &save))
			if (kctl_is_bypass_clone(w))
				kctl_add_word(bypass, sizeof(bypass), w);
		SAY(out, "copies", "%s", clones);
		if (bypass[0])
			WARN(res, out, "the compiler made copies of %s (%s): calls that go to a copy bypass its entry and are not killed; engage the copies too",
			     tn.symbol, bypass);
	} else {
		SAY(out, "copies", "none");
	}
	/*
	 * Calls inlined into a caller bypass the entry too. Telling which
	 * callers would need the debug info; the kallsyms type tells whether
	 * the compiler was free to do it (within the file, or with LTO).
	 */
	if (k.type == 't')
		SAY(out, "linkage", "static: the compiler may also have inlined it into callers in its file, whose calls bypass the entry (not visible without debug info)");
	else if (k.type == 'T')
		SAY(out, "linkage", "global (calls from other files go through the entry)");

	kctl_check_btf(c, tn.symbol, modfile[0] ? modfile : NULL, res, out);

	if (retval) {
		r = kctl_value_fits(&res->rt, v, &why);
		if (r == 2)
			ERR(res, out, "value %ld: %s", v, why);
		else if (r == 1)
			WARN(res, out, "value %ld: %s", v, why);
		else
			SAY(out, "value", "%ld: %s", v, why);
	}
out:
	SAY(out, "result", "%s, %d error%s, %d warning%s",
	    res->errors ? "REFUSE" : "ok", res->errors,
	    res->errors == 1 ? "" : "s", res->warnings,
	    res->warnings == 1 ? "" : "s");
	return res->errors ? -EINVAL : 0;
}
