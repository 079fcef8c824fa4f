/* sampler.c - the preloaded half of `leaklint verify`: interposes the
 * allocation functions, samples them, and hands samples to the tables.
 *
 * The fast path of every allocating interposer is: subtract the size from a
 * thread-local countdown, call libc.  Only when the countdown runs out (on
 * average once per LEAKLINT_SAMPLE_RATE bytes) do we unwind, take a lock and
 * serve the block from a region of our own (sampled_chunk.c).  free() only
 * asks whether the block could lie in that region: no lock, no table, and
 * no memory touched.
 *
 * Bootstrap: dlsym, which finds the allocator beneath us, may allocate.
 * Until it returns, allocations go to glibc's own entry points (__libc_malloc
 * and friends), which is where dlsym would lead anyway. */
#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/single_threaded.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sampler_internal.h"

#define LL_EXPORT __attribute__((visibility("default")))

__thread ll_tls ll_thread __attribute__((tls_model("initial-exec")));

/* glibc's own entry points: the allocator whose chunk layout we borrow. */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static void *bootstrap_malloc(size_t size);

static struct {
  void *(*malloc)(size_t); /* bootstrap_malloc until resolved */
  void *(*calloc)(size_t, size_t);
  void *(*realloc)(void *, size_t);
  void (*free)(void *);
  int (*posix_memalign)(void **, size_t, size_t);
  void *(*aligned_alloc)(size_t, size_t);
  void *(*memalign)(size_t, size_t);
  void *(*valloc)(size_t);
  void *(*pvalloc)(size_t);
  void *(*mmap)(void *, size_t, int, int, int, off_t);
  int (*munmap)(void *, size_t);
  void (*exit_)(int);
} real = {.malloc = bootstrap_malloc};

static atomic_int resolving;
static bool sample_heap;    /* the allocator beneath is glibc's: chunks work */
static uint64_t fixed_seed; /* LEAKLINT_SAMPLE_SEED: reproducible tests */
static atomic_uint_fast64_t thread_serial;
static atomic_int ready; /* set once the tables exist and the writer is configured */
static pthread_mutex_t table_mutex = PTHREAD_MUTEX_INITIALIZER;
static uint64_t dropped; /* samples no chunk could be had for (table lock) */

/* --- Resolving libc ----------------------------------------------------- */

#define RESOLVE(name, sym) real.name = (__typeof__(real.name))dlsym(RTLD_NEXT, sym)

static void resolve(void) {
  if (atomic_exchange(&resolving, 1))
    return; /* another thread (or dlsym itself) is at it: use glibc's */
  RESOLVE(calloc, "calloc");
  RESOLVE(realloc, "realloc");
  RESOLVE(free, "free");
  RESOLVE(posix_memalign, "posix_memalign");
  RESOLVE(aligned_alloc, "aligned_alloc");
  RESOLVE(memalign, "memalign");
  RESOLVE(valloc, "valloc");
  RESOLVE(pvalloc, "pvalloc");
  RESOLVE(mmap, "mmap");
  RESOLVE(munmap, "munmap");
  RESOLVE(exit_, "_exit");
  RESOLVE(malloc, "malloc"); /* last: its presence means all are there */
  if (!real.malloc || !real.free)
    abort(); /* no libc beneath us: nothing sensible to do */
}

static bool resolved(void) {
  return real.malloc != bootstrap_malloc;
}

/* The initial value of real.malloc, so the fast path needs no check. */
static void *bootstrap_malloc(size_t size) {
  resolve();
  return resolved() ? real.malloc(size) : __libc_malloc(size);
}

/* --- Shared helpers ----------------------------------------------------- */

void ll_table_lock(void) {
  pthread_mutex_lock(&table_mutex);
  ll_thread.holding_lock = 1;
}

void ll_table_unlock(void) {
  ll_thread.holding_lock = 0;
  pthread_mutex_unlock(&table_mutex);
}

uint64_t ll_samples_dropped(void) {
  return dropped;
}

