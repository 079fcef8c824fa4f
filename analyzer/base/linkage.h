/* linkage.h - C's name lookup across units, once: a function with
 * internal linkage is seen only from its own unit, one with external
 * linkage from every unit.  Tables of functions (the function index, the
 * summaries) key their items by (unit, name), with a NULL unit for
 * external names, and look names up through here. */
#ifndef LEAKLINT_LINKAGE_H
#define LEAKLINT_LINKAGE_H

#include <stdbool.h>

#include "hash_table.h"

/* The first member of every item of a linkage table. */
typedef struct linked_name {
  const char *unit; /* interned; NULL for external linkage */
  const char *name; /* interned */
} linked_name;

/* The item that name (interned) means in unit (interned): the unit's own
 * static function, else the external one; NULL if neither. */
void *linkage_find(const hash_table *t, const char *unit, const char *name);
/* The slot of (unit, name) exactly; fill an empty one with an item whose
 * first member is that linked_name. */
hash_slot *linkage_slot(hash_table *t, const char *unit, const char *name);

#endif
