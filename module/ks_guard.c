// SPDX-License-Identifier: GPL-2.0-only
/*
 * killswitch guard rails: the one reviewed table of functions whose loss
 * hangs the kernel or locks the administrator out.
 *
 * An entry ending in '*' matches every symbol with that prefix. Compiler
 * clones ("foo.isra.0", "foo.constprop.1", "foo.part.0", "foo.cold") are
 * matched by their base name.
 *
 * KS_GUARD_LOCKOUT entries are the path that a write to the control file
 * takes (syscall entry, VFS write, capability and lockdown checks, the
 * allocations and locks of the write handler, kprobe unregistration):
 * killing one would leave no way to disengage, so "force" does not
 * override them. Everything else is KS_GUARD_CORE.
 *
 * Plain C: tests/host/test_guard.c builds it in userspace and checks, per
 * category of the issue, names that must be guarded and names that must not.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#include "ks_guard.h"

struct ks_guard_entry {
	const char *name;
	enum ks_guard kind;
	const char *why;
};

#define LOCKOUT(n, w)	{ n, KS_GUARD_LOCKOUT, w }
#define CORE(n, w)	{ n, KS_GUARD_CORE, w }

static const char why_write[] =
	"the control-file write path needs it (you could not disengage)";
static const char why_cap[] =
	"capability and lockdown checks guard the control file (you could not disengage)";
static const char why_alloc[] = "memory allocator: the kernel cannot run without it";
static const char why_lock[] = "locking primitive: killing it corrupts or hangs the kernel";
static const char why_sched[] = "scheduler: killing it hangs the kernel";
static const char why_rcu[] = "RCU: killing it hangs or corrupts the kernel";
static const char why_print[] = "printk/console: you would lose the kernel log";
static const char why_kprobe[] = "kprobes and ftrace run killswitch itself";
static const char why_core[] = "core kernel path: killing it is likely to hang the machine";
static const char why_priv[] =
	"privilege check: killing it grants or denies privilege to everyone, the admin included";
static const char why_wait[] =
	"a disengage or an automatic revert waits for it (RCU grace periods, IPIs, workqueues, timers): you could not disengage";

static const struct ks_guard_entry ks_guard_table[] = {
	/*
	 * The control-file write path: what one shell's "echo disengage ... >
	 * control" runs from the open to the close, traced with function_graph
	 * on Debian 12 and 13 (tests/vm/suites/guard.sh checks that nothing
	 * it traces is missing here). Below scheduling, softirqs, printing,
	 * wakeups and the allocators' slow paths only the roots are listed.
	 */
	/* System calls and their entry. */
	LOCKOUT("do_syscall_64", why_write),
	LOCKOUT("x64_sys_call", why_write),
	LOCKOUT("__x64_sys_openat", why_write),
	LOCKOUT("__x64_sys_write", why_write),
	LOCKOUT("__x64_sys_close", why_write),
	LOCKOUT("__arm64_sys_openat", why_write),
	LOCKOUT("__arm64_sys_write", why_write),
	LOCKOUT("__arm64_sys_close", why_write),
	LOCKOUT("__se_sys_*", why_write),
	LOCKOUT("__do_sys_*", why_write),
	LOCKOUT("ksys_write", why_write),
	/* Opening the file: names, path walk, permissions. */
	LOCKOUT("do_sys_open", why_write),
	LOCKOUT("do_sys_openat2", why_write),
	LOCKOUT("do_filp_open", why_write),
	LOCKOUT("path_openat", why_write),
	LOCKOUT("path_init", why_write),
	LOCKOUT("link_path_walk", why_write),
	LOCKOUT("walk_component", why_write),
	LOCKOUT("step_into", why_write),
	LOCKOUT("lookup_fast", why_write),
	LOCKOUT("complete_walk", why_write),
	LOCKOUT("terminate_walk", why_write),
	LOCKOUT("try_to_unlazy", why_write),
	LOCKOUT("legitimize_links", why_write),
	LOCKOUT("__legitimize_path", why_write),
	LOCKOUT("__legitimize_mnt", why_write),
	LOCKOUT("nd_jump_root", why_write),
	LOCKOUT("set_root", why_write),
	LOCKOUT("__traverse_mounts", why_write),
	LOCKOUT("lookup_mnt", why_write),
	LOCKOUT("__lookup_mnt", why_write),
	LOCKOUT("path_get", why_write),
	LOCKOUT("getname", why_write),
	LOCKOUT("getname_flags", why_write),
	LOCKOUT("putname", why_write),
	LOCKOUT("may_open", why_write),
	LOCKOUT("inode_permission", why_write),
	LOCKOUT("generic_permission", why_write),
	LOCKOUT("make_vfsuid", why_write),
	LOCKOUT("make_vfsgid", why_write),
	LOCKOUT("map_id_up", why_write),
	LOCKOUT("from_kuid", why_write),
	LOCKOUT("vfs_open", why_write),
	LOCKOUT("do_dentry_open", why_write),
	LOCKOUT("simple_open", why_write),
	LOCKOUT("init_file", why_write),
	LOCKOUT("alloc_empty_file", why_write),
	LOCKOUT("__alloc_file", why_write),
	LOCKOUT("file_ra_state_init", why_write),
	LOCKOUT("file_set_fsnotify_mode", why_write),
	LOCKOUT("alloc_fd", why_write),
	LOCKOUT("expand_files", why_write),
	LOCKOUT("get_unused_fd_flags", why_write),
	LOCKOUT("fd_install", why_write),
	LOCKOUT("try_module_get", why_write),
	LOCKOUT("module_put", why_write),
	/* ">" truncates: setattr. */
	LOCKOUT("do_truncate", why_write),
	LOCKOUT("notify_change", why_write),
	LOCKOUT("may_setattr", why_write),
	LOCKOUT("setattr_*", why_write),
	LOCKOUT("dentry_needs_remove_privs", why_write),
	LOCKOUT("inode_newsize_ok", why_write),
	LOCKOUT("truncate_setsize", why_write),
	LOCKOUT("truncate_pagecache", why_write),
	LOCKOUT("truncate_inode_pages*", why_write),
	LOCKOUT("unmap_mapping_range", why_write),
	LOCKOUT("current_time", why_write),
	LOCKOUT("inode_set_ctime_current", why_write),
	LOCKOUT("ktime_get*", why_write),
	LOCKOUT("__mark_inode_dirty", why_write),
	LOCKOUT("mnt_want_write", why_write),
	LOCKOUT("__mnt_want_write", why_write),
	LOCKOUT("mnt_get_write_access", why_write),
	LOCKOUT("mnt_drop_write", why_write),
	LOCKOUT("mntget", why_write),
	LOCKOUT("mntput", why_write),
	LOCKOUT("mntput_no_expire", why_write),
	LOCKOUT("mnt_get_count", why_write),
	LOCKOUT("kernfs_dop_revalidate", why_write),
	LOCKOUT("kernfs_iop_permission", why_write),
	LOCKOUT("kernfs_refresh_inode", why_write),
	/* Writing: the VFS, user copies and their checks. */
	LOCKOUT("vfs_write", why_write),
	LOCKOUT("rw_verify_area", why_write),
	LOCKOUT("__fdget_pos", why_write),
	LOCKOUT("__fget_light", why_write),
	LOCKOUT("fdget_pos", why_write),
	LOCKOUT("memdup_user*", why_write),
	LOCKOUT("vmemdup_user", why_write),
	LOCKOUT("_copy_from_user", why_write),
	LOCKOUT("copy_from_user*", why_write),
	LOCKOUT("__check_object_size", why_write),
	LOCKOUT("check_stack_object", why_write),
	LOCKOUT("__check_heap_object", why_write),
	LOCKOUT("__virt_addr_valid", why_write),
	LOCKOUT("is_vmalloc_addr", why_write),
	LOCKOUT("vmalloc_to_page", why_write),
	LOCKOUT("__get_task_comm", why_write),
	LOCKOUT("full_name_hash", why_write),
	/* Closing the file. */
	LOCKOUT("close_fd", why_write),
	LOCKOUT("file_close_fd*", why_write),
	LOCKOUT("pick_file", why_write),
	LOCKOUT("filp_close", why_write),
	LOCKOUT("filp_flush", why_write),
	LOCKOUT("fput", why_write),
	LOCKOUT("__fput*", why_write),
	LOCKOUT("dnotify_flush", why_write),
	LOCKOUT("locks_remove_posix", why_write),
	LOCKOUT("locks_free_lock_context", why_write),
	/* Removing fn/<symbol>/: securityfs, libfs, dentries, inodes. */
	LOCKOUT("securityfs_*", why_write),
	LOCKOUT("simple_*", why_write),
	LOCKOUT("d_lookup", why_write),
	LOCKOUT("__d_lookup*", why_write),
	LOCKOUT("d_same_name", why_write),
	LOCKOUT("d_drop", why_write),
	LOCKOUT("___d_drop", why_write),
	LOCKOUT("dput", why_write),
	LOCKOUT("__dentry_kill", why_write),
	LOCKOUT("dentry_free", why_write),
	LOCKOUT("dentry_unlink_inode", why_write),
	LOCKOUT("lock_for_kill", why_write),
	LOCKOUT("iput", why_write),
	LOCKOUT("evict", why_write),
	LOCKOUT("clear_inode", why_write),
	LOCKOUT("destroy_inode", why_write),
	LOCKOUT("__destroy_inode", why_write),
	LOCKOUT("is_bad_inode", why_write),
	LOCKOUT("set_nlink", why_write),
	LOCKOUT("drop_nlink", why_write),
	LOCKOUT("inode_has_buffers", why_write),
	LOCKOUT("inode_to_bdi", why_write),
	LOCKOUT("inode_wait_for_writeback", why_write),
	LOCKOUT("__inode_wait_for_writeback", why_write),
	LOCKOUT("locked_inode_to_wb_and_lock_list", why_write),
	LOCKOUT("__inode_attach_wb", why_write),
	LOCKOUT("__vfs_getxattr", why_write),
	LOCKOUT("xattr_resolve_name", why_write),
	LOCKOUT("__fsnotify_inode_delete", why_write),
	LOCKOUT("fsnotify_destroy_marks", why_write),
	LOCKOUT("fsnotify_grab_connector", why_write),
	LOCKOUT("bpf_inode_storage_free", why_write),
	/* LSM hooks on that path (Debian: AppArmor, TOMOYO, Landlock, BPF). */
	LOCKOUT("security_*", why_cap),
	LOCKOUT("bpf_lsm_*", why_cap),
	LOCKOUT("apparmor_capable", why_cap),
	LOCKOUT("apparmor_current_getsecid_subj", why_cap),
	LOCKOUT("apparmor_file_*", why_cap),
	LOCKOUT("apparmor_path_truncate", why_cap),
	LOCKOUT("aa_file_perm", why_cap),
	LOCKOUT("common_perm_cond", why_cap),
	LOCKOUT("tomoyo_check_open_permission", why_cap),
	LOCKOUT("tomoyo_domain", why_cap),
	LOCKOUT("tomoyo_file_open", why_cap),
	LOCKOUT("tomoyo_file_truncate", why_cap),
	LOCKOUT("tomoyo_init_request_info", why_cap),
	LOCKOUT("tomoyo_path_perm", why_cap),
	LOCKOUT("tomoyo_path_truncate", why_cap),
	LOCKOUT("hook_file_alloc_security", why_cap),
	LOCKOUT("hook_file_open", why_cap),
	LOCKOUT("hook_file_truncate", why_cap),
	LOCKOUT("hook_inode_free_security", why_cap),
	LOCKOUT("ima_file_check", why_cap),
	LOCKOUT("ima_file_truncate", why_cap),
	LOCKOUT("ima_inode_post_setattr", why_cap),
	LOCKOUT("process_measurement", why_cap),
	LOCKOUT("evm_inode_setattr", why_cap),
	LOCKOUT("evm_inode_post_setattr", why_cap),
	LOCKOUT("integrity_inode_free", why_cap),
	LOCKOUT("cap_inode_need_killpriv", why_cap),
	/* Capability and lockdown checks. */
	LOCKOUT("capable", why_cap),
	LOCKOUT("ns_capable*", why_cap),
	LOCKOUT("file_ns_capable", why_cap),
	LOCKOUT("has_capability*", why_cap),
	LOCKOUT("has_ns_capability*", why_cap),
	LOCKOUT("cap_capable", why_cap),
	LOCKOUT("lockdown_is_locked_down", why_cap),
	/* Locks, waits and RCU of the handler and of unregistration. */
	LOCKOUT("mutex_lock*", why_lock),
	LOCKOUT("mutex_unlock", why_lock),
	LOCKOUT("__mutex_lock*", why_lock),
	LOCKOUT("__mutex_unlock*", why_lock),
	LOCKOUT("__mutex_init", why_lock),
	LOCKOUT("_raw_spin_*", why_lock),
	LOCKOUT("down_read", why_lock),
	LOCKOUT("down_write", why_lock),
	LOCKOUT("up_read", why_lock),
	LOCKOUT("up_write", why_lock),
	LOCKOUT("cpus_read_lock", why_lock),
	LOCKOUT("cpus_read_unlock", why_lock),
	LOCKOUT("__srcu_read_*", why_lock),
	LOCKOUT("__init_swait_queue_head", why_lock),
	LOCKOUT("bit_waitqueue", why_lock),
	LOCKOUT("wake_up_bit", why_lock),
	LOCKOUT("wake_up_var", why_lock),
	LOCKOUT("wait_for_completion*", why_sched),
	LOCKOUT("schedule", why_sched),
	LOCKOUT("schedule_timeout", why_sched),
	LOCKOUT("__schedule", why_sched),
	LOCKOUT("preempt_schedule*", why_sched),
	LOCKOUT("__cond_resched", why_sched),
	LOCKOUT("try_to_wake_up", why_sched),
	LOCKOUT("wake_up_process", why_sched),
	LOCKOUT("idle_cpu", why_sched),
	LOCKOUT("handle_softirqs", why_sched),
	LOCKOUT("__do_softirq", why_sched),
	LOCKOUT("irq_enter*", why_sched),
	LOCKOUT("irq_exit*", why_sched),
	LOCKOUT("__rcu_read_*", why_rcu),
	LOCKOUT("call_rcu*", why_rcu),
	LOCKOUT("__call_rcu*", why_rcu),
	LOCKOUT("synchronize_rcu*", why_rcu),
	LOCKOUT("__wait_rcu_gp", why_rcu),
	LOCKOUT("rcu_segcblist_*", why_rcu),
	LOCKOUT("rcu_async_should_hurry", why_rcu),
	LOCKOUT("rcu_gp_is_expedited", why_rcu),
	/* Memory of the handler: allocations and frees, per-CPU counters. */
	LOCKOUT("kmalloc*", why_alloc),
	LOCKOUT("__kmalloc*", why_alloc),
	LOCKOUT("kvmalloc*", why_alloc),
	LOCKOUT("__kvmalloc*", why_alloc),
	LOCKOUT("kfree", why_alloc),
	LOCKOUT("kvfree", why_alloc),
	LOCKOUT("kmem_cache_alloc*", why_alloc),
	LOCKOUT("kmem_cache_free", why_alloc),
	LOCKOUT("__kmem_cache_alloc*", why_alloc),
	LOCKOUT("__kmem_cache_free", why_alloc),
	LOCKOUT("__slab_alloc*", why_alloc),
	LOCKOUT("___slab_alloc", why_alloc),
	LOCKOUT("__slab_free", why_alloc),
	LOCKOUT("should_failslab", why_alloc),
	LOCKOUT("free_percpu", why_alloc),
	LOCKOUT("pcpu_*", why_alloc),
	/* Printing the audit line. */
	LOCKOUT("_printk*", why_print),
	LOCKOUT("vprintk*", why_print),
	LOCKOUT("console_unlock", why_print),
	LOCKOUT("arch_irq_work_raise", why_print),
	/* Unregistering kprobes and ftrace_ops: code patching, IPIs. */
	LOCKOUT("*register_kprobe*", why_kprobe),
	LOCKOUT("disable_kprobe", why_kprobe),
	LOCKOUT("enable_kprobe", why_kprobe),
	LOCKOUT("__disable_kprobe", why_kprobe),
	LOCKOUT("__disarm_kprobe*", why_kprobe),
	LOCKOUT("arch_disarm_kprobe", why_kprobe),
	LOCKOUT("arch_remove_kprobe", why_kprobe),
	LOCKOUT("arch_remove_optimized_kprobe", why_kprobe),
	LOCKOUT("unoptimize_kprobe", why_kprobe),
	LOCKOUT("get_optimized_kprobe", why_kprobe),
	LOCKOUT("__get_valid_kprobe", why_kprobe),
	LOCKOUT("__free_insn_slot", why_kprobe),
	LOCKOUT("collect_one_slot", why_kprobe),
	LOCKOUT("insn_*", why_kprobe),
	LOCKOUT("inat_get_opcode_attribute", why_kprobe),
	LOCKOUT("copy_from_kernel_nofault*", why_kprobe),
	LOCKOUT("ftrace_*", why_kprobe),
	LOCKOUT("*ftrace_direct*", why_kprobe),
	LOCKOUT("text_poke*", why_kprobe),
	LOCKOUT("__text_poke", why_kprobe),
	LOCKOUT("perf_event_text_poke", why_kprobe),
	LOCKOUT("__get_locked_pte", why_kprobe),
	LOCKOUT("walk_to_pmd", why_kprobe),
	LOCKOUT("__pte_offset_map*", why_kprobe),
	LOCKOUT("in_gate_area_no_mm", why_kprobe),
	LOCKOUT("switch_mm_irqs_off", why_kprobe),
	LOCKOUT("load_new_mm_cr3", why_kprobe),
	LOCKOUT("switch_ldt", why_kprobe),
	LOCKOUT("flush_tlb_mm_range", why_kprobe),
	LOCKOUT("do_sync_core", why_kprobe),
	LOCKOUT("on_each_cpu_cond_mask", why_kprobe),
	LOCKOUT("smp_call_function*", why_kprobe),
	LOCKOUT("send_call_function_single_ipi", why_kprobe),
	LOCKOUT("native_send_call_func_single_ipi", why_kprobe),
	LOCKOUT("call_function_single_prep_ipi", why_kprobe),
	LOCKOUT("*send_IPI*", why_kprobe),
	LOCKOUT("native_apic_wait_icr_idle", why_kprobe),
	LOCKOUT("apic_mem_wait_icr_idle", why_kprobe),

	/*
	 * What a disengage waits for in other contexts, which a trace of the
	 * writer does not show: the RCU and RCU-tasks grace-period kthreads
	 * and their callbacks (unregistering a kprobe or an ftrace_ops), the
	 * receiving side of the IPIs that text patching sends, and the
	 * workqueue and timer that run the automatic revert.
	 */
	LOCKOUT("rcu_gp_*", why_wait),
	LOCKOUT("rcu_core*", why_wait),
	LOCKOUT("rcu_do_batch", why_wait),
	LOCKOUT("rcu_report_*", why_wait),
	LOCKOUT("rcu_exp_*", why_wait),
	LOCKOUT("rcu_qs", why_wait),
	LOCKOUT("rcu_note_context_switch", why_wait),
	LOCKOUT("rcu_sched_clock_irq", why_wait),
	LOCKOUT("rcu_tasks_*", why_wait),
	LOCKOUT("*rcu_tasks_*", why_wait),
	LOCKOUT("wakeme_after_rcu", why_wait),
	LOCKOUT("complete", why_wait),
	LOCKOUT("complete_all", why_wait),
	LOCKOUT("swake_up_*", why_wait),
	LOCKOUT("kthread", why_wait),
	LOCKOUT("schedule_on_each_cpu", why_wait),
	LOCKOUT("__flush_smp_call_function_queue", why_wait),
	LOCKOUT("flush_smp_call_function_*", why_wait),
	LOCKOUT("generic_smp_call_function_*", why_wait),
	LOCKOUT("__sysvec_call_function*", why_wait),
	LOCKOUT("sysvec_call_function*", why_wait),
	LOCKOUT("flush_tlb_func", why_wait),
	LOCKOUT("process_one_work", why_wait),
	LOCKOUT("worker_thread", why_wait),
	LOCKOUT("__queue_work", why_wait),
	LOCKOUT("queue_work_on", why_wait),
	LOCKOUT("queue_delayed_work_on", why_wait),
	LOCKOUT("__queue_delayed_work", why_wait),
	LOCKOUT("mod_delayed_work_on", why_wait),
	LOCKOUT("delayed_work_timer_fn", why_wait),
	LOCKOUT("cancel_delayed_work*", why_wait),
	LOCKOUT("call_timer_fn", why_wait),
	LOCKOUT("__run_timers", why_wait),
	LOCKOUT("run_timer_*", why_wait),
	LOCKOUT("__mod_timer", why_wait),
	LOCKOUT("add_timer*", why_wait),
	LOCKOUT("mod_timer*", why_wait),

	/* The rest of the core: "force" overrides these. */
	CORE("schedule*", why_sched),
	CORE("wake_up_*", why_sched),
	CORE("__wake_up*", why_sched),
	CORE("pick_next_task*", why_sched),
	CORE("scheduler_tick", why_sched),
	CORE("sched_tick", why_sched),
	CORE("finish_task_switch", why_sched),
	CORE("__switch_to*", why_sched),
	CORE("enqueue_task*", why_sched),
	CORE("dequeue_task*", why_sched),
	CORE("resched_curr", why_sched),
	CORE("update_curr*", why_sched),
	CORE("sched_clock*", why_sched),
	CORE("_raw_read_*", why_lock),
	CORE("_raw_write_*", why_lock),
	CORE("queued_spin_*", why_lock),
	CORE("queued_read_*", why_lock),
	CORE("queued_write_*", why_lock),
	CORE("down*", why_lock),
	CORE("up", why_lock),
	CORE("rwsem_*", why_lock),
	CORE("native_queued_spin_*", why_lock),
	CORE("__pv_queued_spin_*", why_lock),
	CORE("mutex_trylock", why_lock),
	CORE("percpu_down_*", why_lock),
	CORE("__percpu_down_*", why_lock),
	CORE("percpu_up_*", why_lock),
	CORE("rt_mutex_*", why_lock),
	CORE("ww_mutex_*", why_lock),
	CORE("osq_*", why_lock),
	CORE("__local_bh_*", why_lock),
	CORE("local_bh_*", why_lock),
	CORE("__alloc_pages*", why_alloc),
	CORE("alloc_pages*", why_alloc),
	CORE("__get_free_pages", why_alloc),
	CORE("get_free_pages*", why_alloc),
	CORE("free_pages*", why_alloc),
	CORE("__free_pages*", why_alloc),
	CORE("get_page_from_freelist", why_alloc),
	CORE("vmalloc*", why_alloc),
	CORE("__vmalloc*", why_alloc),
	CORE("vfree", why_alloc),
	CORE("slab_*", why_alloc),
	CORE("vzalloc*", why_alloc),
	CORE("krealloc*", why_alloc),
	CORE("kfree_sensitive", why_alloc),
	CORE("kvfree_call_rcu", why_alloc),
	CORE("kmem_cache_free_bulk", why_alloc),
	CORE("kmem_cache_alloc_bulk*", why_alloc),
	CORE("free_unref_page*", why_alloc),
	CORE("__alloc_percpu*", why_alloc),
	CORE("folio_alloc*", why_alloc),
	CORE("mempool_*", why_alloc),
	CORE("printk", why_print),
	CORE("console_*", why_print),
	CORE("rcu_*", why_rcu),
	CORE("__rcu_*", why_rcu),
	CORE("synchronize_srcu*", why_rcu),
	CORE("__synchronize_srcu", why_rcu),
	CORE("call_srcu", why_rcu),
	CORE("srcu_*", why_rcu),
	CORE("kprobe_*", why_kprobe),
	CORE("arch_*kprobe*", why_kprobe),
	CORE("panic", why_core),
	CORE("do_exit", why_core),
	CORE("do_group_exit", why_core),
	CORE("kernel_clone", why_core),
	CORE("do_idle", why_core),
	CORE("cpu_startup_entry", why_core),
	CORE("handle_mm_fault", why_core),
	CORE("do_user_addr_fault", why_core),
	CORE("exc_page_fault", why_core),
	CORE("hrtimer_*", why_core),
	CORE("tick_*", why_core),
	CORE("commit_creds", why_core),
	CORE("prepare_creds", why_core),
	CORE("__handle_mm_fault", why_core),
	CORE("filemap_fault", why_core),
	CORE("vfs_read", why_core),
	CORE("_copy_to_user", why_core),
	CORE("copy_to_user*", why_core),
	CORE("bprm_execve", why_core),
	CORE("do_execveat_common*", why_core),
	CORE("irq_work_*", why_core),
	CORE("generic_handle_irq*", why_core),
	CORE("handle_irq_event*", why_core),
	CORE("stop_machine*", why_core),
	/* capable()'s relatives: the admin's own privilege checks. */
	CORE("capable_wrt_inode_uidgid", why_priv),
	CORE("privileged_wrt_inode_uidgid", why_priv),
	CORE("inode_owner_or_capable", why_priv),
	CORE("sk_capable", why_priv),
	CORE("sk_ns_capable", why_priv),
	CORE("sk_net_capable", why_priv),
	CORE("netlink_capable", why_priv),
	CORE("netlink_ns_capable", why_priv),
	CORE("netlink_net_capable", why_priv),
	CORE("cap_*", why_priv),
};

