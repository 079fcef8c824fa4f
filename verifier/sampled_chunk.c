/* sampled_chunk.c - where sampled heap blocks live.
 *
 * A free() wrapper runs on every free in the program, so it must cost next
 * to nothing.  The cheapest question a pointer can answer is where its
 * highest set bit is: every sampled block is served from pages of our own
 * inside one terabyte-aligned slot between 32 and 64 TiB (the "region", far
 * from where the kernel puts mappings by itself), so free() asks whether
 * that bit is 45 and is otherwise a tail call into libc.  Freed pages are
 * kept for the next sample: at steady state a sample costs no system call
 * and no page fault.
 *
 * The pages are laid out as glibc lays out a chunk it got from mmap: just
 * before the block, prev_size (the block's offset in its mapping) and the
 * chunk size with IS_MMAPPED set.  So glibc's malloc_usable_size() reads
 * them right, and a block that reaches glibc's free() without us (a forked
 * child freeing its parent's samples, whose accounts it does not keep) is
 * given back with munmap instead of corrupting the heap.  The 16 bytes
 * before the chunk header hold a tag; ll_chunks_tagged checks that it is
 * still there, in case a free went past us.
 *
 *   page-aligned start              mem - 16          mem
 *   | tag, magic | ... | prev_size | size|IS_MMAPPED | the program's block ...|
 *
 * A sample costs a page or more (about 0.8% of the 512 KiB it stands for at
 * the default rate). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sampler_internal.h"

enum {
  BATCH_PAGES = 256,  /* one mmap serves this many small samples */
  KEPT_CLASSES = 64,  /* freed runs of up to this many pages are kept */
  IS_MMAPPED = 0x2,   /* glibc's chunk flag */
  MIN_OFFSET = 32,    /* tag (16 bytes) + chunk header (16 bytes) */
  MAX_LIVE = 1 << 20, /* samples live at once */
  PROBE_BATCH = 1024, /* tags read per process_vm_readv (IOV_MAX) */
};
static const uint64_t MAGIC = 0x6c65616b6c696e74ULL; /* "leaklint" */
#define SLOT_BITS 40
/* 32 to 64 TiB: above the program and heap, below the mmap area, and all of
 * it with bit LL_REGION_TOP_BIT (45) as the highest set bit. */
#define FIRST_SLOT 0x20ULL
#define LAST_SLOT 0x40ULL
_Static_assert(FIRST_SLOT << SLOT_BITS == 1ULL << LL_REGION_TOP_BIT &&
                   LAST_SLOT << SLOT_BITS == 2ULL << LL_REGION_TOP_BIT,
               "every slot has LL_REGION_TOP_BIT as its highest bit");

uint8_t ll_region_key = 0xff;   /* no user address has bits 40..47 all set */
static size_t page = 4096;      /* glibc checks alignment to its page size */
static char *cursor, *slot_end; /* next unused address in the region */
static char *batch_next, *batch_end;
static void *kept[KEPT_CLASSES + 1]; /* freed runs by page count, linked through their start */
static size_t live_chunks;
static uint64_t tag_key, next_serial;

static size_t round_up(size_t n, size_t to) {
  return (n + to - 1) & ~(to - 1);
}

