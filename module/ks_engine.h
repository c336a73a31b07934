/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * killswitch engine: the table of targets and the kprobes behind them.
 */
#ifndef _KS_ENGINE_H
#define _KS_ENGINE_H

#include <linux/hashtable.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>

#include "ks_parse.h"

/* Who asked: captured once per write (or module load) for the audit trail. */
struct ks_actor {
	uid_t uid;
	uid_t auid;		/* loginuid, (uid_t)-1 when unset */
	unsigned int ses;	/* audit session id */
	pid_t pid;
	char comm[TASK_COMM_LEN];
	bool at_load;		/* module parameter at load time */
};

enum ks_state {
	KS_STATE_PENDING,	/* module not loaded: armed when it loads */
	KS_STATE_ENGAGED,	/* killing calls */
	KS_STATE_OBSERVING,	/* counting calls, killing nothing */
	KS_STATE_TRYING,	/* tryengage: observing, engages if unused */
	KS_STATE_FAILED,	/* module loaded without the symbol */
};

#define KS_CALLERS	8	/* distinct callers remembered per target */

struct ks_caller {
	unsigned long ip;	/* return address into the caller */
	pid_t pid;
	uid_t uid;
	char comm[TASK_COMM_LEN];
};

struct ks_fs_node;
struct ks_fast_group;

struct ks_target {
	struct kprobe kp;		/* first: the handler's container_of */
	long retval;			/* READ_ONCE in the handler */
	enum ks_scope scope;
	bool observe;			/* count and record, kill nothing */
	bool live;			/* armed and committed: the handler acts */
	unsigned long __percpu *hits;	/* kprobe path */
	unsigned long hits_base;	/* fast-path hits of earlier arms */
	int fast_slot;			/* fast path: table slot, or -1 */
	struct ks_fast_group *fast_group;	/* fast path: its group */

	struct list_head node;		/* ks_targets, in engagement order */
	struct hlist_node by_name;	/* ks_names, key: symbol */
	struct hlist_node by_addr;	/* ks_addrs, key: kp.addr, if armed */

	struct ks_target_name name;	/* as the admin wrote it */
	char home[KS_MODULE_MAX];	/* module holding it; "" for vmlinux */
	enum ks_state state;
	bool armed;			/* kp registered (enabled or not) */
	bool in_init;			/* armed on a loading module's init code */
	bool force;
	const char *reason;		/* why state is FAILED */
	unsigned long revert_at;	/* jiffies; 0: no automatic revert */
	unsigned long try_until;	/* jiffies; tryengage deadline */
	unsigned int try_secs;		/* tryengage: how long to observe */
	unsigned int revert_secs;	/* tryengage: revert= after commit */
	long try_retval;

	raw_spinlock_t callers_lock;
	unsigned int callers_next;
	struct ks_caller callers[KS_CALLERS];

	struct ks_fs_node *fs;		/* fn/<symbol>/ */
	unsigned long id;		/* never reused; names it in fn/ files */

	/* Batch bookkeeping, only meaningful under ks_lock in ks_apply(). */
	struct list_head batch;
	bool doomed;			/* to be removed when the batch commits */
	bool fresh;			/* created by the batch in progress */
	/*
	 * "disengage X" then "engage X ..." in one write replaces X: the new
	 * target takes the old one's place without a moment unprotected.
	 */
	struct ks_target *replaces;	/* new -> the target it replaces */
	struct ks_target *replaced_by;	/* old -> its replacement */
	bool took_over;			/* has the old one's fast-path slot */
};

extern struct mutex ks_lock;
extern struct list_head ks_targets;	/* under ks_lock */

/*
 * ks_engine_init()/ks_engine_exit(): the target table and its timer. The
 * module notifier (pending targets) is separate, ks_modules_init()/exit():
 * registering it from inside a notifier call - which is where KUnit runs a
 * module's suites - would deadlock on the notifier chain's lock.
 */
void ks_engine_init(void);
void ks_engine_exit(void);

void ks_actor_current(struct ks_actor *who, bool at_load);

