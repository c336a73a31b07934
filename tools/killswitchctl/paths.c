// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl: paths of the running system, below --root when given, and
 * small file helpers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kctl.h"

const char *kctl_path(const struct kctl *c, char *buf, size_t len,
		      const char *fmt, ...)
{
	size_t n = strlen(c->root);
	va_list ap;

	if (n >= len)
		n = len - 1;
	memcpy(buf, c->root, n);
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	return buf;
}

/* Whole file into a NUL-terminated buffer (works for sysfs/procfs too). */
int kctl_read_file(const char *path, char **out, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	int fd, err;

	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		free(buf);
		return err;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *nb = realloc(buf, cap * 2 + 1);

			if (!nb) {
				err = -ENOMEM;
				goto fail;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = -errno;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
fail:
	close(fd);
	free(buf);
	return err;
}

/* First line of a file, without its newline. */
int kctl_read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		buf[0] = '\0';
		return -ENODATA;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int kctl_init_kver(struct kctl *c)
{
	char p[KCTL_PATH_MAX];
	struct utsname u;

	if (!kctl_read_line(kctl_path(c, p, sizeof(p),
				      "/proc/sys/kernel/osrelease"),
			    c->kver, sizeof(c->kver)) && c->kver[0])
		return 0;
	if (uname(&u))
		return -errno;
	snprintf(c->kver, sizeof(c->kver), "%s", u.release);
	return 0;
}

bool kctl_module_loaded(const struct kctl *c, const char *mod)
{
	char p[KCTL_PATH_MAX];
	struct stat st;

	return !stat(kctl_path(c, p, sizeof(p), "/sys/module/%s", mod), &st);
}

/* The killswitch directory: securityfs, or the debugfs fallback. */
const char *kctl_secfs_dir(const struct kctl *c, char *buf, size_t len)
{
	struct stat st;

	kctl_path(c, buf, len, "/sys/kernel/security/killswitch");
	if (!stat(buf, &st))
		return buf;
	kctl_path(c, buf, len, "/sys/kernel/debug/killswitch");
	if (!stat(buf, &st))
		return buf;
	return kctl_path(c, buf, len, "/sys/kernel/security/killswitch");
}
