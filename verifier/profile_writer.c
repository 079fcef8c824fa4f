/* profile_writer.c - turns the sampled stacks into pprof heap profiles:
 * periodically (from a thread of our own once the program has threads of
 * its own, else from its sampling path), and once more at exit.
 *
 * Profiles carry raw return addresses and the executable mappings of
 * /proc/self/maps; symbolizing happens later, in the `leaklint verify`
 * process (reading DWARF inside the profiled program would be slow, and
 * would allocate there).  Non-memory counts ride along as comments. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <linux/futex.h>
#include <sys/single_threaded.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "pprof.h"
#include "sampler_internal.h"

static ll_writer_config config;
static char dir[3072];
static pthread_mutex_t writer_mutex = PTHREAD_MUTEX_INITIALIZER;
static pid_t owner_pid;        /* the process these profiles describe */
static uint64_t start_wall_ms; /* distinguishes an exec'd image under the same pid */
static uint64_t start_mono_ns;
static unsigned seq;
static int finished;              /* the final profile is written */
static _Atomic pid_t writer_tid;  /* excluded from the thread count */
static atomic_int thread_started; /* else profiles are written by ll_writer_tick */
static atomic_int wake_word;      /* 1: the writer thread is to write the last profile */
static _Atomic uint64_t next_due_ns;

typedef struct stack_snapshot {
  uint32_t index;
  double alloc_objects, alloc_bytes, free_objects, free_bytes;
} stack_snapshot;

static void start_fresh(void) {
  owner_pid = getpid();
  start_wall_ms = ll_now_ns(CLOCK_REALTIME) / 1000000u;
  start_mono_ns = ll_now_ns(CLOCK_MONOTONIC);
  seq = 0;
  finished = 0;
  atomic_store(&thread_started, 0);
  atomic_store(&next_due_ns, start_mono_ns + (uint64_t)(config.interval_s * 1e9));
}

void ll_writer_configure(const ll_writer_config *cfg) {
  config = *cfg;
  snprintf(dir, sizeof dir, "%s", cfg->dir);
  config.dir = dir;
  start_fresh();
}

/* A single-threaded program gets its periodic profiles from its own
 * sampling path: a thread of ours would switch glibc's malloc into its
 * locking multi-thread mode for the rest of the run, at a cost to every
 * allocation.  (An idle single-threaded program changes nothing meanwhile;
 * the profile at exit, or the last one, shows its state.) */
void ll_writer_tick(void) {
  if (config.interval_s <= 0 || atomic_load_explicit(&thread_started, memory_order_relaxed))
    return;
  uint64_t now = ll_now_ns(CLOCK_MONOTONIC);
  uint64_t due = atomic_load_explicit(&next_due_ns, memory_order_relaxed);
  if (now < due || !atomic_compare_exchange_strong(&next_due_ns, &due,
                                                   now + (uint64_t)(config.interval_s * 1e9)))
    return;
  ll_writer_write(0);
}

/* --- Gathering ---------------------------------------------------------- */

static stack_snapshot *snapshot_stacks(uint32_t *n_out) {
  ll_table_lock();
  ll_live_sweep();
  uint32_t n = ll_stack_count();
  /* malloc is safe under the lock (in_hook: straight to libc); free is not. */
  stack_snapshot *snap = malloc(sizeof *snap * (n ? n : 1));
  uint32_t kept = 0;
  for (uint32_t i = 0; snap && i < n; i++) {
    const ll_stack *s = ll_stack_at(i);
    if (s->alloc_objects <= 0)
      continue;
    snap[kept++] =
        (stack_snapshot){i, s->alloc_objects, s->alloc_bytes, s->free_objects, s->free_bytes};
  }
  ll_table_unlock();
  *n_out = kept;
  return snap;
}

static char *read_proc_file(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  size_t len = 0, cap = 1 << 15;
  char *buf = malloc(cap);
  ssize_t got;
  while (buf && (got = read(fd, buf + len, cap - len - 1)) > 0) {
    len += (size_t)got;
    if (cap - len < 2) {
      char *grown = realloc(buf, cap * 2);
      if (!grown) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = grown;
      cap *= 2;
    }
  }
  close(fd);
  if (buf)
    buf[len] = '\0';
  return buf;
}

