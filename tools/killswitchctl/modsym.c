// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl: symbols of installed modules that are not loaded.
 *
 * Search order for an unqualified symbol: the exported-symbol index that
 * depmod keeps (libkmod "symbol:" lookup), then modules whose name is a
 * prefix of the symbol (af_alg for af_alg_sendmsg), then every module of
 * the kernel release. .ko files may be compressed (xz, gzip, zstd).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <gelf.h>
#include <libelf.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef KCTL_HAVE_ZSTD
#include <zstd.h>
#endif

#include <libkmod.h>

#include "kctl.h"

static int kctl_slurp_fd(int fd, unsigned char **out, size_t *len)
{
	struct stat st;
	unsigned char *buf;
	size_t n = 0;

	if (fstat(fd, &st))
		return -errno;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return -ENOMEM;
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(buf);
			return r ? -errno : -EIO;
		}
		n += (size_t)r;
	}
	*out = buf;
	*len = n;
	return 0;
}

static int kctl_unxz(const unsigned char *in, size_t inlen, void **out,
		     size_t *outlen)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = inlen * 4 + 4096;
	unsigned char *buf = malloc(cap);
	lzma_ret r;

	if (!buf)
		return -ENOMEM;
	if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK) {
		free(buf);
		return -EINVAL;
	}
	s.next_in = in;
	s.avail_in = inlen;
	s.next_out = buf;
	s.avail_out = cap;
	for (;;) {
		r = lzma_code(&s, LZMA_FINISH);
		if (r == LZMA_STREAM_END)
			break;
		if (r != LZMA_OK && r != LZMA_BUF_ERROR) {
			lzma_end(&s);
			free(buf);
			return -EINVAL;
		}
		if (!s.avail_out) {
			size_t used = cap;
			unsigned char *nb = realloc(buf, cap * 2);

			if (!nb) {
				lzma_end(&s);
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
			s.next_out = buf + used;
			s.avail_out = cap - used;
		} else if (r == LZMA_BUF_ERROR) {
			lzma_end(&s);
			free(buf);
			return -EINVAL;
		}
	}
	*outlen = cap - s.avail_out;
	*out = buf;
	lzma_end(&s);
	return 0;
}

static int kctl_ungz(const unsigned char *in, size_t inlen, void **out,
		     size_t *outlen)
{
	z_stream s;
	size_t cap = inlen * 4 + 4096;
	unsigned char *buf = malloc(cap);
	int r;

	if (!buf)
		return -ENOMEM;
	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return -EINVAL;
	}
	s.next_in = (unsigned char *)in;
	s.avail_in = (uInt)inlen;
	s.next_out = buf;
	s.avail_out = (uInt)cap;
	while ((r = inflate(&s, Z_FINISH)) != Z_STREAM_END) {
		size_t used = cap - s.avail_out;
		unsigned char *nb;

		if (r != Z_OK && r != Z_BUF_ERROR) {
			inflateEnd(&s);
			free(buf);
			return -EINVAL;
		}
		if (s.avail_out) {	/* truncated input */
			inflateEnd(&s);
			free(buf);
			return -EINVAL;
		}
		nb = realloc(buf, cap * 2);
		if (!nb) {
			inflateEnd(&s);
			free(buf);
			return -ENOMEM;
		}
		buf = nb;
		cap *= 2;
		s.next_out = buf + used;
		s.avail_out = (uInt)(cap - used);
	}
	*outlen = cap - s.avail_out;
	*out = buf;
	inflateEnd(&s);
	return 0;
}

