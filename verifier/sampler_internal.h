/* sampler_internal.h - what the pieces of the preloaded sampler share.
 *
 * The sampler lives inside the profiled program, so three rules hold in every
 * file that includes this header:
 *  - Memory for the sampler's own tables comes from ll_pages_alloc (raw mmap
 *    syscalls), never from the interposed functions, so that taking the table
 *    lock can never recurse into itself.
 *  - Any other allocation the sampler makes (zlib, opendir, the pprof encoder)
 *    happens with ll_tls.in_hook set: the interposers then pass it straight to
 *    libc, unsampled.
 *  - A thread holding the table lock has in_hook set, so a signal handler
 *    that interrupts it and allocates goes straight to libc, and a realloc or
 *    munmap in such a handler leaves the live table alone (the sweep, or the
 *    next sample at that address, notices the block is gone).  So the lock
 *    never needs signals blocked: no sigprocmask system calls on the sampling
 *    path.  free() is not interposed at all (see sampled_chunk.c).
 */
#ifndef LEAKLINT_SAMPLER_INTERNAL_H
#define LEAKLINT_SAMPLER_INTERNAL_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define LL_HIDDEN __attribute__((visibility("hidden")))
#define LL_LIKELY(x) __builtin_expect(!!(x), 1)
#define LL_UNLIKELY(x) __builtin_expect(!!(x), 0)

enum { LL_MAX_DEPTH = 64 };

/* Per-thread state.  Initial-exec TLS: reading it is one %fs-relative load,
 * and, unlike the general-dynamic model, never allocates. */
typedef struct ll_tls {
  int64_t until_sample; /* bytes left before the next sample */
  uint64_t rng;         /* xorshift state, 0 until first use */
  int in_hook;          /* inside the sampler: pass allocations through */
  int holding_lock;     /* this thread holds the table lock */
  uint32_t unwinds;     /* samples unwound without libunwind's cache (stacks.c) */
} ll_tls;

extern __thread ll_tls ll_thread __attribute__((tls_model("initial-exec"))) LL_HIDDEN;

/* --- sample_rate.c: Poisson sampling, as Go's runtime and tcmalloc do it. */
/* Mean bytes between samples; <= 1 means every allocation. */
LL_HIDDEN void ll_rate_set(int64_t mean_bytes);
LL_HIDDEN int64_t ll_rate(void);
/* Bytes until the next sample: exponentially distributed with mean ll_rate(),
 * or 0 when every allocation is sampled. */
LL_HIDDEN int64_t ll_next_interval(uint64_t *rng);
/* How many allocations of this size one sample stands for. */
LL_HIDDEN double ll_sample_weight(size_t size);

/* --- stacks.c: unwinding and the table of distinct sampled stacks. */
typedef struct ll_stack {
  uint64_t hash;
  uint32_t depth;
  double alloc_objects, alloc_bytes, free_objects, free_bytes;
  uintptr_t pcs[LL_MAX_DEPTH]; /* return addresses, leaf first */
} ll_stack;

LL_HIDDEN void ll_stacks_init(void);
/* Unwinds the caller's stack (DWARF CFI, so through frames without a frame
 * pointer), dropping the sampler's own frames.  Returns the depth. */
LL_HIDDEN int ll_unwind(uintptr_t *pcs, int max);
/* The following need ll_table_lock held. */
LL_HIDDEN uint32_t ll_stack_intern(const uintptr_t *pcs, int depth);
LL_HIDDEN ll_stack *ll_stack_at(uint32_t index);
/* A forked child starts its accounts at zero (ll_live_reset too). */
LL_HIDDEN void ll_stacks_reset_counts(void);
LL_HIDDEN uint32_t ll_stack_count(void);

/* --- live_table.c: the set of live sampled blocks. */
LL_HIDDEN int ll_live_init(void);
enum { LL_FILTER_SLOTS = 1 << 20 };
extern _Atomic uint8_t ll_live_filter[LL_FILTER_SLOTS] LL_HIDDEN;
static inline size_t ll_filter_index(const void *ptr) {
  return ((uintptr_t)ptr >> 4) & (LL_FILTER_SLOTS - 1);
}
/* Cheap, lock-free: false means ptr is certainly not a live sampled block.
 * Address bits 4..23 index a byte map: blocks 16 MiB apart share a byte. */
static inline int ll_live_maybe(const void *ptr) {
  return atomic_load_explicit(&ll_live_filter[ll_filter_index(ptr)], memory_order_relaxed);
}
/* The following need the table lock held. */
/* Makes room for one more entry: 0, or -1 when out of memory. */
LL_HIDDEN int ll_live_room(void);
/* Records a sampled block (replacing a stale entry at the same address):
 * a chunk of ours with its tag, or a mapping of the program's with tag 0. */
LL_HIDDEN int ll_live_insert(const void *ptr, size_t size, double weight, uint32_t stack,
                             uint64_t tag);
