// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of the guard table (module/ks_guard.c): for each category that
 * issue 5 names, functions that must be refused, and whether "force" may
 * override the refusal; and functions of the kind killswitch exists to stop,
 * which no pattern may catch by accident.
 */
#include "../../module/ks_guard.h"
#include "tap.h"
#include "t_util.h"

struct guard_case {
	const char *symbol;
	enum ks_guard want;
};

#define L(s)	{ s, KS_GUARD_LOCKOUT }
#define C(s)	{ s, KS_GUARD_CORE }
#define N(s)	{ s, KS_GUARD_NONE }

static const struct guard_case guard_cases[] = {
	/* The control-file write path: never, even with force. */
	L("vfs_write"), L("ksys_write"), L("do_sys_openat2"), L("filp_close"),
	L("security_file_permission"), L("capable"), L("ns_capable_noaudit"),
	L("lockdown_is_locked_down"), L("mutex_lock"), L("__kmalloc"),
	L("kmalloc_trace"), L("kfree"), L("unregister_kprobe"),
	L("text_poke_bp"), L("ftrace_set_filter_ip"), L("synchronize_rcu"),
	L("synchronize_rcu_tasks"), L("_printk"), L("securityfs_remove"),
	L("vfs_write.cold"), L("path_openat.isra.0"),
	/* What a disengage or a revert waits for elsewhere. */
	L("rcu_gp_kthread"), L("rcu_gp_init"), L("rcu_core"),
	L("rcu_do_batch"), L("wakeme_after_rcu"), L("complete"),
	L("rcu_tasks_kthread"), L("rcu_tasks_wait_gp"),
	L("synchronize_rcu_tasks_rude"), L("schedule_on_each_cpu"),
	L("__flush_smp_call_function_queue"),
	L("generic_smp_call_function_single_interrupt"),
	L("__sysvec_call_function_single"), L("flush_tlb_func"),
	L("process_one_work"), L("worker_thread"), L("__queue_work"),
	L("queue_delayed_work_on"), L("delayed_work_timer_fn"),
	L("call_timer_fn"), L("__run_timers"), L("run_timer_softirq"),
	L("kthread"),
	/* Scheduler. */
	C("schedule_idle"), C("scheduler_tick"), C("sched_tick"),
	C("__switch_to"), C("__switch_to_asm"), C("enqueue_task_fair"),
	C("dequeue_task"), C("resched_curr"), C("update_curr"),
	C("sched_clock_cpu"), C("pick_next_task_fair"),
	C("wake_up_new_task"), C("finish_task_switch.isra.0"),
	/* Locking. */
	C("_raw_read_lock"), C("queued_spin_lock_slowpath"),
	C("native_queued_spin_lock_slowpath"),
	C("__pv_queued_spin_lock_slowpath"), C("mutex_trylock"),
	C("percpu_down_write"), C("__percpu_down_read"), C("percpu_up_write"),
	C("rt_mutex_lock"), C("ww_mutex_lock"), C("osq_lock"),
	C("__local_bh_enable_ip"), C("down_interruptible"), C("up"),
	C("rwsem_down_write_slowpath"),
	/* Memory allocators. */
	C("__alloc_pages"), C("vmalloc"), C("vzalloc"), C("vzalloc_noprof"),
	C("krealloc"), C("krealloc_noprof"), C("kfree_sensitive"),
	C("kvfree_call_rcu"), C("kmem_cache_free_bulk"),
	C("free_unref_page"), C("__alloc_percpu"), C("folio_alloc"),
	C("mempool_alloc"), C("get_page_from_freelist"),
	/* printk and the console. */
	C("printk"), C("console_lock"),
	/* RCU. */
	C("rcu_barrier"), C("synchronize_srcu"), C("call_srcu"),
	C("srcu_gp_start"), C("__rcu_irq_enter_check_tick"),
	/* capable() and its relatives. */
	C("capable_wrt_inode_uidgid"), C("privileged_wrt_inode_uidgid"),
	C("inode_owner_or_capable"), C("sk_capable"), C("sk_ns_capable"),
	C("netlink_capable"), C("netlink_ns_capable"), C("cap_bprm_creds_from_file"),
	/* Other core paths. */
	C("panic"), C("do_exit"), C("handle_mm_fault"), C("__handle_mm_fault"),
	C("exc_page_fault"), C("filemap_fault"), C("vfs_read"),
	C("_copy_to_user"), C("bprm_execve"), C("irq_work_queue"),
	C("generic_handle_irq"), C("handle_irq_event"), C("stop_machine"),
	C("hrtimer_interrupt"), C("tick_sched_timer"), C("commit_creds"),
	C("kprobe_ftrace_handler"),
	/* What killswitch is for: no pattern may catch these. */
	N("af_alg_sendmsg"), N("af_alg_recvmsg"), N("skcipher_recvmsg"),
	N("aead_recvmsg"), N("esp_input"), N("esp6_input"),
	N("rxrpc_recvmsg"), N("ksmbd_conn_handler_loop"),
	N("nft_set_elem_init"), N("nf_tables_newrule"), N("vsock_connect"),
	N("unix_inq_len"), N("io_uring_setup"), N("bpf_prog_load"),
	N("copy_page_to_iter"), N("ks_test_int"), N("dummy_dev_init"),
	N("uprobe_register"), N("capsule_loader"), N("complete_walk_x"),
	N("upcall"), N("kthread_worker_fn_x"),
};

static const char *const guard_names[] = {
	[KS_GUARD_NONE] = "not guarded",
	[KS_GUARD_CORE] = "guarded, force overrides",
	[KS_GUARD_LOCKOUT] = "guarded, never",
};

void test_guard(void)
{
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(guard_cases) / sizeof(guard_cases[0]); i++) {
		const struct guard_case *c = &guard_cases[i];
		enum ks_guard got;

		why = NULL;
		got = ks_guard_check(c->symbol, &why);
		if (!tap_check(got == c->want, "guard: %s: %s", c->symbol,
			       guard_names[c->want]))
			tap_diag("got: %s (%s)", guard_names[got],
				 why ? why : "no reason");
		if (got != KS_GUARD_NONE)
			tap_check(why && *why, "guard: %s: a reason is given",
				  c->symbol);
	}

	/* guard_extra= adds names (tests use it), as overridable. */
	ks_guard_extra = "ks_test_guarded,ks_pre_*";
	tap_check(ks_guard_check("ks_test_guarded", &why) == KS_GUARD_CORE,
		  "guard_extra: exact name guarded, force overrides");
	tap_check(ks_guard_check("ks_pre_anything", &why) == KS_GUARD_CORE,
		  "guard_extra: prefix pattern");
	tap_check(ks_guard_check("ks_test_int", &why) == KS_GUARD_NONE,
		  "guard_extra: other names untouched");
	tap_check(ks_guard_check("vfs_write", &why) == KS_GUARD_LOCKOUT,
		  "guard_extra: never weakens a LOCKOUT entry");
	ks_guard_extra = NULL;
}
