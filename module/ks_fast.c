// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch fast path: a plain engagement (no scope, not observed) of a
 * function on an ftrace site is killed by an ftrace direct call instead of
 * a kprobe. ftrace patches the function's __fentry__ call into a call of
 * ks_fast_entry (arch/<arch>/ks_fast_entry.S), which finds the function in
 * a small open-addressing table by its return address, counts the hit,
 * loads the value and returns to the caller: no pt_regs, no handler.
 *
 * Groups. An ftrace_ops sends all of its functions to one address, and
 * unregistering it costs two RCU-tasks grace periods (ftrace waits until no
 * task can still be in the code it called). So all the fast targets of one
 * write (of one module, see below) share one ops, a "group": engaging or
 * disengaging 512 functions in one write registers or unregisters a single
 * ops. A member disengaged on its own is removed from the table at once
 * (its calls run the function again, through the entry's "not found"
 * path) while the ops keeps its site until the group's last member goes.
 * Such a lingering site is revived in place by a plain engage; any other
 * engagement of it is refused with EBUSY until the group is gone, since
 * kprobes would have to share the site with our ops.
 *
 * A group never mixes modules: when a module unloads, every group of that
 * module loses all its members and is unregistered before the module's
 * text goes away, without touching other targets.
 *
 * The target's kprobe stays registered and disabled: it resolved the name,
 * passed kprobes' own checks (blacklist, noinstr, ...) and keeps the
 * address reserved in ks_addrs; it is simply never enabled.
 *
 * The table. A slot is empty (key 0), live (key = return address of the
 * function's __fentry__ call), or dead (key KS_FAST_DEAD): a tombstone,
 * so that lookups probe past it, either free again or still reserved by a
 * group whose ops patches that site. Slots are reused only once free,
 * that is after their group's ops was unregistered and ftrace had waited
 * for every task to leave the entry: a lookup in flight never sees a slot
 * change owner. Writers store the value before the key, and the entry
 * loads the key before the value (x86 keeps both orders).
 *
 * Guarantees, as for kprobes:
 * - every CPU from the moment write() returns: registering the ops has
 *   patched the sites (text_poke_bp, with its IPIs), and a revive or a
 *   retval change is a plain store that the next lookup sees;
 * - conflicts: ftrace refuses with EBUSY a direct call on a function that
 *   an ip-modifying user (livepatch, an ip-modifying kprobe) owns, and
 *   refuses such a user later, since our ops has no ops_func to agree to
 *   share; a second direct user (a BPF trampoline) is refused too;
 * - unload: the ops is dynamic (not kernel data), so unregistering it
 *   waits until no task can still be inside ks_fast_entry; module exit
 *   waits for RCU-tasks once more (ks_engine_exit()).
 *
 * Everything here runs under ks_lock.
 */
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "ks_arch_fast.h"
#include "ks_engine.h"

bool ks_fastpath = true;

#if defined(KS_ARCH_HAS_FAST) && defined(KS_HAVE_DIRECT_CALLS)

#define KS_FAST_DEAD	1UL
#define KS_FAST_FILL	(KS_FAST_SIZE / 4 * 3)

struct ks_fast_group {
	struct ftrace_ops ops;
	unsigned int live;		/* members still engaged */
	unsigned int n;			/* sites the ops patches */
	unsigned int slot[];		/* their slots */
};

/* Read by ks_fast_entry (declared in ks_arch_fast.h), hence not static. */
unsigned long ks_fast_keys[KS_FAST_SIZE];
long ks_fast_vals[KS_FAST_SIZE];
unsigned long __percpu *ks_fast_hits;	/* [KS_FAST_SIZE] per CPU */

/* Not read by the entry. */
static struct ks_fast_group *ks_fast_owner[KS_FAST_SIZE];
static unsigned long ks_fast_site[KS_FAST_SIZE];	/* key, while owned */
static unsigned int ks_fast_used;	/* slots whose key is not 0 */
static unsigned int ks_fast_groups;

/* The key of a target: where its __fentry__ call returns to. */
static unsigned long ks_fast_key(const struct ks_target *t)
{
	return (unsigned long)t->kp.addr + MCOUNT_INSN_SIZE;
}

/* The same hash as ks_fast_entry. */
static unsigned int ks_fast_hash(unsigned long key)
{
	return ((u32)key * (u32)KS_FAST_MUL) >> (32 - KS_FAST_BITS);
}

/* The reserved slot of a site that a group still patches, or -1. */
static int ks_fast_find_site(unsigned long key)
{
	unsigned int i = ks_fast_hash(key), n;

	for (n = 0; n < KS_FAST_SIZE && ks_fast_keys[i]; n++) {
		if (ks_fast_owner[i] && ks_fast_site[i] == key)
			return i;
		i = (i + 1) & KS_FAST_MASK;
	}
	return -1;
}

/* A free slot on key's probe path, or -1 when the table is full. */
static int ks_fast_find_free(unsigned long key)
{
	unsigned int i = ks_fast_hash(key), n;

	for (n = 0; n < KS_FAST_SIZE; n++) {
		if (!ks_fast_owner[i]) {
			if (ks_fast_keys[i] == KS_FAST_DEAD)
				return i;
			if (!ks_fast_keys[i])
				return ks_fast_used < KS_FAST_FILL ? i : -1;
		}
		i = (i + 1) & KS_FAST_MASK;
	}
	return -1;
}

static unsigned long ks_fast_slot_hits(unsigned int slot)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(ks_fast_hits, cpu)[slot];
	return sum;
}

