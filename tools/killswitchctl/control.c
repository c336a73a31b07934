// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl: writes to the control file, and loading/unloading the
 * module through libkmod (so modprobe.d options and blacklists apply).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libkmod.h>

#include "kctl.h"

/* Positioned at the end of the kernel log, to read this write's reason. */
static int kctl_kmsg_open(const struct kctl *c)
{
	char p[KCTL_PATH_MAX];
	int fd;

	fd = open(kctl_path(c, p, sizeof(p), "/dev/kmsg"),
		  O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0 && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* The last "killswitch: ... refused (...): why" record since open. */
static void kctl_kmsg_reason(int fd, char *buf, size_t len)
{
	char rec[2048];
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0)
		return;
	while ((n = read(fd, rec, sizeof(rec) - 1)) != 0) {
		char *msg, *r;

		if (n < 0) {
			if (errno == EPIPE || errno == EINTR)
				continue;	/* overwritten records */
			break;
		}
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg || !strstr(msg, "killswitch"))
			continue;
		r = strstr(msg, ": refused (");
		if (!r && !strstr(msg, "nothing from this write"))
			continue;
		msg++;
		msg[strcspn(msg, "\n")] = '\0';
		snprintf(buf, len, "%s", msg);
	}
}

int kctl_control_write(const struct kctl *c, const char *text)
{
	char dir[KCTL_PATH_MAX], p[KCTL_PATH_MAX + 16], why[1024];
	size_t len = strlen(text);
	int fd, kfd, err = 0;
	ssize_t n;

	snprintf(p, sizeof(p), "%s/control",
		 kctl_secfs_dir(c, dir, sizeof(dir)));
	/* Under --root the control file is a plain file: keep every write. */
	fd = open(p, O_WRONLY | O_CLOEXEC | (c->root[0] ? O_APPEND : 0));
	if (fd < 0) {
		err = errno;
		if (err == ENOENT)
			kctl_err("%s: no such file: is the killswitch module loaded? (killswitchctl load)",
				 p);
		else
			kctl_err("%s: %s%s", p, strerror(err),
				 err == EACCES || err == EPERM ? " (run as root)" : "");
		return -err;
	}
	kfd = kctl_kmsg_open(c);
	n = write(fd, text, len);
	if (n < 0)
		err = errno;
	else if ((size_t)n != len)
		err = EIO;
	close(fd);
	if (err) {
		char what[KCTL_TARGET_MAX + 32];

		kctl_kmsg_reason(kfd, why, sizeof(why));
		snprintf(what, sizeof(what), "%.*s", (int)strcspn(text, "\n"),
			 text);
		kctl_explain(c, what, err, why);
	}
	if (kfd >= 0)
		close(kfd);
	return -err;
}

int kctl_kmod(struct kctl *c)
{
	char dir[KCTL_PATH_MAX], cfg[4][KCTL_PATH_MAX];
	const char *cfgs[5];
	unsigned int i;
	static const char *const std[] = {
		"/etc/modprobe.d", "/run/modprobe.d",
		"/usr/local/lib/modprobe.d", "/lib/modprobe.d",
	};

	if (c->kmod)
		return 0;
	if (!c->root[0]) {
		c->kmod = kmod_new(NULL, NULL);
	} else {
		for (i = 0; i < 4; i++)
			cfgs[i] = kctl_path(c, cfg[i], sizeof(cfg[i]), "%s",
					    std[i]);
		cfgs[4] = NULL;
		c->kmod = kmod_new(kctl_path(c, dir, sizeof(dir),
					     "/lib/modules/%s", c->kver), cfgs);
	}
	if (!c->kmod) {
		kctl_err("libkmod: cannot create a context");
		return -ENOMEM;
	}
	kmod_load_resources(c->kmod);
	return 0;
}

int kctl_module_load(struct kctl *c)
{
	struct kmod_list *list = NULL, *it;
	int ret, found = 0;

	if (kctl_module_loaded(c, "killswitch"))
		return 0;
	ret = kctl_kmod(c);
	if (ret)
		return ret;
	ret = kmod_module_new_from_lookup(c->kmod, "killswitch", &list);
	if (ret < 0 || !list) {
		kctl_err("module killswitch not found in /lib/modules/%s (is the package installed? run depmod)",
			 c->kver);
		return ret < 0 ? ret : -ENOENT;
	}
	kmod_list_foreach(it, list) {
		struct kmod_module *m = kmod_module_get_module(it);

		found = 1;
		ret = kmod_module_probe_insert_module(m,
						      KMOD_PROBE_APPLY_BLACKLIST,
						      NULL, NULL, NULL, NULL);
		kmod_module_unref(m);
		if (ret)
			break;
	}
	kmod_module_unref_list(list);
	if (!found)
		return -ENOENT;
	if (ret > 0) {
		kctl_err("module killswitch is blacklisted in modprobe.d: not loaded");
		return -EPERM;
	}
	if (ret < 0) {
		const char *why = kctl_load_reason(ret);

		kctl_err("loading killswitch: %s (-%s)", strerror(-ret),
			 kctl_errno_symbol(ret));
		if (why)
			kctl_err("%s", why);
		return ret;
	}
	if (!c->quiet)
		fprintf(stderr, "killswitchctl: loaded the killswitch module\n");
	return 0;
}

int kctl_module_unload(struct kctl *c)
{
	struct kmod_module *m = NULL;
	int ret;

	if (!kctl_module_loaded(c, "killswitch"))
		return 0;
	ret = kctl_kmod(c);
	if (ret)
		return ret;
	ret = kmod_module_new_from_name(c->kmod, "killswitch", &m);
	if (ret < 0)
		return ret;
	ret = kmod_module_remove_module(m, 0);
	kmod_module_unref(m);
	if (ret < 0)
		kctl_err("unloading killswitch: %s", strerror(-ret));
	return ret;
}
