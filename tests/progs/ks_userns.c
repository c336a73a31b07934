// SPDX-License-Identifier: GPL-2.0-only
/*
 * ks_userns <file> <text>: unshare(CLONE_NEWUSER), map uid/gid 0 to 0
 * (setgroups denied), then open(O_WRONLY) and one write() of <text>
 * (escapes as in ks_write). Prints "OK", "open:<ERRNO>" or "write:<ERRNO>".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "ks_progs.h"

static int ks_put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = write(fd, s, strlen(s));
	close(fd);
	return r == (ssize_t)strlen(s) ? 0 : -1;
}

int main(int argc, char **argv)
{
	char *buf;
	size_t len;
	ssize_t r;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: ks_userns <file> <text>\n");
		return KS_EXIT_SETUP;
	}
	buf = malloc(strlen(argv[2]) + 1);
	if (!buf)
		return KS_EXIT_SETUP;
	len = ks_unescape(buf, argv[2]);
	if (unshare(CLONE_NEWUSER)) {
		printf("setup:unshare:%s\n", ks_errname(errno));
		return KS_EXIT_SETUP;
	}
	if (ks_put("/proc/self/setgroups", "deny") ||
	    ks_put("/proc/self/uid_map", "0 0 1") ||
	    ks_put("/proc/self/gid_map", "0 0 1")) {
		printf("setup:map:%s\n", ks_errname(errno));
		return KS_EXIT_SETUP;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		printf("open:%s\n", ks_errname(errno));
		return KS_EXIT_ERRNO;
	}
	r = write(fd, buf, len);
	if (r < 0) {
		printf("write:%s\n", ks_errname(errno));
		return KS_EXIT_ERRNO;
	}
	printf("OK\n");
	return KS_EXIT_OK;
}
