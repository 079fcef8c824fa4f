/* sampler.c - the preloaded half of `leaklint verify`: interposes the
 * allocation functions, samples them, and hands samples to the tables.
 *
 * The fast path of every interposer is: call libc, subtract the size from a
 * thread-local countdown, return.  Only when the countdown runs out (on
 * average once per LEAKLINT_SAMPLE_RATE bytes) do we unwind and take a lock.
 * free() of a block that was never sampled costs one load from a filter.
 *
 * Bootstrap: dlsym, which we need to find libc's functions, itself allocates.
 * Until it returns, allocations come from a small static arena whose blocks
 * are never freed. */
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sampler_internal.h"

#define LL_EXPORT __attribute__((visibility("default")))

__thread ll_tls ll_thread __attribute__((tls_model("initial-exec")));

static void *bootstrap_malloc(size_t size);
static void bootstrap_free(void *p);

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
} real = {.malloc = bootstrap_malloc, .free = bootstrap_free};

static atomic_int resolving;
static uint64_t fixed_seed; /* LEAKLINT_SAMPLE_SEED: reproducible tests */
static atomic_uint_fast64_t thread_serial;
static atomic_int ready; /* set once the tables exist and the writer is configured */
static pthread_mutex_t table_mutex = PTHREAD_MUTEX_INITIALIZER;

/* --- Bootstrap arena ---------------------------------------------------- */

static _Alignas(16) char arena[64 * 1024];
static atomic_size_t arena_used;

static int in_arena(const void *p) {
  return (const char *)p >= arena && (const char *)p < arena + sizeof arena;
}

/* Arena blocks are pinned in the live filter, so free() takes its slow path
 * for them, where it notices they are not libc's. */
static void *arena_alloc(size_t n) {
  size_t need = (n + 15) & ~(size_t)15;
  size_t at = atomic_fetch_add(&arena_used, need ? need : 16);
  if (at + need > sizeof arena)
    return NULL;
  ll_live_pin(arena + at);
  return arena + at;
}

/* --- Resolving libc ----------------------------------------------------- */

#define RESOLVE(name, sym) real.name = (__typeof__(real.name))dlsym(RTLD_NEXT, sym)

static void resolve(void) {
  if (atomic_exchange(&resolving, 1))
    return; /* another thread (or dlsym itself) is at it: use the arena */
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
  return real.malloc && real.malloc != bootstrap_malloc;
}

/* The initial values of real.malloc and real.free, so the fast paths need
 * no check: the first call resolves libc and, if dlsym is under way (it
 * allocates), serves from the arena. */
static void *bootstrap_malloc(size_t size) {
  resolve();
  return resolved() ? real.malloc(size) : arena_alloc(size);
}

static void bootstrap_free(void *p) {
  resolve();
  if (real.free != bootstrap_free)
    real.free(p);
}

/* --- Shared helpers ----------------------------------------------------- */

static void forget_if_sampled(void *p);

void ll_table_lock(void) {
  pthread_mutex_lock(&table_mutex);
  ll_thread.holding_lock = 1;
}

void ll_table_unlock(void) {
  ll_tls *t = &ll_thread;
  t->holding_lock = 0;
  pthread_mutex_unlock(&table_mutex);
  /* A handler may defer more while we work through these: loop until none. */
  while (t->ndeferred > 0) {
    void *p = t->deferred[--t->ndeferred];
    forget_if_sampled(p);
    real.free(p);
  }
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

static void record_sample(const void *p, size_t size, double weight) {
  uintptr_t pcs[LL_MAX_DEPTH];
  int depth = ll_unwind(pcs, LL_MAX_DEPTH);
  ll_table_lock();
  uint32_t index = ll_stack_intern(pcs, depth);
  ll_stack *s = ll_stack_at(index);
  s->alloc_objects += weight;
  s->alloc_bytes += weight * (double)size;
  ll_live_insert(p, size, weight, index);
  ll_table_unlock();
}

/* The slow path: the countdown ran out.  A first call in a thread only draws
 * the thread's first countdown (and samples if the allocation crosses it). */
static __attribute__((noinline)) void *maybe_sample(void *p, size_t size) {
  ll_tls *t = &ll_thread;
  if (!p || t->in_hook || !atomic_load_explicit(&ready, memory_order_acquire))
    return p;
  t->in_hook = 1;
  if (LL_UNLIKELY(!t->rng)) {
    uint64_t serial = atomic_fetch_add(&thread_serial, 1) + 1;
    t->rng = fixed_seed ? fixed_seed * 0x9E3779B97F4A7C15ULL + serial
                        : ll_now_ns(CLOCK_MONOTONIC) ^ ((uintptr_t)t * 0x9E3779B97F4A7C15ULL);
    t->rng |= 1;
    t->until_sample = ll_next_interval(&t->rng) - (int64_t)size;
    if (t->until_sample > 0) {
      t->in_hook = 0;
      return p;
    }
  }
  t->until_sample = ll_next_interval(&t->rng);
  record_sample(p, size, ll_sample_weight(size));
  t->in_hook = 0;
  return p;
}

static __attribute__((noinline)) void *malloc_slow(size_t size) {
  return maybe_sample(real.malloc(size), size);
}

static inline void *account(void *p, size_t size) {
  ll_tls *t = &ll_thread;
  if (LL_LIKELY((t->until_sample -= (int64_t)size) > 0))
    return p;
  return maybe_sample(p, size);
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

/* --- The interposers ---------------------------------------------------- */

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
      return arena_alloc(n * size); /* the arena is zeroed static memory */
  }
  size_t total;
  if (__builtin_mul_overflow(n, size, &total))
    total = SIZE_MAX;
  return account(real.calloc(n, size), total);
}