void *ll_pages_alloc(size_t bytes) {
  long p = syscall(SYS_mmap, NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p < 0 && p > -4096 ? NULL : (void *)p;
}

void ll_pages_free(void *p, size_t bytes) {
  syscall(SYS_munmap, p, bytes);
}

uint64_t ll_now_ns(int clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* --- Sampling ----------------------------------------------------------- */

/* Subtracts size from the countdown: true when it ran out. */
static inline bool countdown(size_t size) {
  return LL_UNLIKELY((ll_thread.until_sample -= (int64_t)size) <= 0);
}

/* The countdown ran out: is this allocation sampled?  A first call in a
 * thread only draws the thread's first countdown (and samples if the
 * allocation crosses it). */
static bool due(size_t size) {
  ll_tls *t = &ll_thread;
  if (t->in_hook || !atomic_load_explicit(&ready, memory_order_acquire))
    return false;
  if (LL_UNLIKELY(!t->rng)) {
    uint64_t serial = atomic_fetch_add(&thread_serial, 1) + 1;
    t->rng = fixed_seed ? fixed_seed * 0x9E3779B97F4A7C15ULL + serial
                        : ll_now_ns(CLOCK_MONOTONIC) ^ ((uintptr_t)t * 0x9E3779B97F4A7C15ULL);
    t->rng |= 1;
    t->until_sample = ll_next_interval(&t->rng) - (int64_t)size;
    if (t->until_sample > 0)
      return false;
  }
  t->until_sample = ll_next_interval(&t->rng);
  return true;
}

/* Records a sample: the program's mapping at given, or (given NULL) a block
 * of ours made for it.  Returns the block, NULL when none could be had. */
static inline __attribute__((always_inline)) void *take_sample(size_t size, size_t align,
                                                               void *given) {
  ll_tls *t = &ll_thread;
  t->in_hook = 1;
  uintptr_t pcs[LL_MAX_DEPTH];
  int depth = ll_unwind(pcs, LL_MAX_DEPTH);
  ll_table_lock();
  uint64_t tag = 0;
  void *p = NULL;
  if (ll_live_room() == 0)
    p = given ? given : ll_chunk_alloc(size, align, &tag);
  if (p) {
    double weight = ll_sample_weight(size);
    uint32_t index = ll_stack_intern(pcs, depth);
    ll_stack *s = ll_stack_at(index);
    s->alloc_objects += weight;
    s->alloc_bytes += weight * (double)size;
    ll_live_insert(p, size, weight, index, tag);
  } else {
    dropped++;
  }
  ll_table_unlock();
  ll_writer_tick();
  t->in_hook = 0;
  return p;
}

/* A sampled heap block, or NULL: then the caller asks libc as usual. */
static inline __attribute__((always_inline)) void *sampled_block(size_t size, size_t align) {
  /* due() first: it draws the next countdown even when heap blocks go unsampled. */
  return due(size) && sample_heap ? take_sample(size, align, NULL) : NULL;
}

static int valid_alignment(size_t align) {
  return align && (align & (align - 1)) == 0;
}

static __attribute__((noinline)) void forget_if_sampled(void *p) {
  ll_tls *t = &ll_thread;
  int was_in_hook = t->in_hook;
  t->in_hook = 1; /* a handler's malloc must not try to sample (and lock) */
  ll_table_lock();
  ll_live_forget(p);
  ll_table_unlock();
  t->in_hook = was_in_hook;
}

/* Frees a block of the region: ours to take back if it is a live sample.
 * Anything else there (a sample a forked child inherited, whose accounts it
 * does not keep) is a glibc-shaped chunk: glibc's free unmaps it.  Returns
 * whether it was ours. */
static bool release_if_sampled(void *p) {
  ll_tls *t = &ll_thread;
  if (t->holding_lock)
    return false; /* a signal handler interrupted us: glibc's free will do */
  int was_in_hook = t->in_hook;
  t->in_hook = 1;
  ll_table_lock();
  bool ours = ll_live_forget(p);
  if (ours)
    ll_chunk_release(p);
  ll_table_unlock();
  t->in_hook = was_in_hook;
  return ours;
}

/* --- The interposers ---------------------------------------------------- */

static __attribute__((noinline)) void *malloc_slow(size_t size) {
  void *p = sampled_block(size, 0);
  return p ? p : real.malloc(size);
}

/* The hot path: three instructions and a tail call when not sampling. */
#if defined(__x86_64__) && defined(__GNUC__)
_Static_assert(offsetof(ll_tls, until_sample) == 0, "the countdown leads ll_tls");
LL_EXPORT void *malloc(size_t size) {
  /* Subtract in place and branch on the flags of the subtraction, which the
   * compiler does not do for a thread-local in a shared object. */
  __asm__ goto("movq ll_thread@gottpoff(%%rip), %%rax\n\t"
               "subq %0, %%fs:(%%rax)\n\t"
               "jle %l1"
               :
               : "r"(size)
               : "rax", "cc", "memory"
               : slow);
  return real.malloc(size);
slow:
  return malloc_slow(size);
}
#else
LL_EXPORT void *malloc(size_t size) {
  if (LL_LIKELY((ll_thread.until_sample -= (int64_t)size) > 0))
    return real.malloc(size);
  return malloc_slow(size);
}
#endif

LL_EXPORT void *calloc(size_t n, size_t size) {
  if (LL_UNLIKELY(!resolved())) {
    resolve();
    if (!resolved())
      return __libc_calloc(n, size);
  }
  size_t total;
  if (!__builtin_mul_overflow(n, size, &total) && countdown(total)) {
    void *p = sampled_block(total, 0);
    if (p)
      return memset(p, 0, total); /* the region's pages are reused */
  }
  return real.calloc(n, size);
}

/* Between 32 and 64 TiB: only the region's slot is ours (a program with the
 * legacy bottom-up mmap layout has its mappings at 42 TiB). */
static __attribute__((noinline)) void free_slow(void *p) {
  if (!ll_in_region(p) || !release_if_sampled(p))
    real.free(p);
}

/* The other hot path: could the block be in the region (sampled_chunk.c)?
 * Four instructions, no memory touched, baseline x86-64.  bsr (highest set
 * bit) is used because it leaves p in place without a mov; shld, which did
 * the same, is microcoded on AMD and cost 2% of an allocation-heavy run. */
#if defined(__x86_64__) && defined(__GNUC__)
LL_EXPORT void free(void *p) {
  /* bsr of NULL leaves %eax undefined: either way is right for free(NULL). */
  __asm__ goto("bsrq %0, %%rax\n\t"
               "cmpl %1, %%eax\n\t"
               "je %l2"
               :
               : "r"(p), "i"(LL_REGION_TOP_BIT)
               : "rax", "cc"
               : slow);
  real.free(p);
  return;
slow:
  free_slow(p);
}
#else
LL_EXPORT void free(void *p) {
  if (LL_UNLIKELY(ll_maybe_in_region(p)))
    free_slow(p);
  else
    real.free(p);
}
#endif

static bool is_live_sample(void *p) {
  ll_tls *t = &ll_thread;
  if (t->holding_lock)
    return false;
  int was_in_hook = t->in_hook;
  t->in_hook = 1;
  ll_table_lock();
  bool ours = ll_live_contains(p);
  ll_table_unlock();
  t->in_hook = was_in_hook;
  return ours;
}

/* realloc of a sample: the new block is a fresh allocation (sampled or not)
 * and the old one is credited as freed.  Anything else in the region is a
 * glibc-shaped chunk, which glibc's realloc knows how to move. */
static __attribute__((noinline)) void *realloc_in_region(void *old, size_t size) {
  if (!is_live_sample(old))
    return real.realloc(old, size);
  if (size == 0) {
    free(old);
    return NULL;
  }
  size_t had = ll_chunk_size(old);
  void *p = malloc(size);
  if (!p)
    return NULL;
  memcpy(p, old, had < size ? had : size);
  free(old);
  return p;
}

LL_EXPORT void *realloc(void *old, size_t size) {
  if (LL_UNLIKELY(!resolved())) {
    resolve();
    if (!resolved())
      return __libc_realloc(old, size);
  }
  if (LL_UNLIKELY(ll_in_region(old)))
    return realloc_in_region(old, size);
  if (size && countdown(size)) {
    void *p = sampled_block(size, 0);
    if (p) {
      if (old) {
        size_t had = malloc_usable_size(old);
        memcpy(p, old, had < size ? had : size);
        real.free(old);
      }
      return p;
    }
  }
  return real.realloc(old, size);
}

LL_EXPORT void *reallocarray(void *old, size_t n, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(n, size, &total)) {
    errno = ENOMEM;
    return NULL;
  }
  return realloc(old, total);
}

LL_EXPORT int posix_memalign(void **out, size_t align, size_t size) {
  if (LL_UNLIKELY(!resolved()))
    resolve();
  if (countdown(size) && valid_alignment(align) && align % sizeof(void *) == 0) {
    void *p = sampled_block(size, align);
    if (p) {
      *out = p;
      return 0;
    }
  }
  return real.posix_memalign(out, align, size);
}

/* aligned_alloc, memalign, valloc and pvalloc differ only in what they make
 * of the alignment and size they are given. */
#define ALIGNED_INTERPOSER(name, params, align_expr, size_expr, args)                              \
  LL_EXPORT void *name params {                                                                    \
    if (LL_UNLIKELY(!resolved()))                                                                  \
      resolve();                                                                                   \
    if (countdown(size_expr) && valid_alignment(align_expr)) {                                     \
      void *p = sampled_block(size_expr, align_expr);                                              \
      if (p)                                                                                       \
        return p;                                                                                  \
    }                                                                                              \
    return real.name args;                                                                         \
  }

ALIGNED_INTERPOSER(aligned_alloc, (size_t align, size_t size), align, size, (align, size))
ALIGNED_INTERPOSER(memalign, (size_t align, size_t size), align, size, (align, size))
ALIGNED_INTERPOSER(valloc, (size_t size), ll_page_size(), size, (size))
ALIGNED_INTERPOSER(pvalloc, (size_t size), ll_page_size(),
                   (size + ll_page_size() - 1) & ~(ll_page_size() - 1), (size))

/* Anonymous mappings are allocations too (large buffers, custom arenas);
 * file mappings are not.  Before dlsym is done, go to the kernel directly. */
LL_EXPORT void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = real.mmap ? real.mmap(addr, len, prot, flags, fd, off)
                      : (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
  if (p == MAP_FAILED || !(flags & MAP_ANONYMOUS) || !countdown(len))
    return p;
  if (due(len))
    take_sample(len, 0, p);
  return p;
}

LL_EXPORT void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  return mmap(addr, len, prot, flags, fd, off);
}