/* Maps len bytes at exactly at, or fails: never over anybody's mapping. */
static void *map_at(char *at, size_t len) {
  long p = syscall(SYS_mmap, at, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  if (p < 0 && p > -4096)
    return NULL;
  if ((char *)p != at) { /* a kernel older than MAP_FIXED_NOREPLACE: a hint */
    syscall(SYS_munmap, p, len);
    return NULL;
  }
  return at;
}

/* len bytes aligned to align from the region; skips what others mapped. */
static void *region_map(size_t len, size_t align) {
  for (int tries = 0; tries < 64 && cursor; tries++) {
    char *at = (char *)round_up((uintptr_t)cursor, align);
    if (at + len > slot_end)
      at = (char *)round_up((uintptr_t)slot_end - ((size_t)1 << SLOT_BITS), align); /* wrap */
    cursor = at + len;
    void *p = map_at(at, len);
    if (p)
      return p;
  }
  return NULL;
}

int ll_chunks_init(uint64_t key) {
  long size = sysconf(_SC_PAGESIZE);
  if (size > 0)
    page = (size_t)size;
  tag_key = key | 1;
  /* The first slot free enough to take a first batch becomes the region;
   * the low bits of key spread processes over it. */
  for (uint64_t slot = FIRST_SLOT; slot < LAST_SLOT; slot++) {
    char *base = (char *)((uintptr_t)slot << SLOT_BITS);
    cursor = base + ((key >> 12) & 0xffff) * (BATCH_PAGES * page);
    slot_end = base + ((size_t)1 << SLOT_BITS);
    size_t batch = BATCH_PAGES * page;
    batch_next = map_at(cursor, batch);
    if (batch_next) {
      batch_end = batch_next + batch;
      cursor = batch_end;
      ll_region_key = (uint8_t)slot;
      return 0;
    }
  }
  cursor = NULL;
  return -1;
}

size_t ll_page_size(void) {
  return page;
}

static void *take_pages(size_t npages, size_t align) {
  size_t len = npages * page;
  if (align <= page && npages <= KEPT_CLASSES && kept[npages]) {
    void *p = kept[npages];
    kept[npages] = *(void **)p;
    return p;
  }
  if (align <= page && npages <= BATCH_PAGES / 4) {
    if ((size_t)(batch_end - batch_next) < len) {
      /* What is left of the old batch goes to the kept runs of its size. */
      size_t rest = (size_t)(batch_end - batch_next) / page;
      if (rest) {
        *(void **)batch_next = kept[rest];
        kept[rest] = batch_next;
      }
      size_t batch = BATCH_PAGES * page;
      batch_next = region_map(batch, page);
      batch_end = batch_next ? batch_next + batch : NULL;
      if (!batch_next)
        return NULL;
    }
    char *p = batch_next;
    batch_next += len;
    return p;
  }
  return region_map(len, align > page ? align : page);
}

void *ll_chunk_alloc(size_t size, size_t align, uint64_t *tag_out) {
  if (!cursor || live_chunks >= MAX_LIVE || align > ((size_t)1 << 30))
    return NULL;
  /* The block's offset in its mapping must be a power of two (glibc checks
   * that the block's offset within its page is one) and a multiple of align. */
  size_t offset = align > MIN_OFFSET ? align : MIN_OFFSET;
  if (size > ((size_t)1 << 46))
    return NULL;
  size_t total = round_up(offset + size, page);
  char *start = take_pages(total / page, align);
  if (!start)
    return NULL;
  char *mem = start + offset;
  uint64_t *head = (uint64_t *)(mem - 32);
  uint64_t tag = tag_key ^ (++next_serial * 0x9E3779B97F4A7C15ULL);
  head[0] = tag;
  head[1] = MAGIC;
  head[2] = offset - 16;                          /* prev_size: back to the mapping's start */
  head[3] = (total - (offset - 16)) | IS_MMAPPED; /* size: to the mapping's end */
  live_chunks++;
  *tag_out = tag;
  return mem;
}

/* The mapping a chunk's header describes. */
static void chunk_extent(const void *mem, char **start, size_t *len) {
  const uint64_t *head = (const uint64_t *)mem - 2;
  *start = (char *)mem - 16 - head[0];
  *len = head[0] + (head[1] & ~(uint64_t)7);
}

void ll_chunk_release(void *mem) {
  char *start;
  size_t len;
  chunk_extent(mem, &start, &len);
  size_t npages = len / page;
  /* Aligned chunks start on their alignment, not on a batch: any run will do. */
  /* The tag goes, so a stale entry cannot match it, and so does the size,
   * so that a second free() reaching glibc aborts as a double free does. */
  memset((char *)mem - 32, 0, 32);
  if (npages <= KEPT_CLASSES) {
    *(void **)start = kept[npages];
    kept[npages] = start;
  } else {
    syscall(SYS_munmap, start, len);
  }
}

size_t ll_chunk_size(const void *mem) {
  char *start;
  size_t len;
  chunk_extent(mem, &start, &len);
  return len - (size_t)((char *)mem - start);
}

void ll_chunk_forgotten(void) {
  if (live_chunks)
    live_chunks--;
}

void ll_chunks_reset(void) {
  live_chunks = 0;
}

/* Where process_vm_readv is not permitted (some seccomp filters), a write
 * of the 16 bytes into a pipe tells the same: EFAULT when they are unmapped. */
static void probe_through_pipe(const uintptr_t *mems, const uint64_t *tags, size_t n,
                               uint8_t *alive) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    memset(alive, 1, n); /* cannot tell: keep them, as a free we never saw */
    return;
  }
  for (size_t i = 0; i < n; i++) {
    uint64_t seen[2];
    alive[i] = write(fds[1], (const void *)(mems[i] - 32), 16) == 16 &&
               read(fds[0], seen, 16) == 16 && seen[0] == tags[i] && seen[1] == MAGIC;
  }
  close(fds[0]);
  close(fds[1]);
}

/* Reads the 16 bytes before each chunk header; alive[i] says whether they are
 * still mapped and still hold tags[i]. */
void ll_chunks_tagged(const uintptr_t *mems, const uint64_t *tags, size_t n, uint8_t *alive) {
  size_t bytes = n * (2 * sizeof(struct iovec) + 16);
  struct iovec *local = ll_pages_alloc(bytes);
  if (!local) {
    probe_through_pipe(mems, tags, n, alive);
    return;
  }
  struct iovec *remote = local + n;
  uint64_t(*seen)[2] = (uint64_t(*)[2])(remote + n);
  for (size_t k = 0; k < n; k++) {
    local[k] = (struct iovec){seen[k], 16};
    remote[k] = (struct iovec){(void *)(mems[k] - 32), 16};
  }
  pid_t self = getpid();
  for (size_t i = 0; i < n;) {
    size_t count = n - i < PROBE_BATCH ? n - i : PROBE_BATCH;
    ssize_t got = process_vm_readv(self, local + i, count, remote + i, count, 0);
    if (got < 0 && errno != EFAULT) {
      probe_through_pipe(mems + i, tags + i, n - i, alive + i);
      break;
    }
    size_t done = got > 0 ? (size_t)got / 16 : 0;
    for (size_t k = i; k < i + done; k++)
      alive[k] = seen[k][0] == tags[k] && seen[k][1] == MAGIC;
    if (done < count)
      alive[i + done++] = 0; /* the transfer stops at the first unmapped one */
    i += done;
  }
  ll_pages_free(local, bytes);
}
