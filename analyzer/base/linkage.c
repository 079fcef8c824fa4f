/* linkage.c - see linkage.h. */
#include "linkage.h"

static bool same_name(const void *item, const void *key) {
  const linked_name *a = item, *b = key;
  return a->unit == b->unit && a->name == b->name;
}

hash_slot *linkage_slot(hash_table *t, const char *unit, const char *name) {
  linked_name key = {unit, name};
  return hash_slot_for(t, hash_pointers(unit, name), same_name, &key);
}

void *linkage_find(const hash_table *t, const char *unit, const char *name) {
  linked_name own = {unit, name}, external = {NULL, name};
  void *item = unit ? hash_find(t, hash_pointers(unit, name), same_name, &own) : NULL;
  return item ? item : hash_find(t, hash_pointers(NULL, name), same_name, &external);
}