static void ks_fast_slot_zero(unsigned int slot)
{
	int cpu;

	for_each_possible_cpu(cpu)
		per_cpu_ptr(ks_fast_hits, cpu)[slot] = 0;
}

/* Make t's slot live: the value first, then the key (see the top). */
static void ks_fast_publish(struct ks_target *t)
{
	ks_fast_slot_zero(t->fast_slot);
	WRITE_ONCE(ks_fast_vals[t->fast_slot], t->retval);
	/* Pairs with the entry's load of the key before the value. */
	smp_store_release(&ks_fast_keys[t->fast_slot], ks_fast_key(t));
}

/* Free the slots of a group that is no longer registered. */
static void ks_fast_group_free(struct ks_fast_group *g)
{
	unsigned int i;

	for (i = 0; i < g->n; i++) {
		WRITE_ONCE(ks_fast_keys[g->slot[i]], KS_FAST_DEAD);
		ks_fast_owner[g->slot[i]] = NULL;
		ks_fast_site[g->slot[i]] = 0;
	}
	kfree(g);
	/* Nothing patched any more: start again from an empty table. */
	if (!--ks_fast_groups) {
		memset(ks_fast_keys, 0, sizeof(ks_fast_keys));
		ks_fast_used = 0;
	}
}

static void ks_fast_group_release(struct ks_fast_group *g)
{
	/*
	 * Returns once the sites are plain __fentry__ calls again and no task
	 * can be inside ks_fast_entry for them (see the top).
	 */
	WARN_ON_ONCE(ks_direct_unregister(&g->ops, (unsigned long)ks_fast_entry));
	ks_fast_group_free(g);
}

bool ks_fast_eligible(const struct ks_target *t)
{
	return READ_ONCE(ks_fastpath) && ks_fast_hits && t->armed &&
	       !t->in_init && !t->observe && t->scope == KS_SCOPE_ALL &&
	       kprobe_ftrace((struct kprobe *)&t->kp);
}

int ks_fast_check_site(const struct ks_target *t, const char **why)
{
	if (!t->armed || !ks_fast_groups ||
	    ks_fast_find_site(ks_fast_key(t)) < 0)
		return 0;
	*why = "the function was engaged in one write with others that are still engaged, and their fast-path ftrace_ops still holds it: engage it without options, or disengage those first";
	return -EBUSY;
}

/*
 * Revive a lingering site in place (no ftrace call at all). Returns
 * whether t was such a site.
 */