/* One pprof mapping per executable segment of /proc/self/maps. */
static void add_mappings(pp_profile *p) {
  char *maps = read_proc_file("/proc/self/maps");
  for (char *line = maps, *next; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    else
      next = line + strlen(line);
    /* Most lines are data: skip them before sscanf, which costs thousands
     * of instructions a line. */
    const char *perms_at = strchr(line, ' ');
    if (!perms_at || strnlen(perms_at, 4) < 4 || perms_at[3] != 'x')
      continue;
    unsigned long long lo, hi, off;
    char perms[8];
    int path_at = 0;
    if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %n", &lo, &hi, perms, &off, &path_at) < 4)
      continue;
    if (perms[2] != 'x' || path_at <= 0 || !line[path_at])
      continue;
    pp_mapping *m = pp_add_mapping(p);
    if (!m)
      break;
    m->id = p->nmappings;
    m->memory_start = lo;
    m->memory_limit = hi;
    m->file_offset = off;
    m->filename = pp_intern(p, line + path_at);
  }
  free(maps);
}

static uint64_t mapping_of(const pp_profile *p, uintptr_t pc) {
  for (size_t i = 0; i < p->nmappings; i++)
    if (pc >= p->mappings[i].memory_start && pc < p->mappings[i].memory_limit)
      return p->mappings[i].id;
  return 0;
}

/* PC -> location id, open addressing, sized for the snapshot. */
typedef struct pc_index {
  uintptr_t *pcs;
  uint64_t *ids;
  size_t cap;
} pc_index;

static uint64_t location_for(pp_profile *p, pc_index *ix, uintptr_t pc) {
  size_t i = (size_t)((pc * 0x9E3779B97F4A7C15ULL) >> 20) & (ix->cap - 1);
  for (; ix->pcs[i]; i = (i + 1) & (ix->cap - 1))
    if (ix->pcs[i] == pc)
      return ix->ids[i];
  pp_location *loc = pp_add_location(p);
  if (!loc)
    return 0;
  loc->id = p->nlocations;
  loc->address = pc;
  loc->mapping_id = mapping_of(p, pc);
  ix->pcs[i] = pc;
  ix->ids[i] = loc->id;
  return loc->id;
}

static void add_samples(pp_profile *p, const stack_snapshot *snap, uint32_t n) {
  pc_index ix = {NULL, NULL, 64};
  while (ix.cap < (size_t)n * LL_MAX_DEPTH / 4 + 64)
    ix.cap *= 2;
  ix.pcs = calloc(ix.cap, sizeof *ix.pcs);
  ix.ids = calloc(ix.cap, sizeof *ix.ids);
  for (uint32_t i = 0; ix.pcs && ix.ids && i < n; i++) {
    const ll_stack *s = ll_stack_at(snap[i].index);
    pp_sample *sample = pp_add_sample(p, s->depth, 4);
    if (!sample)
      break;
    for (uint32_t d = 0; d < s->depth; d++)
      sample->location_ids[d] = location_for(p, &ix, s->pcs[d]);
    sample->values[0] = llround(snap[i].alloc_objects);
    sample->values[1] = llround(snap[i].alloc_bytes);
    sample->values[2] = llround(snap[i].alloc_objects - snap[i].free_objects);
    sample->values[3] = llround(snap[i].alloc_bytes - snap[i].free_bytes);
  }
  free(ix.pcs);
  free(ix.ids);
}

static void add_comment_line(void *ctx, const char *line) {
  pp_add_comment(ctx, line);
}

static void add_process_comments(pp_profile *p, int final) {
  char line[256];
  ll_proc_counts now;
  pp_add_comment(p, "leaklint-sampler 1");
  snprintf(line, sizeof line, "pid=%d ppid=%d seq=%u final=%d rate=%" PRId64 " dropped=%" PRIu64,
           (int)owner_pid, (int)getppid(), seq, final, ll_rate(), ll_samples_dropped());
  pp_add_comment(p, line);
  ll_proc_count(&now, atomic_load(&writer_tid), add_comment_line, p);
  snprintf(line, sizeof line, "fds=%d threads=%d timers=%d blocked=%d", now.fds, now.threads,
           now.timers, now.blocked);
  pp_add_comment(p, line);
  snprintf(line, sizeof line, "base_fds=%d base_threads=%d base_timers=%d base_blocked=%d",
           config.base.fds, config.base.threads, config.base.timers, config.base.blocked);
  pp_add_comment(p, line);
}

static int build_profile(pp_profile *p, int final) {
  if (pp_init(p) != 0)
    return -1;
  pp_add_sample_type(p, "alloc_objects", "count");
  pp_add_sample_type(p, "alloc_space", "bytes");
  pp_add_sample_type(p, "inuse_objects", "count");
  pp_add_sample_type(p, "inuse_space", "bytes");
  p->period_type.type = pp_intern(p, "space");
  p->period_type.unit = pp_intern(p, "bytes");
  p->period = ll_rate();
  p->time_nanos = (int64_t)ll_now_ns(CLOCK_REALTIME);
  p->duration_nanos = (int64_t)(ll_now_ns(CLOCK_MONOTONIC) - start_mono_ns);
  add_mappings(p);
  uint32_t n = 0;
  stack_snapshot *snap = snapshot_stacks(&n);
  if (snap)
    add_samples(p, snap, n);
  free(snap);
  add_process_comments(p, final);
  return 0;
}

