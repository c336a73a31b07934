// SPDX-License-Identifier: GPL-2.0-only
/*
 * ks_alg <skcipher|aead|hash> [--loop N | --until FILE]
 *
 * One AF_ALG round: socket, bind ("cbc(aes)", "gcm(aes)" or "sha256"),
 * setkey, accept, sendmsg (with ALG_SET_OP / ALG_SET_IV / assoclen
 * control messages) and read; the output is checked against a known
 * answer. Prints "sendmsg=OK", "sendmsg=<ERRNO>" (exit 1), or
 * "setup:<step>:<ERRNO>" (exit 2).
 *
 * --loop N: N rounds; prints "ok=<n>" and "<ERRNO>=<n>" counts for sendmsg
 * errors, "<step>:<ERRNO>=<n>" for other failing steps, "badout=<n>"
 * for wrong output and "rounds=<n>". Exit 0 when every round was ok, else
 * 1 (2 when the very first socket() fails). --until FILE: rounds until
 * FILE exists.
 */
#define _GNU_SOURCE
#include <linux/if_alg.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include "ks_progs.h"

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

enum ks_mode { KS_SKCIPHER, KS_AEAD, KS_HASH };

struct ks_case {
	const char *type;
	const char *name;
	unsigned char key[16];
	size_t keylen;
	unsigned char in[16];
	size_t inlen;
	unsigned char want[32];
	size_t wantlen;
	size_t ivlen;	/* 0: no IV message */
};

static const struct ks_case ks_cases[] = {
	/* FIPS-197 AES-128 vector; CBC with a zero IV: one block. */
	[KS_SKCIPHER] = {
		"skcipher", "cbc(aes)",
		{ 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		  0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f }, 16,
		{ 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
		  0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff }, 16,
		{ 0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
		  0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a }, 16,
		16,
	},
	/* GCM spec test case 2: zero key, IV and plaintext; C || T. */
	[KS_AEAD] = {
		"aead", "gcm(aes)", { 0 }, 16, { 0 }, 16,
		{ 0x03, 0x88, 0xda, 0xce, 0x60, 0xb6, 0xa3, 0x92,
		  0xf3, 0x28, 0xc2, 0xb9, 0x71, 0xb2, 0xfe, 0x78,
		  0xab, 0x6e, 0x47, 0xd4, 0x2c, 0xec, 0x13, 0xbd,
		  0xf5, 0x3a, 0x67, 0xb2, 0x12, 0x57, 0xbd, 0xdf }, 32,
		12,
	},
	/* sha256("abc") */
	[KS_HASH] = {
		"hash", "sha256", { 0 }, 0, { 'a', 'b', 'c' }, 3,
		{ 0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
		  0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
		  0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
		  0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad }, 32,
		0,
	},
};

enum ks_res { KS_R_OK, KS_R_SENDMSG, KS_R_STEP, KS_R_BADOUT };

/* One round; on failure *step names the step and *err is its errno. */
static enum ks_res ks_round(const struct ks_case *c, const char **step,
			    int *err)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG };
	union {
		char buf[CMSG_SPACE(sizeof(uint32_t)) +
			 CMSG_SPACE(sizeof(struct af_alg_iv) + 16) +
			 CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} cbuf;
	unsigned char out[64];
	struct msghdr msg = { 0 };
	struct cmsghdr *cm;
	struct iovec iov;
	enum ks_res res = KS_R_STEP;
	int tfm, op = -1;
	ssize_t n;

	*err = 0;
	*step = "socket";
	tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (tfm < 0)
		goto out_err;
	strncpy((char *)sa.salg_type, c->type, sizeof(sa.salg_type) - 1);
	strncpy((char *)sa.salg_name, c->name, sizeof(sa.salg_name) - 1);
	*step = "bind";
	if (bind(tfm, (struct sockaddr *)&sa, sizeof(sa)))
		goto out_err;
	*step = "setkey";
	if (c->keylen && setsockopt(tfm, SOL_ALG, ALG_SET_KEY, c->key, c->keylen))
		goto out_err;
	*step = "authsize";
	if (c->ivlen == 12 && setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE,
					 NULL, 16))
		goto out_err;
	*step = "accept";
	op = accept(tfm, NULL, 0);
	if (op < 0)
		goto out_err;

	memset(&cbuf, 0, sizeof(cbuf));
	iov.iov_base = (void *)c->in;
	iov.iov_len = c->inlen;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (strcmp(c->type, "hash")) {
		struct af_alg_iv *iv;

		msg.msg_control = cbuf.buf;
		msg.msg_controllen = sizeof(cbuf.buf);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_ALG;
		cm->cmsg_type = ALG_SET_OP;
		cm->cmsg_len = CMSG_LEN(sizeof(uint32_t));
		*(uint32_t *)CMSG_DATA(cm) = ALG_OP_ENCRYPT;
		cm = CMSG_NXTHDR(&msg, cm);
		cm->cmsg_level = SOL_ALG;
		cm->cmsg_type = ALG_SET_IV;
		cm->cmsg_len = CMSG_LEN(sizeof(*iv) + c->ivlen);
		iv = (struct af_alg_iv *)CMSG_DATA(cm);
		iv->ivlen = c->ivlen;
		memset(iv->iv, 0, c->ivlen);
		cm = CMSG_NXTHDR(&msg, cm);
		cm->cmsg_level = SOL_ALG;
		cm->cmsg_type = ALG_SET_AEAD_ASSOCLEN;
		cm->cmsg_len = CMSG_LEN(sizeof(uint32_t));
		*(uint32_t *)CMSG_DATA(cm) = 0;
		if (c->ivlen != 12)
			msg.msg_controllen -= CMSG_SPACE(sizeof(uint32_t));
	}
	*step = "sendmsg";
	if (sendmsg(op, &msg, 0) < 0) {
		res = KS_R_SENDMSG;
		goto out_err;
	}
	*step = "read";
	n = read(op, out, c->wantlen);
	if (n < 0)
		goto out_err;
	res = ((size_t)n == c->wantlen && !memcmp(out, c->want, c->wantlen)) ?
		KS_R_OK : KS_R_BADOUT;
	goto out;
