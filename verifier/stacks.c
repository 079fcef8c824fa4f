/* stacks.c - call stacks of sampled allocations.
 *
 * Debian builds glibc and the loader without frame pointers, so a frame
 * pointer walk loses the frames we most need (the caller of fopen, the
 * function a thread was started with).  Both unwinders used here follow the
 * DWARF CFI (.eh_frame) instead, which every object carries:
 *
 * - libunwind's unw_backtrace keeps a per-thread cache of frame layouts by
 *   PC: about 150 instructions a frame once warm.  But each thread starts
 *   cold: a 256 KiB cache to map and fill, and for every new PC a search of
 *   the loaded objects between two sigprocmask calls, about 3 us a frame.
 *   A program that starts a thread per task (libclang does, per file) pays
 *   that again and again: 65 us a sample where 0.3 would do.
 * - libgcc's _Unwind_Backtrace keeps no cache but finds each frame's CFI
 *   with glibc's lock-free _dl_find_object: about 0.2 us a frame while the
 *   CFI is in the CPU's caches, several times that in a large library when
 *   it is not, but with nothing to rebuild in each new thread.
 *
 * So a thread's first UNWINDS_BEFORE_CACHE samples use libgcc, and only a
 * thread that keeps sampling goes on to libunwind, whose cache then pays
 * for itself.  The initial thread, which lives as long as the program, uses
 * libunwind from the start.  Either may allocate on first use;
 * ll_thread.in_hook is set around them, so that allocation passes straight
 * through the interposers.
 *
 * Distinct stacks are interned in a fixed table of our own pages, indexed by
 * a hash; records never move, so a profile writer can read their PCs after
 * copying the count under the lock. */
#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include <link.h>
#include <string.h>
#include <unwind.h>

#include "sampler_internal.h"

enum { MAX_STACKS = 1 << 16, INDEX_SLOTS = MAX_STACKS * 2, UNWINDS_BEFORE_CACHE = 64 };

static ll_stack *stacks; /* stacks[0] collects whatever does not fit */
static uint32_t *index_slots;
static uint32_t nstacks;
static uintptr_t self_lo, self_hi; /* the sampler's own code */

static int find_self(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  uintptr_t marker = (uintptr_t)data;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
    if (ph->p_type == PT_LOAD && marker >= lo && marker < hi) {
      self_lo = lo;
      self_hi = hi;
      return 1;
    }
  }
  return 0;
}

void ll_stacks_init(void) {
  if (stacks)
    return;
  stacks = ll_pages_alloc(sizeof(ll_stack) * MAX_STACKS);
  index_slots = ll_pages_alloc(sizeof(uint32_t) * INDEX_SLOTS);
  nstacks = stacks ? 1 : 0;
  dl_iterate_phdr(find_self, (void *)(uintptr_t)&ll_stacks_init);
  /* Per-thread caches of unwind info: no lock shared between threads. */
  unw_set_caching_policy(unw_local_addr_space, UNW_CACHE_PER_THREAD);
  ll_thread.unwinds = UNWINDS_BEFORE_CACHE; /* the constructor runs in the initial thread */
}

typedef struct frames {
  void **pcs;
  int n, max;
} frames;

static _Unwind_Reason_Code add_frame(struct _Unwind_Context *context, void *data) {
  frames *f = data;
  if (f->n == f->max)
    return _URC_END_OF_STACK;
  uintptr_t pc = _Unwind_GetIP(context);
  if (!pc)
    return _URC_END_OF_STACK;
  f->pcs[f->n++] = (void *)pc;
  return _URC_NO_REASON;
}

/* Return addresses, leaf first, as unw_backtrace gives them. */
static int uncached_backtrace(void **pcs, int max) {
  frames f = {pcs, 0, max};
  _Unwind_Backtrace(add_frame, &f);
  return f.n;
}

int ll_unwind(uintptr_t *pcs, int max) {
  void *raw[LL_MAX_DEPTH + 8];
  ll_tls *t = &ll_thread;
  int n;
  if (t->unwinds < UNWINDS_BEFORE_CACHE) {
    t->unwinds++;
    n = uncached_backtrace(raw, LL_MAX_DEPTH + 8);
  } else {
    n = unw_backtrace(raw, LL_MAX_DEPTH + 8);
  }
  int skip = 0;
  while (skip < n && (uintptr_t)raw[skip] >= self_lo && (uintptr_t)raw[skip] < self_hi)
    skip++;
  int depth = 0;
  for (int i = skip; i < n && depth < max; i++)
    pcs[depth++] = (uintptr_t)raw[i];
  return depth;
}

static uint64_t hash_pcs(const uintptr_t *pcs, int depth) {
  uint64_t h = 1469598103934665603ULL;
  for (int i = 0; i < depth; i++)
    h = (h ^ pcs[i]) * 1099511628211ULL;
  return h ^ (uint64_t)depth;
}

uint32_t ll_stack_intern(const uintptr_t *pcs, int depth) {
  if (!stacks || !index_slots)
    return 0;
  uint64_t h = hash_pcs(pcs, depth);
  size_t i = h & (INDEX_SLOTS - 1);
  for (; index_slots[i]; i = (i + 1) & (INDEX_SLOTS - 1)) {
    ll_stack *s = &stacks[index_slots[i]];
    if (s->hash == h && s->depth == (uint32_t)depth &&
        memcmp(s->pcs, pcs, sizeof *pcs * (size_t)depth) == 0)
      return index_slots[i];
  }
  if (nstacks >= MAX_STACKS)
    return 0;
  ll_stack *s = &stacks[nstacks];
  s->hash = h;
  s->depth = (uint32_t)depth;
  memcpy(s->pcs, pcs, sizeof *pcs * (size_t)depth);
  index_slots[i] = nstacks;
  return nstacks++;
}

ll_stack *ll_stack_at(uint32_t index) {
  return &stacks[index];
}

uint32_t ll_stack_count(void) {
  return nstacks;
}

void ll_stacks_reset_counts(void) {
  for (uint32_t i = 0; i < nstacks; i++)
    stacks[i].alloc_objects = stacks[i].alloc_bytes = stacks[i].free_objects =
        stacks[i].free_bytes = 0;
}