#ifdef KCTL_HAVE_ZSTD
static int kctl_unzstd(const unsigned char *in, size_t inlen, void **out,
		       size_t *outlen)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	size_t cap = inlen * 4 + 4096, r;
	ZSTD_inBuffer ib = { in, inlen, 0 };
	ZSTD_outBuffer ob;
	unsigned char *buf = malloc(cap);

	if (!z || !buf) {
		ZSTD_freeDStream(z);
		free(buf);
		return -ENOMEM;
	}
	ZSTD_initDStream(z);
	ob.dst = buf;
	ob.size = cap;
	ob.pos = 0;
	for (;;) {
		r = ZSTD_decompressStream(z, &ob, &ib);
		if (ZSTD_isError(r)) {
			ZSTD_freeDStream(z);
			free(buf);
			return -EINVAL;
		}
		if (!r)
			break;
		if (ob.pos == ob.size) {
			unsigned char *nb = realloc(buf, cap * 2);

			if (!nb) {
				ZSTD_freeDStream(z);
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
			ob.dst = buf;
			ob.size = cap;
		} else if (ib.pos == ib.size) {
			ZSTD_freeDStream(z);
			free(buf);
			return -EINVAL;
		}
	}
	ZSTD_freeDStream(z);
	*out = buf;
	*outlen = ob.pos;
	return 0;
}
#endif

/* A module file, decompressed, in memory; free() *data. */
int kctl_file_load(const char *path, void **data, size_t *len)
{
	unsigned char *raw = NULL;
	size_t rawlen = 0;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = kctl_slurp_fd(fd, &raw, &rawlen);
	close(fd);
	if (ret)
		return ret;
	if (rawlen >= 6 && !memcmp(raw, "\xfd" "7zXZ", 6)) {
		ret = kctl_unxz(raw, rawlen, data, len);
	} else if (rawlen >= 2 && raw[0] == 0x1f && raw[1] == 0x8b) {
		ret = kctl_ungz(raw, rawlen, data, len);
	} else if (rawlen >= 4 && !memcmp(raw, "\x28\xb5\x2f\xfd", 4)) {
#ifdef KCTL_HAVE_ZSTD
		ret = kctl_unzstd(raw, rawlen, data, len);
#else
		ret = -EOPNOTSUPP;
#endif
	} else {
		*data = raw;
		*len = rawlen;
		return 0;
	}
	free(raw);
	return ret;
}

static void kctl_append(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	if (n + strlen(s) + 2 >= len)
		return;
	snprintf(buf + n, len - n, "%s%s", n ? " " : "", s);
}

/*
 * 1 if the ELF image defines function sym, else 0 (<0: not ELF). Names
 * of compiler clones ("sym.isra.0", "sym.cold"...) are appended to clones.
 */
int kctl_elf_has_symbol(const void *data, size_t len, const char *sym,
			char *clones, size_t clen)
{
	size_t slen = strlen(sym);
	Elf_Scn *scn = NULL;
	int found = 0;
	Elf *elf;

	elf_version(EV_CURRENT);
	elf = elf_memory((char *)data, len);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		if (elf)
			elf_end(elf);
		return -EINVAL;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		size_t i, n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB ||
		    !sh.sh_entsize)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d)
			continue;
		n = sh.sh_size / sh.sh_entsize;
		for (i = 1; i < n; i++) {
			GElf_Sym s;
			const char *name;

			if (!gelf_getsym(d, (int)i, &s) ||
			    s.st_shndx == SHN_UNDEF ||
			    GELF_ST_TYPE(s.st_info) != STT_FUNC)
				continue;
			name = elf_strptr(elf, sh.sh_link, s.st_name);
			if (!name || strncmp(name, sym, slen))
				continue;
			if (!name[slen])
				found = 1;
			else if (name[slen] == '.' && clones)
				kctl_append(clones, clen, name);
		}
	}
	elf_end(elf);
	return found;
}

static int kctl_file_has(const char *path, const char *sym, char *clones,
			 size_t clen)
{
	void *data;
	size_t len;
	int ret;

	ret = kctl_file_load(path, &data, &len);
	if (ret)
		return ret;
	ret = kctl_elf_has_symbol(data, len, sym, clones, clen);
	free(data);
	return ret;
}