/*
 * Apply commands all-or-nothing. Returns 0, or the first failing command's
 * negative errno with *bad set to its index; then nothing has changed.
 */
int ks_apply(const struct ks_cmd *cmds, unsigned int n,
	     const struct ks_actor *who, unsigned int *bad);

/* Live retval change of an existing target (fn/<symbol>/retval). */
int ks_set_retval(struct ks_target *t, long val, const struct ks_actor *who);

/* Lookups and views; callers hold ks_lock. */
struct ks_target *ks_find(const char *symbol);
/*
 * The target that an open fn/<symbol>/ file belongs to, if it still
 * exists: files hold the target's id, never a pointer (securityfs does
 * not revoke open files).
 */
struct ks_target *ks_find_id(unsigned long id);
unsigned long ks_hits(const struct ks_target *t);
const char *ks_state_name(enum ks_state state);
void ks_show_target(struct seq_file *m, const struct ks_target *t);
void ks_show_all(struct seq_file *m);
void ks_show_callers(struct seq_file *m, struct ks_target *t);
void ks_callers_copy(struct ks_target *t, struct ks_caller c[KS_CALLERS]);

/*
 * Inside the engine (ks_engine.c, ks_probe.c, ks_modules.c, ks_timer.c),
 * all under ks_lock.
 */

/* ks_probe.c: arming. ks_probe() registers t->kp, disabled, on lookup. */
int ks_probe(struct ks_target *t, const char *lookup, bool force,
	     const char **why);
int ks_resolve(struct ks_target *t, bool force, const char **why);
/*
 * Start killing (or observing) through the path chosen for each target:
 * ks_arm_list() for a batch (linked by "batch"; on failure *bad and *why
 * say which target and why, and the caller disarms the batch), ks_arm()
 * for one target. Targets that are not armed (pending) are skipped.
 * ks_arm_list() leaves every probe and slot without effect (calls run the
 * body) until ks_go_live(), so that a batch that fails half-way never
 * killed a call; ks_arm() goes live by itself.
 */
int ks_arm_list(struct list_head *targets, struct ks_target **bad,
		const char **why);
void ks_go_live(struct list_head *targets);
int ks_arm(struct ks_target *t, const char **why);
const char *ks_path_name(const struct ks_target *t);
void ks_disarm(struct ks_target *t);
void ks_unhash(struct ks_target *t);

/* ks_engine.c: disarm (one RCU grace period) and free a list of targets. */
void ks_remove_list(struct list_head *victims, const char *verb,
		    const struct ks_actor *who);

/*
 * ks_fast.c: the ftrace direct-call path (module parameter fastpath=,
 * default on). ks_fast_arm_batch() arms what it can (targets left with
 * fast_slot < 0 use kprobes: no room, no fast path here) and on a refusal
 * sets *bad. ks_fast_disarm() stops killing at once and hands back a group
 * to pass to ks_fast_release() (NULL if none), which may sleep for a while:
 * release once per batch, after every disarm.
 */
extern bool ks_fastpath;
void ks_fast_init(void);
void ks_fast_exit(void);
bool ks_fast_eligible(const struct ks_target *t);
int ks_fast_check_site(const struct ks_target *t, const char **why);
int ks_fast_arm_batch(struct ks_target **ts, unsigned int n,
		      struct ks_target **bad);
struct ks_fast_group *ks_fast_disarm(struct ks_target *t);
void ks_fast_release(struct ks_fast_group *g);
void ks_fast_set_retval(struct ks_target *t);
unsigned long ks_fast_hits_of(const struct ks_target *t);
/* A replacement takes over its old target's slot, or gives it back. */
void ks_fast_take_over(struct ks_target *t);
void ks_fast_give_back(struct ks_target *t);
void ks_fast_go_live(struct ks_target *t);

/* ks_modules.c: arm pending targets as their modules load. */
int ks_modules_init(void);
void ks_modules_exit(void);

/* ks_timer.c */
void ks_timer_kick(void);
void ks_try_start(struct ks_target *t);
void ks_timer_start(void);
void ks_timer_stop(void);

#endif /* _KS_ENGINE_H */
