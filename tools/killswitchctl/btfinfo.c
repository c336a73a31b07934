// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl: return types from BTF (libbpf).
 *
 * vmlinux: /sys/kernel/btf/vmlinux (btf__load_vmlinux_btf() on the running
 * system, btf__parse() below --root). A loaded module: its split BTF in
 * /sys/kernel/btf/<module>. A module that is not loaded: the .BTF section
 * of its .ko file, split on vmlinux's BTF.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "kctl.h"

struct btf *kctl_vmlinux_btf(struct kctl *c)
{
	char p[KCTL_PATH_MAX];

	if (c->vmlinux_btf_tried)
		return c->vmlinux_btf;
	c->vmlinux_btf_tried = true;
	if (!c->root[0])
		c->vmlinux_btf = btf__load_vmlinux_btf();
	else
		c->vmlinux_btf = btf__parse(kctl_path(c, p, sizeof(p),
						      "/sys/kernel/btf/vmlinux"),
					    NULL);
	return c->vmlinux_btf;
}

/*
 * Raw split BTF from memory. libbpf 1.1 declares btf__new_split() but does
 * not export it, so the bytes go through a memfd and btf__parse_raw_split().
 */
static struct btf *kctl_btf_raw_split(const void *data, size_t len,
				      struct btf *base)
{
	char p[64];
	struct btf *btf = NULL;
	int fd = memfd_create("kctl-btf", MFD_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (write(fd, data, len) == (ssize_t)len) {
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
		btf = btf__parse_raw_split(p, base);
	}
	close(fd);
	return btf;
}

/* The .BTF section of an ELF image in memory, split on base. */
struct btf *kctl_btf_from_elf_mem(const void *data, size_t len,
				  struct btf *base)
{
	struct btf *btf = NULL;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	Elf *elf;

	elf_version(EV_CURRENT);
	elf = elf_memory((char *)data, len);
	if (!elf)
		return NULL;
	if (elf_getshdrstrndx(elf, &shstrndx))
		goto out;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name || strcmp(name, ".BTF"))
			continue;
		d = elf_getdata(scn, NULL);
		if (d && d->d_size)
			btf = kctl_btf_raw_split(d->d_buf, d->d_size, base);
		break;
	}
out:
	elf_end(elf);
	if (!btf && !errno)
		errno = ENOENT;
	return btf;
}

/* Skip typedefs and qualifiers, remembering the first name seen. */
static const struct btf_type *kctl_resolve(const struct btf *btf, __u32 *id,
					   const char **first)
{
	const struct btf_type *t;
	int depth = 0;

	while (*id && depth++ < 32) {
		t = btf__type_by_id(btf, *id);
		if (!t)
			return NULL;
		if (!btf_is_typedef(t) && !btf_is_const(t) &&
		    !btf_is_volatile(t) && !btf_is_restrict(t) &&
		    !btf_is_type_tag(t))
			return t;
		if (btf_is_typedef(t) && first && !*first)
			*first = btf__name_by_offset(btf, t->name_off);
		*id = t->type;
	}
	return NULL;
}

static void kctl_type_name(const struct btf *btf, __u32 id, char *buf,
			   size_t len)
{
	const char *first = NULL, *n;
	const struct btf_type *t = kctl_resolve(btf, &id, &first);

	if (first && *first) {
		snprintf(buf, len, "%s", first);
		return;
	}
	if (!id || !t) {
		snprintf(buf, len, "void");
		return;
	}
	n = btf__name_by_offset(btf, t->name_off);
	if (btf_is_struct(t))
		snprintf(buf, len, "struct %s", n && *n ? n : "(anon)");
	else if (btf_is_union(t))
		snprintf(buf, len, "union %s", n && *n ? n : "(anon)");
	else if (btf_is_any_enum(t))
		snprintf(buf, len, "enum %s", n && *n ? n : "(anon)");
	else if (btf_is_func_proto(t))
		snprintf(buf, len, "function");
	else if (btf_is_ptr(t)) {
		char inner[96];

		kctl_type_name(btf, t->type, inner, sizeof(inner));
		snprintf(buf, len, "%s *", inner);
	} else
		snprintf(buf, len, "%s", n && *n ? n : "?");
}

static __s32 kctl_find_func(const struct btf *btf, const struct btf *base,
			    const char *fn)
{
	__u32 id, n = btf__type_cnt(btf);

	if (!base)
		return btf__find_by_name_kind(btf, fn, BTF_KIND_FUNC);
	/* Only the module's own part of a split BTF. */
	for (id = btf__type_cnt(base); id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;

		if (!t || !btf_is_func(t))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (name && !strcmp(name, fn))
			return (__s32)id;
	}
	return -ENOENT;
}

/*
 * Classify fn's return type. 0 on success, -ENOENT when fn has no BTF
 * FUNC record (inlined everywhere, or not in this BTF).
 */
int kctl_btf_rtype(const struct btf *btf, const struct btf *base,
		   const char *fn, struct kctl_rinfo *ri)
{
	const struct btf_type *f, *proto, *t;
	__s32 fid;
	__u32 id;

	memset(ri, 0, sizeof(*ri));
	fid = kctl_find_func(btf, base, fn);
	if (fid <= 0)
		return -ENOENT;
	f = btf__type_by_id(btf, (__u32)fid);
	proto = f ? btf__type_by_id(btf, f->type) : NULL;
	if (!proto || !btf_is_func_proto(proto))
		return -EINVAL;
	id = proto->type;
	kctl_type_name(btf, id, ri->name, sizeof(ri->name));
	t = kctl_resolve(btf, &id, NULL);
	if (!id) {
		ri->kind = KCTL_RT_VOID;
		return 0;
	}
	if (!t)
		return -EINVAL;
	if (btf_is_ptr(t)) {
		ri->kind = KCTL_RT_PTR;
		ri->size = 8;
	} else if (btf_is_int(t)) {
		__u8 enc = btf_int_encoding(t);

		ri->size = t->size;
		ri->is_signed = enc & BTF_INT_SIGNED;
		ri->kind = (enc & BTF_INT_BOOL) ? KCTL_RT_BOOL : KCTL_RT_INT;
	} else if (btf_is_any_enum(t)) {
		ri->kind = KCTL_RT_INT;
		ri->size = t->size;
		ri->is_signed = true;
		ri->is_enum = true;
	} else {
		ri->kind = KCTL_RT_OTHER;
	}
	return 0;
}
