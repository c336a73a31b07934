// SPDX-License-Identifier: GPL-2.0-only
/*
 * ks_write <file> <text>: one single write() of <text> (with \n, \t, \\
 * and \0 escapes interpreted) to <file>. Prints "OK" or the errno name.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "ks_progs.h"

int main(int argc, char **argv)
{
	char *buf;
	size_t len;
	ssize_t r;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: ks_write <file> <text>\n");
		return KS_EXIT_SETUP;
	}
	buf = malloc(strlen(argv[2]) + 1);
	if (!buf)
		return KS_EXIT_SETUP;
	len = ks_unescape(buf, argv[2]);
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		printf("%s\n", ks_errname(errno));
		return KS_EXIT_ERRNO;
	}
	r = write(fd, buf, len);
	if (r < 0) {
		printf("%s\n", ks_errname(errno));
		return KS_EXIT_ERRNO;
	}
	if ((size_t)r != len) {
		printf("SHORT:%zd/%zu\n", r, len);
		return KS_EXIT_ERRNO;
	}
	printf("OK\n");
	return KS_EXIT_OK;
}
