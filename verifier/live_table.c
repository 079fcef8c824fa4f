/* live_table.c - the live sampled blocks, so a free of one is seen.
 *
 * Most frees are of blocks that were never sampled, and they must cost next
 * to nothing: a counting filter indexed by a hash of the address answers
 * "certainly not sampled" with one relaxed load and no lock.  Only when the
 * filter's counter is non-zero do we take the table lock and look the block
 * up in an open-addressing hash table (linear probing, backward-shift
 * deletion, grown by doubling in pages of our own). */
#include <string.h>

#include "sampler_internal.h"

enum { FILTER_BITS = 16 };

typedef struct live_entry {
  uintptr_t ptr; /* 0 = empty slot */
  size_t size;
  double weight;
  uint32_t stack;
} live_entry;

static _Atomic uint16_t filter[1u << FILTER_BITS];
static live_entry *slots;
static size_t capacity, used;

static inline uint64_t mix(uintptr_t p) {
  uint64_t x = (uint64_t)p >> 4; /* malloc aligns to 16: low bits carry nothing */
  x *= 0x9E3779B97F4A7C15ULL;
  return x ^ (x >> 29);
}

static inline size_t filter_index(const void *ptr) {
  return (size_t)(mix((uintptr_t)ptr) >> (64 - FILTER_BITS));
}

int ll_live_maybe(const void *ptr) {
  return atomic_load_explicit(&filter[filter_index(ptr)], memory_order_acquire) != 0;
}

static live_entry *find_slot(live_entry *table, size_t cap, uintptr_t ptr) {
  size_t i = mix(ptr) & (cap - 1);
  while (table[i].ptr && table[i].ptr != ptr)
    i = (i + 1) & (cap - 1);
  return &table[i];
}

static int grow(void) {
  size_t cap = capacity ? capacity * 2 : 4096;
  live_entry *table = ll_pages_alloc(cap * sizeof *table);
  if (!table)
    return -1;
  for (size_t i = 0; i < capacity; i++)
    if (slots[i].ptr)
      *find_slot(table, cap, slots[i].ptr) = slots[i];
  if (slots)
    ll_pages_free(slots, capacity * sizeof *slots);
  slots = table;
  capacity = cap;
  return 0;
}

int ll_live_init(void) {
  return capacity ? 0 : grow();
}

static void credit_free(const live_entry *e) {
  ll_stack *s = ll_stack_at(e->stack);
  s->free_objects += e->weight;
  s->free_bytes += e->weight * (double)e->size;
}

/* Removes slots[i], shifting later entries of the probe run back into the
 * hole so lookups never need tombstones. */
static void remove_at(size_t i) {
  atomic_fetch_sub_explicit(&filter[filter_index((void *)slots[i].ptr)], 1, memory_order_release);
  size_t hole = i;
  for (size_t j = (i + 1) & (capacity - 1); slots[j].ptr; j = (j + 1) & (capacity - 1)) {
    size_t home = mix(slots[j].ptr) & (capacity - 1);
    /* slots[j] may move into the hole only if its home is not in (hole, j]. */
    if ((j > hole && (home <= hole || home > j)) || (j < hole && home <= hole && home > j)) {
      slots[hole] = slots[j];
      hole = j;
    }
  }
  memset(&slots[hole], 0, sizeof slots[hole]);
  used--;
}

void ll_live_insert(const void *ptr, size_t size, double weight, uint32_t stack) {
  if ((used + 1) * 2 > capacity && grow() != 0)
    return;
  live_entry *e = find_slot(slots, capacity, (uintptr_t)ptr);
  if (e->ptr) {
    /* A stale entry: this address was freed behind our back (say, by a free
     * from a signal handler we could not take the lock in).  It is gone. */
    credit_free(e);
  } else {
    used++;
    atomic_fetch_add_explicit(&filter[filter_index(ptr)], 1, memory_order_release);
  }
  e->ptr = (uintptr_t)ptr;
  e->size = size;
  e->weight = weight;
  e->stack = stack;
}

void ll_live_forget(const void *ptr) {
  if (!capacity)
    return;
  live_entry *e = find_slot(slots, capacity, (uintptr_t)ptr);
  if (!e->ptr)
    return;
  credit_free(e);
  remove_at((size_t)(e - slots));
}