static __attribute__((noinline)) void free_slow(void *p) {
  ll_tls *t = &ll_thread;
  if (in_arena(p))
    return;
  if (LL_UNLIKELY(t->holding_lock)) {
    /* A signal handler interrupted this thread inside the table lock.  The
     * block stays allocated (invisibly to the program) until the lock is
     * released, so its address cannot be handed out and sampled meanwhile. */
    if (t->ndeferred < (int)(sizeof t->deferred / sizeof *t->deferred))
      t->deferred[t->ndeferred++] = p;
    return; /* a full list leaks the block rather than deadlock */
  }
  forget_if_sampled(p);
  real.free(p);
}

/* The other hot path: one byte load says the block was never sampled. */
LL_EXPORT void free(void *p) {
  if (LL_UNLIKELY(ll_live_maybe(p)))
    free_slow(p);
  else
    real.free(p);
}
static void *realloc_from_arena(void *old, size_t size) {
  void *p = malloc(size);
  if (p) {
    size_t room = (size_t)(arena + sizeof arena - (char *)old);
    memcpy(p, old, size < room ? size : room);
  }
  return p;
}

LL_EXPORT void *realloc(void *old, size_t size) {
  if (in_arena(old))
    return realloc_from_arena(old, size);
  if (LL_UNLIKELY(!resolved())) {
    resolve();
    if (!resolved())
      return old ? NULL : arena_alloc(size);
  }
  /* The old block is gone whatever happens next; a sampled one is credited
   * as freed, and the new block is a fresh allocation for sampling. */
  if (old && LL_UNLIKELY(ll_live_maybe(old)) && !ll_thread.holding_lock)
    forget_if_sampled(old);
  void *p = real.realloc(old, size);
  return size ? account(p, size) : p;
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
  int rc = real.posix_memalign(out, align, size);
  if (rc == 0)
    account(*out, size);
  return rc;
}

LL_EXPORT void *aligned_alloc(size_t align, size_t size) {
  if (LL_UNLIKELY(!resolved()))
    resolve();
  return account(real.aligned_alloc(align, size), size);
}

LL_EXPORT void *memalign(size_t align, size_t size) {
  if (LL_UNLIKELY(!resolved()))
    resolve();
  return account(real.memalign(align, size), size);
}

LL_EXPORT void *valloc(size_t size) {
  if (LL_UNLIKELY(!resolved()))
    resolve();
  return account(real.valloc(size), size);
}

LL_EXPORT void *pvalloc(size_t size) {
  if (LL_UNLIKELY(!resolved()))
    resolve();
  return account(real.pvalloc(size), size);
}

/* Anonymous mappings are allocations too (large buffers, custom arenas);
 * file mappings are not.  Before dlsym is done, go to the kernel directly. */
LL_EXPORT void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = real.mmap ? real.mmap(addr, len, prot, flags, fd, off)
                      : (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
  if (p == MAP_FAILED || !(flags & MAP_ANONYMOUS))
    return p;
  return account(p, len);
}

LL_EXPORT void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  return mmap(addr, len, prot, flags, fd, off);
}

LL_EXPORT int munmap(void *addr, size_t len) {
  if (LL_UNLIKELY(ll_live_maybe(addr)) && !ll_thread.holding_lock)
    forget_if_sampled(addr);
  return real.munmap ? real.munmap(addr, len) : (int)syscall(SYS_munmap, addr, len);
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

__attribute__((constructor)) static void sampler_init(void) {
  if (!resolved())
    resolve();
  ll_thread.in_hook = 1;
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
  atomic_store(&ready, 1);
  ll_writer_start();
  ll_thread.in_hook = 0;
}

__attribute__((destructor)) static void sampler_fini(void) {
  ll_writer_write(1);
}