out_err:
	*err = errno;
out:
	if (op >= 0)
		close(op);
	if (tfm >= 0)
		close(tfm);
	return res;
}

#define KS_MAXKEYS 32

struct ks_count {
	char key[48];
	unsigned long n;
};

static void ks_count(struct ks_count *cs, int *ncs, const char *key)
{
	int i;

	for (i = 0; i < *ncs; i++) {
		if (!strcmp(cs[i].key, key)) {
			cs[i].n++;
			return;
		}
	}
	if (*ncs == KS_MAXKEYS)
		return;
	snprintf(cs[*ncs].key, sizeof(cs[*ncs].key), "%s", key);
	cs[(*ncs)++].n = 1;
}

int main(int argc, char **argv)
{
	struct ks_count cs[KS_MAXKEYS];
	const struct ks_case *c;
	unsigned long loops = 0, i, ok = 0;
	const char *until = NULL;
	int ncs = 0, err, j;
	const char *step;
	enum ks_res r;
	char key[48];

	if (argc == 4 && !strcmp(argv[2], "--loop"))
		loops = strtoul(argv[3], NULL, 0);
	else if (argc == 4 && !strcmp(argv[2], "--until"))
		until = argv[3];
	else if (argc != 2)
		goto usage;
	if (until)
		loops = ULONG_MAX;
	if (!strcmp(argv[1], "skcipher"))
		c = &ks_cases[KS_SKCIPHER];
	else if (!strcmp(argv[1], "aead"))
		c = &ks_cases[KS_AEAD];
	else if (!strcmp(argv[1], "hash"))
		c = &ks_cases[KS_HASH];
	else
		goto usage;

	if (!loops) {
		r = ks_round(c, &step, &err);
		switch (r) {
		case KS_R_OK:
			printf("sendmsg=OK\n");
			return KS_EXIT_OK;
		case KS_R_SENDMSG:
			printf("sendmsg=%s\n", ks_errname(err));
			return KS_EXIT_ERRNO;
		case KS_R_BADOUT:
			printf("sendmsg=OK output=BAD\n");
			return KS_EXIT_ERRNO;
		default:
			if (!strcmp(step, "read")) {
				printf("sendmsg=OK read=%s\n", ks_errname(err));
				return KS_EXIT_ERRNO;
			}
			printf("setup:%s:%s\n", step, ks_errname(err));
			return KS_EXIT_SETUP;
		}
	}

	for (i = 0; i < loops; i++) {
		/*
		 * Until told to stop, with pauses in which the modules can be
		 * unloaded (the next socket() autoloads them again).
		 */
		if (until && !access(until, F_OK))
			break;
		if (until)
			usleep(i % 4 ? 1000 : 200000);
		r = ks_round(c, &step, &err);
		if (r == KS_R_OK) {
			ok++;
			continue;
		}
		if (i == 0 && r == KS_R_STEP && !strcmp(step, "socket")) {
			printf("setup:socket:%s\n", ks_errname(err));
			return KS_EXIT_SETUP;
		}
		if (r == KS_R_SENDMSG)
			snprintf(key, sizeof(key), "%s", ks_errname(err));
		else if (r == KS_R_BADOUT)
			snprintf(key, sizeof(key), "badout");
		else
			snprintf(key, sizeof(key), "%s:%s", step, ks_errname(err));
		ks_count(cs, &ncs, key);
	}
	printf("ok=%lu", ok);
	for (j = 0; j < ncs; j++)
		printf(" %s=%lu", cs[j].key, cs[j].n);
	printf(" rounds=%lu\n", i);
	return ok == i ? KS_EXIT_OK : KS_EXIT_ERRNO;
usage:
	fprintf(stderr, "usage: ks_alg <skcipher|aead|hash> [--loop N | --until FILE]\n");
	return KS_EXIT_SETUP;
}