LL_EXPORT int munmap(void *addr, size_t len) {
  if (LL_UNLIKELY(ll_live_maybe(addr)) && !ll_thread.holding_lock)
    forget_if_sampled(addr);
  return real.munmap ? real.munmap(addr, len) : (int)syscall(SYS_munmap, addr, len);
}

/* The program's first thread of its own is the time to start ours. */
typedef int (*thread_create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

int ll_thread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
                     void *arg) {
  static _Atomic(thread_create_fn) next;
  thread_create_fn fn = atomic_load(&next);
  if (!fn) {
    fn = (thread_create_fn)dlsym(RTLD_NEXT, "pthread_create");
    atomic_store(&next, fn);
  }
  return fn ? fn(thread, attr, start, arg) : EAGAIN;
}

LL_EXPORT int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
                             void *arg) {
  ll_writer_start();
  return ll_thread_create(thread, attr, start, arg);
}

/* Programs that end in _exit skip destructors: write the last profile here. */
LL_EXPORT void _exit(int status) {
  ll_writer_write(1);
  if (real.exit_)
    real.exit_(status);
  syscall(SYS_exit_group, status);
  __builtin_unreachable();
}

LL_EXPORT void _Exit(int status) {
  _exit(status);
}

/* --- Life cycle --------------------------------------------------------- */