/* --- Writing ------------------------------------------------------------ */

void ll_writer_write(int final) {
  if (!owner_pid || getpid() != owner_pid)
    return; /* not configured, or a vfork child sharing our memory */
  int was_in_hook = ll_thread.in_hook;
  ll_thread.in_hook = 1;
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &saved);
  pthread_mutex_lock(&writer_mutex);
  if (!finished) {
    pp_profile p;
    char path[4096];
    snprintf(path, sizeof path, "%s/heap.%d.%" PRIu64 ".%04u.pb.gz", dir, (int)owner_pid,
             start_wall_ms, seq);
    if (build_profile(&p, final) == 0) {
      pp_write_file(&p, path);
      pp_free(&p);
    }
    seq++;
    finished = final;
  }
  pthread_mutex_unlock(&writer_mutex);
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  ll_thread.in_hook = was_in_hook;
}

/* Sleeps s seconds, or until on_last_profile_signal wakes it: returns
 * whether woken.  A futex, not a descriptor: daemons close descriptors they
 * did not open, and might reuse ours. */
static bool sleep_or_wake(double s) {
  uint64_t deadline = ll_now_ns(CLOCK_MONOTONIC) + (uint64_t)(s * 1e9);
  for (;;) {
    if (atomic_exchange(&wake_word, 0))
      return true;
    uint64_t now = ll_now_ns(CLOCK_MONOTONIC);
    if (now >= deadline)
      return false;
    struct timespec left = {(time_t)((deadline - now) / 1000000000u),
                            (long)((deadline - now) % 1000000000u)};
    syscall(SYS_futex, &wake_word, FUTEX_WAIT_PRIVATE, 0, &left, NULL, 0);
  }
}

static void *writer_main(void *arg) {
  (void)arg;
  ll_thread.in_hook = 1; /* everything this thread allocates is ours */
  atomic_store(&writer_tid, (pid_t)syscall(SYS_gettid));
  for (;;) {
    bool last = sleep_or_wake(config.interval_s);
    pthread_mutex_lock(&writer_mutex);
    int done = finished;
    pthread_mutex_unlock(&writer_mutex);
    if (done)
      return NULL;
    ll_writer_write(last);
  }
}

/* Called when the program starts a thread of its own: from then on glibc
 * is in multi-thread mode anyway, and a thread of ours costs nothing more. */
void ll_writer_start(void) {
  if (config.interval_s <= 0 || atomic_exchange(&thread_started, 1))
    return;
  /* The thread inherits a full signal mask: the program's signals must go to
   * the program's threads. */
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &saved);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  if (ll_thread_create(&thread, &attr, writer_main, NULL) == 0)
    pthread_setname_np(thread, "leaklint");
  pthread_attr_destroy(&attr);
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
}

/* The signal that ends a run that timed out runs no destructor, so leaklint
 * verify sends this one first, for the final profile.  A program with
 * threads has the writer thread, which a futex wake (safe in a handler)
 * sends on.  A single-threaded program that idles wrote nothing since its
 * last sample; verify has stopped it and checked that it sits in a system
 * call (so not in malloc, nor in here), so the handler writes it. */
static void on_last_profile_signal(int sig) {
  (void)sig;
  int saved_errno = errno;
  if (atomic_load(&thread_started)) {
    atomic_store(&wake_word, 1);
    syscall(SYS_futex, &wake_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  } else if (__libc_single_threaded && !ll_thread.in_hook && !ll_thread.holding_lock) {
    ll_writer_write(1);
  }
  errno = saved_errno;
}

void ll_writer_listen(int sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_last_profile_signal;
  sa.sa_flags = SA_RESTART;
  sigfillset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

void ll_writer_prefork(void) {
  pthread_mutex_lock(&writer_mutex);
}

void ll_writer_postfork_parent(void) {
  pthread_mutex_unlock(&writer_mutex);
}

/* The child has only the forking thread, so no writer thread until it starts
 * one of its own, and its own file names. */
void ll_writer_postfork_child(void) {
  pthread_mutex_init(&writer_mutex, NULL);
  atomic_store(&writer_tid, 0);
  start_fresh(); /* single-threaded again: ll_writer_tick until it starts one */
}
