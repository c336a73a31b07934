// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitchctl: the kernel's refusals explained in words.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kctl.h"

static const struct {
	int err;
	const char *sym;
	const char *reason;
} kctl_reasons[] = {
	{ EINVAL, "EINVAL", "malformed command: bad target name, value or option, a target named twice in one write, or no revert to confirm" },
	{ ENOENT, "ENOENT", "unknown symbol (no such function in the kernel or a loaded module; name a module's function module:symbol), or not a target (nothing engaged under that name)" },
	{ EBUSY, "EBUSY", "already engaged (disengage it first), the same function is a target under another name, or another ip-modifying ftrace user (livepatch) owns the function" },
	{ EPERM, "EPERM", "not permitted: CAP_SYS_ADMIN in the initial user namespace is required, or kernel lockdown (integrity) forbids changing kernel code at runtime" },
	{ EACCES, "EACCES", "refused by the guard rails: the function is guarded (needed to disengage, audit or recover) or is killswitch's own code; --override-guard lifts the list, never for the write path or killswitch itself" },
	{ EOPNOTSUPP, "EOPNOTSUPP", "kprobes refuse this function (on the kprobe blacklist, not kernel text, or reserved)" },
	{ ENODEV, "ENODEV", "the killswitch module is being unloaded" },
	{ ENOMEM, "ENOMEM", "the kernel is out of memory" },
	{ EEXIST, "EEXIST", "already exists" },
	{ ENOTDIR, "ENOTDIR", "the killswitch interface is missing (module not loaded?)" },
};

const char *kctl_errno_reason(int err)
{
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(kctl_reasons) / sizeof(kctl_reasons[0]); i++)
		if (kctl_reasons[i].err == err)
			return kctl_reasons[i].reason;
	return strerror(err);
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