static double env_double(const char *name, double fallback) {
  const char *v = getenv(name);
  char *end;
  double d = v && *v ? strtod(v, &end) : fallback;
  return v && *v && *end == '\0' && d >= 0 ? d : fallback;
}

/* fork copies one thread: no lock may be held by another one meanwhile. */
static void prefork(void) {
  ll_thread.in_hook++;
  ll_writer_prefork();
  ll_table_lock();
}

static void postfork_parent(void) {
  ll_table_unlock();
  ll_writer_postfork_parent();
  ll_thread.in_hook--;
}

/* The child's profiles describe what the child does: blocks it inherited
 * are the parent's to account for (a child that execs or _exits soon after
 * the fork would otherwise "hold" all of them at exit). */
static void postfork_child(void) {
  ll_live_reset();
  ll_stacks_reset_counts();
  pthread_mutex_init(&table_mutex, NULL);
  ll_thread.holding_lock = 0;
  ll_writer_postfork_child();
  ll_thread.in_hook--;
}

/* Our chunks pass for glibc's only if glibc's free() is the one the program
 * calls; beneath another allocator, heap blocks go unsampled. */
static void check_heap(void) {
  sample_heap =
      real.malloc == __libc_malloc && real.free == __libc_free && real.realloc == __libc_realloc;
  if (!sample_heap)
    fprintf(stderr, "leaklint sampler: malloc here is not glibc's; heap blocks are not "
                    "sampled (descriptors, threads and timers still are)\n");
}

__attribute__((constructor)) static void sampler_init(void) {
  if (!resolved())
    resolve();
  ll_thread.in_hook = 1;
  check_heap();
  if (ll_chunks_init(ll_now_ns(CLOCK_REALTIME) ^ ((uintptr_t)&real * 0x9E3779B97F4A7C15ULL)))
    sample_heap = false; /* no room for the region: heap blocks go unsampled */
  ll_rate_set((int64_t)env_double("LEAKLINT_SAMPLE_RATE", 512 * 1024));
  fixed_seed = (uint64_t)env_double("LEAKLINT_SAMPLE_SEED", 0);
  ll_stacks_init();
  ll_live_init();
  ll_writer_config cfg;
  cfg.dir = getenv("LEAKLINT_PROFILE_DIR");
  if (!cfg.dir || !*cfg.dir)
    cfg.dir = ".";
  cfg.interval_s = env_double("LEAKLINT_PROFILE_INTERVAL", 10);
  ll_proc_count(&cfg.base, 0, NULL, NULL);
  ll_writer_configure(&cfg);
  pthread_atfork(prefork, postfork_parent, postfork_child);
  int last_profile_signal = (int)env_double("LEAKLINT_LAST_PROFILE_SIGNAL", 0);
  if (last_profile_signal > 0)
    ll_writer_listen(last_profile_signal);
  atomic_store(&ready, 1);
  if (!__libc_single_threaded)
    ll_writer_start(); /* a constructor before ours started a thread */
  ll_thread.in_hook = 0;
}

__attribute__((destructor)) static void sampler_fini(void) {
  ll_writer_write(1);
}