/* "kernel/crypto/af-alg.ko.xz" -> "af_alg"; 0 if not a module file. */
static int kctl_modname(const char *path, char *out, size_t len)
{
	const char *b = strrchr(path, '/');
	const char *ko;
	size_t n, i;

	b = b ? b + 1 : path;
	ko = strstr(b, ".ko");
	if (!ko || (ko[3] && ko[3] != '.'))
		return 0;
	n = (size_t)(ko - b);
	if (n + 1 > len)
		return 0;
	for (i = 0; i < n; i++)
		out[i] = b[i] == '-' ? '_' : b[i];
	out[n] = '\0';
	return 1;
}

/* Every module file below <root>/lib/modules/<kver>, collected by nftw. */
static struct {
	char **v;
	size_t n, cap;
} kctl_walk;

static int kctl_walk_cb(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	char name[KS_MODULE_MAX];

	(void)st;
	(void)ftw;
	if (type != FTW_F || !kctl_modname(path, name, sizeof(name)))
		return 0;
	if (kctl_walk.n == kctl_walk.cap) {
		size_t cap = kctl_walk.cap ? kctl_walk.cap * 2 : 1024;
		char **nv = realloc(kctl_walk.v, cap * sizeof(*nv));

		if (!nv)
			return -1;
		kctl_walk.v = nv;
		kctl_walk.cap = cap;
	}
	kctl_walk.v[kctl_walk.n] = strdup(path);
	if (!kctl_walk.v[kctl_walk.n])
		return -1;
	kctl_walk.n++;
	return 0;
}

static void kctl_walk_free(void)
{
	size_t i;

	for (i = 0; i < kctl_walk.n; i++)
		free(kctl_walk.v[i]);
	free(kctl_walk.v);
	memset(&kctl_walk, 0, sizeof(kctl_walk));
}

/*
 * Every module file of the running kernel into kctl_walk; 0 when any was
 * found (the caller frees with kctl_walk_free()).
 */
static int kctl_walk_tree(struct kctl *c)
{
	char dir[KCTL_PATH_MAX], *real;
	int ret;

	kctl_path(c, dir, sizeof(dir), "/lib/modules/%s", c->kver);
	/* The release directory itself may be a symlink (usrmerge, tests). */
	real = realpath(dir, NULL);
	if (!real)
		return -ENOENT;
	ret = nftw(real, kctl_walk_cb, 32, FTW_PHYS);
	free(real);
	if (!kctl_walk.n) {
		kctl_walk_free();
		return ret < 0 ? -errno : -ENOENT;
	}
	return 0;
}

/* Module names compare with '-' and '_' the same. */
static bool kctl_same_modname(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		if (*a != *b && !((*a == '-' || *a == '_') &&
				  (*b == '-' || *b == '_')))
			return false;
	}
	return *a == *b;
}

/* Clone-only hit kept while searching: "sym.isra.0" but no "sym". */
static struct {
	bool set;
	char mod[KS_MODULE_MAX];
	char path[KCTL_PATH_MAX];
	char clones[1024];
} kctl_copy_only;

static int kctl_try(const char *path, const char *sym, char *found_mod,
		    size_t mlen, char *out, size_t plen, char *clones,
		    size_t clen)
{
	char local[1024] = "";

	if (kctl_file_has(path, sym, local, sizeof(local)) != 1) {
		if (local[0] && !kctl_copy_only.set) {
			kctl_copy_only.set = true;
			kctl_modname(path, kctl_copy_only.mod,
				     sizeof(kctl_copy_only.mod));
			snprintf(kctl_copy_only.path,
				 sizeof(kctl_copy_only.path), "%s", path);
			snprintf(kctl_copy_only.clones,
				 sizeof(kctl_copy_only.clones), "%s", local);
		}
		return 0;
	}
	kctl_modname(path, found_mod, mlen);
	snprintf(out, plen, "%s", path);
	if (clones)
		snprintf(clones, clen, "%s", local);
	return 1;
}

