/* self_linked.c - tmux's layout cells: a constructor that initialises a
 * list head inside the new block (TAILQ_INIT stores the address of the
 * head's first field in its last field) is still a constructor: the block
 * points into itself, nothing else holds it.  A caller that drops the cell
 * on a failed check leaks it (tmux's layout_parse, fixed in e8530c9fe). */
#include <stdlib.h>
#include <sys/queue.h>

struct cell {
  struct cell *self;
  unsigned sx, sy;
  TAILQ_HEAD(cells, cell) cells;
  TAILQ_ENTRY(cell) entry;
};

static TAILQ_HEAD(, cell) all_cells = TAILQ_HEAD_INITIALIZER(all_cells);

void fatal(const char *msg) __attribute__((noreturn));

static struct cell *cell_create(unsigned sx, unsigned sy) {
  struct cell *lc = calloc(1, sizeof *lc);
  if (lc == NULL)
    fatal("out of memory");
  lc->sx = sx;
  lc->sy = sy;
  lc->self = lc;
  TAILQ_INIT(&lc->cells);
  return lc;
}

static void cell_free(struct cell *lc) {
  free(lc);
}

static int cell_check(const struct cell *lc) {
  return lc->sx > 0 && lc->sy > 0;
}

int layout_parse(unsigned sx, unsigned sy, struct cell **root) {
  struct cell *lc = cell_create(sx, sy);
  if (!cell_check(lc))
    return -1; // expect: resource-leak "heap memory 'lc' from cell_create() is not released on this path"
  *root = lc;
  return 0;
}

int layout_parse_fixed(unsigned sx, unsigned sy, struct cell **root) {
  struct cell *lc = cell_create(sx, sy);
  if (!cell_check(lc)) {
    cell_free(lc);
    return -1;
  }
  *root = lc;
  return 0;
}

/* Linked into a list that outlives the call: kept there. */
int layout_register(unsigned sx, unsigned sy) {
  struct cell *lc = cell_create(sx, sy);
  TAILQ_INSERT_TAIL(&all_cells, lc, entry);
  if (!cell_check(lc))
    return -1;
  return 0;
}

/* A child linked into a parent the caller owns belongs to the parent. */
int layout_add_child(struct cell *parent, unsigned sx, unsigned sy) {
  struct cell *child = cell_create(sx, sy);
  TAILQ_INSERT_TAIL(&parent->cells, child, entry);
  return cell_check(child) ? 0 : -1;
}
