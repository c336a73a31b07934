// SPDX-License-Identifier: GPL-2.0-only
/*
 * ks_runas [--userns | --no-sys-admin] <uid> <program> [args...]
 *
 * Runs a program as another caller, for testing scoped kills and the
 * capability check:
 *   ks_runas 1000 prog      setgid/setuid to 1000 (unprivileged, init ns)
 *   ks_runas --userns 0 prog  in a new user namespace, as its root (uid 0
 *                             mapped to the caller's uid)
 *   ks_runas --no-sys-admin 0 prog  root in the initial namespace, with
 *                             CAP_SYS_ADMIN dropped from the bounding set
 *                             (so the program never gets it)
 * Exit codes: the program's, or 2 on setup failure.
 */
#include "ks_progs.h"	/* first: it defines _GNU_SOURCE */

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <unistd.h>

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

int main(int argc, char **argv)
{
	int userns = argc > 1 && !strcmp(argv[1], "--userns");
	int nocap = argc > 1 && !strcmp(argv[1], "--no-sys-admin");
	char map[64];
	uid_t outer = getuid();
	gid_t outer_g = getgid();
	unsigned long uid;

	if (nocap) {
		if (argc < 4) {
			fprintf(stderr, "usage: ks_runas --no-sys-admin <uid> <program> [args...]\n");
			return KS_EXIT_SETUP;
		}
		if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0)) {
			printf("setup:capbset:%s\n", ks_errname(errno));
			return KS_EXIT_SETUP;
		}
		userns = 1;	/* the arguments are one further on */
		goto run;
	}
	if (argc < 3 + userns) {
		fprintf(stderr, "usage: ks_runas [--userns | --no-sys-admin] <uid> <program> [args...]\n");
		return KS_EXIT_SETUP;
	}
	uid = strtoul(argv[1 + userns], NULL, 10);
	if (userns) {
		if (unshare(CLONE_NEWUSER)) {
			printf("setup:unshare:%s\n", ks_errname(errno));
			return KS_EXIT_SETUP;
		}
		snprintf(map, sizeof(map), "%lu %u 1\n", uid, (unsigned int)outer);
		if (write_file("/proc/self/setgroups", "deny\n") ||
		    write_file("/proc/self/uid_map", map)) {
			printf("setup:uid_map:%s\n", ks_errname(errno));
			return KS_EXIT_SETUP;
		}
		snprintf(map, sizeof(map), "%lu %u 1\n", uid, (unsigned int)outer_g);
		if (write_file("/proc/self/gid_map", map)) {
			printf("setup:gid_map:%s\n", ks_errname(errno));
			return KS_EXIT_SETUP;
		}
	} else if (setgroups(0, NULL) || setgid(uid) || setuid(uid)) {
		printf("setup:setuid:%s\n", ks_errname(errno));
		return KS_EXIT_SETUP;
	}
run:
	execvp(argv[2 + userns], argv + 2 + userns);
	printf("setup:exec:%s\n", ks_errname(errno));
	return KS_EXIT_SETUP;
}