/* After a miss: only compiler copies were found, in this module. */
static int kctl_copies_result(char *found_mod, size_t mlen, char *path,
			      size_t plen, char *clones, size_t clen)
{
	if (!kctl_copy_only.set)
		return 0;
	snprintf(found_mod, mlen, "%s", kctl_copy_only.mod);
	snprintf(path, plen, "%s", kctl_copy_only.path);
	if (clones)
		snprintf(clones, clen, "%s", kctl_copy_only.clones);
	return 2;
}

/*
 * 1 and the module's name and file when found; 2 when only compiler
 * copies (sym.isra.0...) were found, with the module and the copies; 0
 * when nothing was found; <0 on error.
 */
int kctl_find_installed(struct kctl *c, const char *module, const char *sym,
			char *found_mod, size_t mlen, char *path, size_t plen,
			char *clones, size_t clen)
{
	char name[KS_MODULE_MAX];
	struct kmod_list *list = NULL, *it;
	struct kmod_module *m = NULL;
	int ret, found = 0;
	size_t i, pass;

	ret = kctl_kmod(c);
	if (ret)
		return ret;
	memset(&kctl_copy_only, 0, sizeof(kctl_copy_only));
	if (module && module[0]) {
		const char *p = NULL;
		bool known = false;

		if (kmod_module_new_from_name(c->kmod, module, &m) >= 0) {
			p = kmod_module_get_path(m);
			if (p) {
				known = true;
				found = kctl_try(p, sym, found_mod, mlen, path,
						 plen, clones, clen);
			}
			kmod_module_unref(m);
		}
		/* No modules.dep (depmod never ran): the module's file. */
		if (!known && !kctl_walk_tree(c)) {
			for (i = 0; i < kctl_walk.n && !found; i++) {
				if (kctl_modname(kctl_walk.v[i], name,
						 sizeof(name)) &&
				    kctl_same_modname(name, module))
					found = kctl_try(kctl_walk.v[i], sym,
							 found_mod, mlen, path,
							 plen, clones, clen);
			}
			kctl_walk_free();
		}
		return found ? found : kctl_copies_result(found_mod, mlen,
							  path, plen, clones,
							  clen);
	}

	/* Exported symbols: depmod's index. */
	{
		char alias[KS_SYMBOL_MAX + 8];

		snprintf(alias, sizeof(alias), "symbol:%s", sym);
		if (kmod_module_new_from_lookup(c->kmod, alias, &list) >= 0) {
			kmod_list_foreach(it, list) {
				struct kmod_module *mm = kmod_module_get_module(it);
				const char *p = kmod_module_get_path(mm);

				if (!found && p)
					found = kctl_try(p, sym, found_mod,
							 mlen, path, plen,
							 clones, clen);
				kmod_module_unref(mm);
			}
			kmod_module_unref_list(list);
		}
	}
	if (found)
		return 1;

	if (kctl_walk_tree(c))
		return kctl_copies_result(found_mod, mlen, path, plen, clones,
					  clen);
	/*
	 * Pass 0: modules whose name prefixes the symbol (af_alg_sendmsg);
	 * pass 1: whose name is inside it (crypto_aegis128_...); pass 2: the
	 * rest. Compressed modules make a full pass slow.
	 */
	for (pass = 0; pass < 3 && !found; pass++) {
		/* A copy-only hit in a module named like the symbol will do. */
		if (pass == 2 && kctl_copy_only.set)
			break;
		for (i = 0; i < kctl_walk.n && !found; i++) {
			size_t nl;
			unsigned int rank;

			if (!kctl_modname(kctl_walk.v[i], name, sizeof(name)))
				continue;
			nl = strlen(name);
			if (!strncmp(name, sym, nl) &&
			    (sym[nl] == '_' || !sym[nl]))
				rank = 0;
			else if (nl >= 3 && strstr(sym, name))
				rank = 1;
			else
				rank = 2;
			if (rank != pass)
				continue;
			found = kctl_try(kctl_walk.v[i], sym, found_mod, mlen,
					 path, plen, clones, clen);
		}
	}
	kctl_walk_free();
	return found ? found : kctl_copies_result(found_mod, mlen, path, plen,
						  clones, clen);
}