LL_HIDDEN int ll_live_contains(const void *ptr);
/* Forgets every live block. */
LL_HIDDEN void ll_live_reset(void);
/* Forgets ptr if it is a live sampled block, crediting the free to its stack;
 * returns whether it was one. */
LL_HIDDEN int ll_live_forget(const void *ptr);
/* Credits the frees of the sampled chunks that glibc has given back. */
LL_HIDDEN void ll_live_sweep(void);

/* --- sampled_chunk.c: sampled heap blocks, in a region of our own and laid
 * out as glibc's mmapped chunks. */
/* The region is one terabyte slot between 32 and 64 TiB, so every sampled
 * block's highest set address bit is LL_REGION_TOP_BIT: free() asks that
 * first (one bsr), then ll_in_region() for the exact slot. */
#define LL_REGION_TOP_BIT 45
static inline int ll_maybe_in_region(const void *p) {
  return ((uintptr_t)p >> LL_REGION_TOP_BIT) == 1;
}
/* Address bits 40..47 of every sampled block (0xff until the region exists). */
extern uint8_t ll_region_key LL_HIDDEN;
static inline int ll_in_region(const void *p) {
  return (uint8_t)((uintptr_t)p >> 40) == ll_region_key;
}
/* Sets up the region: 0, or -1 when no slot of the address space is free. */
LL_HIDDEN int ll_chunks_init(uint64_t key);
LL_HIDDEN size_t ll_page_size(void);
/* The following need the table lock held. */
/* A block of size bytes aligned to align (0 or a power of two) and its tag;
 * NULL when it cannot be had (then the allocation goes unsampled).  Pages
 * may be reused: not zeroed. */
LL_HIDDEN void *ll_chunk_alloc(size_t size, size_t align, uint64_t *tag);
/* Takes a chunk back for reuse (its live entry is already gone). */
LL_HIDDEN void ll_chunk_release(void *mem);
/* Bytes usable from mem to the chunk's end. */
LL_HIDDEN size_t ll_chunk_size(const void *mem);
/* A chunk left the live table; or all did (a forked child). */
LL_HIDDEN void ll_chunk_forgotten(void);
LL_HIDDEN void ll_chunks_reset(void);
/* alive[i]: is the chunk at mems[i] still allocated, and still tags[i]? */
LL_HIDDEN void ll_chunks_tagged(const uintptr_t *mems, const uint64_t *tags, size_t n,
                                uint8_t *alive);

/* --- sampler.c: the table lock, the real libc functions, process facts. */
/* The table lock; the caller has set ll_thread.in_hook. */
LL_HIDDEN void ll_table_lock(void);
LL_HIDDEN void ll_table_unlock(void);
/* Samples taken that no block of ours could be had for (so not recorded). */
LL_HIDDEN uint64_t ll_samples_dropped(void);
LL_HIDDEN void *ll_pages_alloc(size_t bytes);
LL_HIDDEN void ll_pages_free(void *p, size_t bytes);
LL_HIDDEN uint64_t ll_now_ns(int clock);
/* libc's pthread_create, past our own (which starts the writer thread). */
LL_HIDDEN int ll_thread_create(pthread_t *thread, const pthread_attr_t *attr,
                               void *(*start)(void *), void *arg);

/* --- proc_snapshot.c: what leaks other than memory leave behind. */
typedef struct ll_proc_counts {
  int fds, threads, timers, blocked; /* -1 when unknown */
} ll_proc_counts;
/* Counts this process's descriptors, threads (less the sampler's own
 * thread, exclude_tid), POSIX timers and threads blocked in a wait.  When
 * detail is non-NULL, calls it with one line per thread ("tid state syscall"). */
LL_HIDDEN void ll_proc_count(ll_proc_counts *out, pid_t exclude_tid,
                             void (*detail)(void *ctx, const char *line), void *ctx);

/* --- profile_writer.c: pprof profiles on disk. */
typedef struct ll_writer_config {
  const char *dir;     /* output directory */
  double interval_s;   /* periodic profiles; 0 = only at exit */
  ll_proc_counts base; /* counts when the program started */
} ll_writer_config;
LL_HIDDEN void ll_writer_configure(const ll_writer_config *cfg);
/* Starts the thread that writes a profile every interval (once). */
LL_HIDDEN void ll_writer_start(void);
/* Writes a periodic profile if one is due and no writer thread runs. */
LL_HIDDEN void ll_writer_tick(void);
/* Writes one profile now; final marks the one written at exit.  Profiles after
 * the final one are not written. */
LL_HIDDEN void ll_writer_write(int final);
/* Writes the final profile when signal sig comes (leaklint verify sends it
 * before it ends a run that timed out). */
LL_HIDDEN void ll_writer_listen(int sig);
/* fork: lock around it, and in the child start afresh under the new pid. */
LL_HIDDEN void ll_writer_prefork(void);
LL_HIDDEN void ll_writer_postfork_parent(void);
LL_HIDDEN void ll_writer_postfork_child(void);

#endif