char *ks_guard_extra;

/* Length of a symbol without a compiler-clone suffix (".isra.0"...). */
static size_t ks_base_len(const char *sym)
{
	const char *dot = strchr(sym, '.');

	return dot ? (size_t)(dot - sym) : strlen(sym);
}

static bool ks_contains(const char *s, size_t len, const char *needle,
			size_t n)
{
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (!strncmp(s + i, needle, n))
			return true;
	return false;
}

/* pattern: "exact", "prefix*" or "*infix*" (plen bytes, no NUL needed). */
static bool ks_match(const char *pattern, size_t plen, const char *sym,
		     size_t len)
{
	if (plen >= 2 && pattern[0] == '*' && pattern[plen - 1] == '*')
		return ks_contains(sym, len, pattern + 1, plen - 2);
	if (plen && pattern[plen - 1] == '*')
		return len >= plen - 1 && !strncmp(sym, pattern, plen - 1);
	return len == plen && !strncmp(sym, pattern, len);
}

static bool ks_match_extra(const char *sym, size_t len)
{
	const char *p = ks_guard_extra;

	while (p && *p) {
		size_t n = strcspn(p, ",");

		if (ks_match(p, n, sym, len))
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

enum ks_guard ks_guard_check(const char *symbol, const char **why)
{
	size_t len = ks_base_len(symbol);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ks_guard_table); i++) {
		const struct ks_guard_entry *e = &ks_guard_table[i];

		if (ks_match(e->name, strlen(e->name), symbol, len)) {
			*why = e->why;
			return e->kind;
		}
	}
	if (ks_match_extra(symbol, len)) {
		*why = "listed in the guard_extra= module parameter";
		return KS_GUARD_CORE;
	}
	return KS_GUARD_NONE;
}
