/* stacks.c - call stacks of sampled allocations.
 *
 * Debian builds glibc and the loader without frame pointers, so a frame
 * pointer walk loses the frames we most need (the caller of fopen, the
 * function a thread was started with).  libunwind follows the DWARF CFI
 * (.eh_frame) instead, which every object carries.  It may allocate on first
 * use in a thread; ll_thread.in_hook is set around it, so that allocation
 * passes straight through the interposers.
 *
 * Distinct stacks are interned in a fixed table of our own pages, indexed by
 * a hash; records never move, so a profile writer can read their PCs after
 * copying the count under the lock. */
#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include <link.h>
#include <string.h>

#include "sampler_internal.h"

enum { MAX_STACKS = 1 << 16, INDEX_SLOTS = MAX_STACKS * 2 };

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
}

int ll_unwind(uintptr_t *pcs, int max) {
  void *raw[LL_MAX_DEPTH + 8];
  int n = unw_backtrace(raw, LL_MAX_DEPTH + 8);
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
