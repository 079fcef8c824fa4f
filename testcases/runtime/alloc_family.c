/* Every way into the heap the sampler interposes: calloc, realloc,
 * reallocarray, posix_memalign, aligned_alloc, memalign, valloc, strdup (libc
 * calling malloc) and anonymous mmap.  A buffer pool keeps one of each per
 * round in its faulty half and gives them back in its correct half.  A block
 * that realloc moves counts as freed where it was first allocated. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { ROUNDS = 60, REGION = 64 * 1024 };
enum { RW = PROT_READ | PROT_WRITE, ANONYMOUS = MAP_PRIVATE | MAP_ANONYMOUS };

struct pool_round {
  void *zeroed, *grown, *array, *aligned, *aligned2, *old_style, *paged, *name, *region;
};

static struct pool_round kept[ROUNDS];

static void take_and_keep(struct pool_round *r, int i) {
  r->zeroed = calloc(32, 16);                /* verify: resource-leak confirmed */
  r->grown = realloc(NULL, 100);             /* verify: resource-leak not-reproduced */
  r->grown = realloc(r->grown, 4000);        /* verify: resource-leak confirmed */
  r->array = reallocarray(NULL, 50, 8);      /* verify: resource-leak confirmed */
  if (posix_memalign(&r->aligned, 64, 1000)) /* verify: resource-leak confirmed */
    r->aligned = NULL;
  r->aligned2 = aligned_alloc(128, 1024); /* verify: resource-leak confirmed */
  r->old_style = memalign(32, 500);       /* verify: resource-leak confirmed */
  r->paged = valloc(3000);                /* verify: resource-leak confirmed */
  char label[32];
  snprintf(label, sizeof label, "round-%d", i);
  r->name = strdup(label);                              /* verify: resource-leak confirmed */
  r->region = mmap(NULL, REGION, RW, ANONYMOUS, -1, 0); /* verify: resource-leak confirmed */
}

static void take_and_return(int i) {
  struct pool_round r;
  r.zeroed = calloc(32, 16); /* verify: resource-leak not-reproduced */
  r.grown = realloc(NULL, 100);
  r.grown = realloc(r.grown, 4000);         /* verify: resource-leak not-reproduced */
  if (posix_memalign(&r.aligned, 64, 1000)) /* verify: resource-leak not-reproduced */
    r.aligned = NULL;
  r.name = strdup("scratch");                          /* verify: resource-leak not-reproduced */
  r.region = mmap(NULL, REGION, RW, ANONYMOUS, -1, 0); /* verify: resource-leak not-reproduced */
  free(r.zeroed);
  free(r.grown);
  free(r.aligned);
  free(r.name);
  if (r.region != MAP_FAILED)
    munmap(r.region, REGION);
  (void)i;
}

int main(void) {
  for (int i = 0; i < ROUNDS; i++) {
    take_and_keep(&kept[i], i);
    take_and_return(i);
    usleep(15 * 1000);
  }
  printf("kept %d rounds\n", ROUNDS);
  return 0;
}
