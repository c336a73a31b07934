// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl: the kernel's refusals explained in words.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kctl.h"

/*
 * The same errno means different things from the control file and from
 * loading the module (init_module through libkmod): load marks the
 * latter.
 */
static const struct {
	int err;
	bool load;
	const char *sym;
	const char *reason;
} kctl_reasons[] = {
	{ EINVAL, false, "EINVAL", "malformed command: bad target name, value or option, a target named twice in one write, or no revert to confirm" },
	{ ENOENT, false, "ENOENT", "unknown symbol (no such function in the kernel or a loaded module; name a module's function module:symbol), or not a target (nothing engaged under that name)" },
	{ EBUSY, false, "EBUSY", "already engaged (disengage it first), the same function is a target under another name, or another ip-modifying ftrace user (livepatch) owns the function" },
	{ EPERM, false, "EPERM", "not permitted: CAP_SYS_ADMIN in the initial user namespace is required, or kernel lockdown (integrity) forbids changing kernel code at runtime" },
	{ EACCES, false, "EACCES", "refused by the guard rails: the function is guarded (needed to disengage, audit or recover) or is killswitch's own code; --override-guard lifts the list, never for the write path or killswitch itself" },
	{ EOPNOTSUPP, false, "EOPNOTSUPP", "kprobes refuse this function (on the kprobe blacklist, not kernel text, or reserved)" },
	{ ENODEV, false, "ENODEV", "the killswitch module is being unloaded" },
	{ ENOMEM, false, "ENOMEM", "the kernel is out of memory" },
	{ EEXIST, false, "EEXIST", "already exists" },
	{ ENOTDIR, false, "ENOTDIR", "the killswitch interface is missing (module not loaded?)" },
	{ EKEYREJECTED, true, "EKEYREJECTED", "module signature rejected: enroll the DKMS key with mokutil --import /var/lib/dkms/mok.pub, see killswitchctl(8)" },
	{ ENOKEY, true, "ENOKEY", "module signed with a key the kernel does not know: enroll the DKMS key with mokutil --import /var/lib/dkms/mok.pub, see killswitchctl(8)" },
	{ EPERM, true, "EPERM", "not permitted: loading a module needs root (CAP_SYS_MODULE); or kernel lockdown refuses a module whose signature it cannot check (enroll the DKMS key: mokutil --import /var/lib/dkms/mok.pub, see killswitchctl(8)); or kernel.modules_disabled is set" },
	{ ENOSPC, true, "ENOSPC", "a module parameter is too long: an older killswitch module takes at most 1024 bytes for targets= and for engage=; update the module, or shorten the options killswitch lines in modprobe.d" },
	{ ENOEXEC, true, "ENOEXEC", "the module file was built for another kernel or is damaged: rebuild it for the running kernel (dkms autoinstall, with its headers installed)" },
	{ EINVAL, true, "EINVAL", "the module refused its options, or does not match the running kernel: check the options killswitch lines in modprobe.d and the kernel command line; the kernel log (dmesg) names the cause" },
};

static const char *kctl_reason(int err, bool load)
{
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(kctl_reasons) / sizeof(kctl_reasons[0]); i++)
		if (kctl_reasons[i].err == err && kctl_reasons[i].load == load)
			return kctl_reasons[i].reason;
	return NULL;
}

/* A refusal of the control file in words (strerror for others). */
const char *kctl_errno_reason(int err)
{
	const char *r = kctl_reason(err, false);

	return r ? r : strerror(err < 0 ? -err : err);
}

/* Why loading the module failed, NULL when strerror says it all. */
const char *kctl_load_reason(int err)
{
	return kctl_reason(err, true);
}

const char *kctl_errno_symbol(int err)
{
	const char *n;

	if (err < 0)
		err = -err;
	n = ks_errno_name(err);
	return n ? n : "E?";
}

/*
 * "killswitchctl: engage foo: refused (-EBUSY): <words>", plus the kernel's
 * own reason from its log when we could read it.
 */
void kctl_explain(const struct kctl *c, const char *what, int err,
		  const char *kernel_reason)
{
	(void)c;
	if (err < 0)
		err = -err;
	fprintf(stderr, "killswitchctl: %s: refused (-%s): %s\n", what,
		kctl_errno_symbol(err), kctl_errno_reason(err));
	if (kernel_reason && kernel_reason[0])
		fprintf(stderr, "killswitchctl: kernel says: %s\n",
			kernel_reason);
}

void kctl_err(const char *fmt, ...)
{
	va_list ap;

	fputs("killswitchctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void kctl_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("killswitchctl: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
