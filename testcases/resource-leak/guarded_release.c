/* guarded_release.c - a release under the code's own flag of the handle.
 * redis's lookupKeyByPattern() sets fieldlen beside making fieldobj (and
 * fieldlen = 0 where it makes none), then frees the object under
 * `if (fieldlen)`.  The walk cannot tell that the length is never 0 there,
 * but a flag set only beside the acquisition, and 0 elsewhere, is the
 * code's statement of when it owns the handle: the path that skips that
 * release is not reported.  A path that leaves before the test is judged
 * as always, and so is a release under a count kept apart from the handle
 * (counted_buffers.c, child_stdio.c). */
#include <stdlib.h>
#include <string.h>

typedef struct robj {
  int refcount;
  char *ptr;
} robj;

static robj *create_string(const char *s, size_t len) {
  robj *o = malloc(sizeof(*o) + len + 1);
  if (o == NULL)
    abort();
  o->refcount = 1;
  o->ptr = (char *)(o + 1);
  memcpy(o->ptr, s, len);
  o->ptr[len] = '\0';
  return o;
}

static void decr_ref(robj *o) {
  if (--o->refcount == 0)
    free(o);
}

robj *lookup_key(const char *key);
robj *hash_get(robj *o, const char *field);

robj *lookup_by_pattern(const char *pattern) {
  robj *fieldobj = NULL, *o;
  size_t fieldlen;
  const char *f = strstr(pattern, "->");

  if (f != NULL && f[2] != '\0') {
    fieldlen = strlen(f + 2);
    fieldobj = create_string(f + 2, fieldlen);
  } else {
    fieldlen = 0;
  }

  o = lookup_key(pattern);
  if (o == NULL)
    goto noobj;
  if (fieldobj) {
    o = hash_get(o, fieldobj->ptr);
    if (o == NULL)
      goto noobj;
  }
  if (fieldobj)
    decr_ref(fieldobj);
  return o;

noobj:
  if (fieldlen)
    decr_ref(fieldobj);
  return NULL;
}

/* Leaves before the guard: nothing of the code's own rule is on that path. */
robj *lookup_limited(const char *pattern) {
  robj *fieldobj = NULL, *o;
  size_t fieldlen = 0;
  const char *f = strstr(pattern, "->");

  if (f != NULL && f[2] != '\0') {
    fieldlen = strlen(f + 2);
    fieldobj = create_string(f + 2, fieldlen);
  }
  if (strlen(pattern) > 512)
    return NULL; // expect: resource-leak "heap memory 'fieldobj' from create_string() is not released on this path"
  o = lookup_key(pattern);
  if (fieldlen)
    decr_ref(fieldobj);
  return o;
}
