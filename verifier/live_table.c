/* live_table.c - the live sampled blocks, so a free of one is seen.
 *
 * Heap blocks are sampled into a region of our own (sampled_chunk.c), so
 * free() and realloc() tell them by address alone.  The program's own
 * anonymous mappings are sampled where they are, and most munmap() calls are
 * of mappings that were never sampled: a byte map indexed by address bits
 * 4..23 answers "certainly not sampled" with one load and no lock (a block
 * 16 MiB away from a sampled one shares its byte: a false alarm costs a
 * lookup, never a wrong answer).  The byte is set while the slot's counter,
 * kept under the table lock, is non-zero.  Only then do we take the lock and
 * look the block up in an open-addressing hash table (linear probing,
 * backward-shift deletion, grown by doubling in pages of our own). */
#include <string.h>

#include "sampler_internal.h"

typedef struct live_entry {
  uintptr_t ptr; /* 0 = empty slot */
  size_t size;
  double weight;
  uint32_t stack;
  uint64_t tag; /* a sampled chunk's tag; 0 for a mapping the program made */
} live_entry;

_Atomic uint8_t ll_live_filter[LL_FILTER_SLOTS];
static uint16_t filter_count[LL_FILTER_SLOTS]; /* under the table lock */
static live_entry *slots;
static size_t capacity, used;

static inline uint64_t mix(uintptr_t p) {
  uint64_t x = (uint64_t)p >> 4; /* malloc aligns to 16: low bits carry nothing */
  x *= 0x9E3779B97F4A7C15ULL;
  return x ^ (x >> 29);
}

static void filter_add(const void *ptr) {
  size_t i = ll_filter_index(ptr);
  if (filter_count[i]++ == 0)
    atomic_store_explicit(&ll_live_filter[i], 1, memory_order_release);
}

static void filter_remove(const void *ptr) {
  size_t i = ll_filter_index(ptr);
  if (--filter_count[i] == 0)
    atomic_store_explicit(&ll_live_filter[i], 0, memory_order_release);
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
  filter_remove((const void *)slots[i].ptr);
  if (slots[i].tag)
    ll_chunk_forgotten();
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

int ll_live_room(void) {
  return (used + 1) * 2 > capacity ? grow() : 0;
}

int ll_live_insert(const void *ptr, size_t size, double weight, uint32_t stack, uint64_t tag) {
  if (ll_live_room() != 0)
    return -1;
  live_entry *e = find_slot(slots, capacity, (uintptr_t)ptr);
  if (e->ptr) {
    /* A stale entry: this address was freed behind our back (a chunk freed
     * since the last sweep, a munmap from a signal handler that interrupted
     * the lock's holder).  It is gone. */
    credit_free(e);
    if (e->tag)
      ll_chunk_forgotten();
  } else {
    used++;
    filter_add(ptr);
  }
  e->ptr = (uintptr_t)ptr;
  e->size = size;
  e->weight = weight;
  e->stack = stack;
  e->tag = tag;
  return 0;
}

int ll_live_contains(const void *ptr) {
  return capacity && find_slot(slots, capacity, (uintptr_t)ptr)->ptr != 0;
}

int ll_live_forget(const void *ptr) {
  if (!capacity)
    return 0;
  live_entry *e = find_slot(slots, capacity, (uintptr_t)ptr);
  if (!e->ptr)
    return 0;
  credit_free(e);
  remove_at((size_t)(e - slots));
  return 1;
}

void ll_live_reset(void) {
  for (size_t i = 0; i < capacity; i++)
    if (slots[i].ptr) {
      filter_remove((const void *)slots[i].ptr);
      memset(&slots[i], 0, sizeof slots[i]);
    }
  used = 0;
  ll_chunks_reset();
}

/* Every sampled chunk is probed; the ones glibc has given back are credited
 * as freed.  The dead are gathered first: removing shifts entries around. */
void ll_live_sweep(void) {
  size_t n = 0;
  for (size_t i = 0; i < capacity; i++)
    n += slots[i].ptr && slots[i].tag;
  if (!n)
    return;
  size_t bytes = n * (sizeof(uintptr_t) + sizeof(uint64_t) + 1);
  uintptr_t *mems = ll_pages_alloc(bytes);
  if (!mems)
    return;
  uint64_t *tags = (uint64_t *)(mems + n);
  uint8_t *alive = (uint8_t *)(tags + n);
  size_t k = 0;
  for (size_t i = 0; i < capacity; i++)
    if (slots[i].ptr && slots[i].tag) {
      mems[k] = slots[i].ptr;
      tags[k++] = slots[i].tag;
    }
  ll_chunks_tagged(mems, tags, n, alive);
  for (k = 0; k < n; k++)
    if (!alive[k])
      ll_live_forget((const void *)mems[k]);
  ll_pages_free(mems, bytes);
}