static bool ks_fast_revive(struct ks_target *t)
{
	int slot = ks_fast_groups ? ks_fast_find_site(ks_fast_key(t)) : -1;

	if (slot < 0)
		return false;
	t->fast_slot = slot;
	t->fast_group = ks_fast_owner[slot];
	t->fast_group->live++;
	return true;
}

static int ks_fast_cmp_ip(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/*
 * Arm n fast-path targets of the same module as one group (sites that a
 * group still holds are revived instead). On failure nothing changed.
 * -ENOSPC: the table is full, use kprobes.
 */
static int ks_fast_arm_group(struct ks_target **ts, unsigned int n)
{
	struct ks_fast_group *g;
	unsigned long *ips;
	unsigned int i, m = 0;
	int ret = -ENOMEM;

	g = kzalloc(struct_size(g, slot, n), GFP_KERNEL);
	ips = kmalloc_array(n, sizeof(*ips), GFP_KERNEL);
	if (!g || !ips)
		goto out;

	/*
	 * Claim slots. The entry sees none of them (their keys stay dead)
	 * until ks_fast_go_live(), when the whole write has armed: a write
	 * that fails later never killed a call.
	 */
	for (i = 0; i < n; i++) {
		struct ks_target *t = ts[i];
		int slot;

		if (ks_fast_revive(t))
			continue;
		slot = ks_fast_find_free(ks_fast_key(t));
		if (slot < 0) {
			ret = -ENOSPC;
			goto undo;
		}
		if (!ks_fast_keys[slot])
			ks_fast_used++;
		ks_fast_keys[slot] = KS_FAST_DEAD;
		ks_fast_owner[slot] = g;
		ks_fast_site[slot] = ks_fast_key(t);
		t->fast_slot = slot;
		t->fast_group = g;
		g->slot[m] = slot;
		ips[m++] = (unsigned long)t->kp.addr;
	}
	g->n = m;
	if (!m) {
		ret = 0;	/* all revived */
		goto out;
	}
	g->live = m;

	sort(ips, m, sizeof(*ips), ks_fast_cmp_ip, NULL);
	ret = ftrace_set_filter_ips(&g->ops, ips, m, 0, 0);
	if (!ret)
		ret = ks_direct_register(&g->ops, (unsigned long)ks_fast_entry);
	if (ret) {
		ftrace_free_filter(&g->ops);
		goto undo;
	}
	ks_fast_groups++;
	g = NULL;
	goto out;

undo:
	for (i = 0; i < n; i++) {
		struct ks_target *t = ts[i];

		if (t->fast_slot < 0)
			continue;
		if (t->fast_group == g) {
			WRITE_ONCE(ks_fast_keys[t->fast_slot], KS_FAST_DEAD);
			ks_fast_owner[t->fast_slot] = NULL;
			ks_fast_site[t->fast_slot] = 0;
		} else {
			/* Revived: back to lingering. */
			WRITE_ONCE(ks_fast_keys[t->fast_slot], KS_FAST_DEAD);
			t->fast_group->live--;
		}
		t->fast_slot = -1;
		t->fast_group = NULL;
	}
out:
	kfree(ips);
	kfree(g);
	return ret;
}

/*
 * Arm the fast-path targets of a batch, sorted by module: one group per
 * module. A group that ftrace refuses is tried again one member at a time
 * to find which function it refused (another ftrace user owns it): that
 * member is *bad. Targets left with fast_slot < 0 use kprobes.
 */
int ks_fast_arm_batch(struct ks_target **ts, unsigned int n,
		      struct ks_target **bad)
{
	unsigned int i = 0, j, k;
	int ret;

	while (i < n) {
		for (j = i + 1; j < n && !strcmp(ts[j]->home, ts[i]->home); j++)
			;
		ret = ks_fast_arm_group(ts + i, j - i);
		for (k = i; ret && ret != -ENOSPC && k < j; k++) {
			int one = ks_fast_arm_group(ts + k, 1);

			if (one && one != -ENOSPC) {
				*bad = ts[k];
				return one;
			}
		}
		i = j;
	}
	return 0;
}

/*
 * Stop killing t at once. Returns t's group if that was its last member:
 * the caller releases it (ks_fast_release()), once for all the targets it
 * disarms.
 */
struct ks_fast_group *ks_fast_disarm(struct ks_target *t)
{
	struct ks_fast_group *g = t->fast_group;
	int slot = t->fast_slot;

	if (slot < 0)
		return NULL;
	WRITE_ONCE(ks_fast_keys[slot], KS_FAST_DEAD);
	t->hits_base += ks_fast_slot_hits(slot);
	t->fast_slot = -1;
	t->fast_group = NULL;
	return --g->live ? NULL : g;
}

void ks_fast_release(struct ks_fast_group *g)
{
	if (g)
		ks_fast_group_release(g);
}

void ks_fast_set_retval(struct ks_target *t)
{
	if (t->fast_slot >= 0)
		WRITE_ONCE(ks_fast_vals[t->fast_slot], t->retval);
}

/*
 * t replaces a target that is killed on the fast path: t takes over its
 * slot and its place in the group; the site was never unpatched, and the
 * old value stays until ks_fast_go_live(). Undone by ks_fast_give_back()
 * if the write fails.
 */
void ks_fast_take_over(struct ks_target *t)
{
	struct ks_target *old = t->replaces;
	int slot = old->fast_slot;

	old->hits_base += ks_fast_slot_hits(slot);
	ks_fast_slot_zero(slot);
	t->fast_slot = slot;
	t->fast_group = old->fast_group;
	t->took_over = true;
	old->fast_slot = -1;
	old->fast_group = NULL;
}

/* The write has armed everything: t's slot starts killing with its value. */
void ks_fast_go_live(struct ks_target *t)
{
	if (t->took_over)
		WRITE_ONCE(ks_fast_vals[t->fast_slot], t->retval);
	else
		ks_fast_publish(t);
}

void ks_fast_give_back(struct ks_target *t)
{
	struct ks_target *old = t->replaces;

	if (!t->took_over)
		return;
	old->fast_slot = t->fast_slot;
	old->fast_group = t->fast_group;
	WRITE_ONCE(ks_fast_vals[old->fast_slot], old->retval);
	t->fast_slot = -1;
	t->fast_group = NULL;
	t->took_over = false;
}

unsigned long ks_fast_hits_of(const struct ks_target *t)
{
	return t->fast_slot >= 0 ? ks_fast_slot_hits(t->fast_slot) : 0;
}

void ks_fast_init(void)
{
	ks_fast_hits = __alloc_percpu(sizeof(unsigned long) * KS_FAST_SIZE,
				      sizeof(unsigned long));
	/* Without it everything still works, through kprobes. */
	if (!ks_fast_hits)
		pr_warn("fast path off: no per-CPU memory for its counters\n");
}

void ks_fast_exit(void)
{
	WARN_ON_ONCE(ks_fast_groups);
	free_percpu(ks_fast_hits);
	ks_fast_hits = NULL;
}

#else /* no fast path on this architecture or kernel: kprobes only */

bool ks_fast_eligible(const struct ks_target *t)
{
	return false;
}

int ks_fast_check_site(const struct ks_target *t, const char **why)
{
	return 0;
}

int ks_fast_arm_batch(struct ks_target **ts, unsigned int n,
		      struct ks_target **bad)
{
	return 0;
}

struct ks_fast_group *ks_fast_disarm(struct ks_target *t)
{
	return NULL;
}

void ks_fast_release(struct ks_fast_group *g)
{
}

void ks_fast_set_retval(struct ks_target *t)
{
}

unsigned long ks_fast_hits_of(const struct ks_target *t)
{
	return 0;
}

void ks_fast_take_over(struct ks_target *t)
{
}

void ks_fast_give_back(struct ks_target *t)
{
}

void ks_fast_go_live(struct ks_target *t)
{
}

void ks_fast_init(void)
{
}

void ks_fast_exit(void)
{
}

#endif
