/* guarded_release.c - a release under the code's own flag of the handle.
 * redis's lookupKeyByPattern() sets fieldlen beside making fieldobj (and
 * fieldlen = 0 where it makes none), then frees the object under
 * `if (fieldlen)`.  The walk cannot tell that the length is never 0 there,
 * but a flag set only beside the acquisition, and 0 elsewhere, is the
 * code's statement of when it owns the handle: the path that skips that
 * release is not reported; so is one under any test of the code's where a
 * failed call gave the handle back (event_loop_add below).  A path that
 * leaves before the test is judged as always, and so is a release under a
 * count kept apart from the handle (counted_buffers.c, child_stdio.c). */
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

/* redis's RM_EventLoopAdd(): the callback data is fresh when the event
 * table has none for fd; create_file_event() keeps it only when it
 * succeeds, and where it fails the code frees it only when no other
 * registration is on fd.  A handle a failed call gave back, released
 * under the code's own test there: the code says whether it is still its
 * own. */
struct event_loop;
typedef void file_proc(struct event_loop *el, int fd, void *data, int mask);
struct file_event {
  int mask;
  file_proc *proc;
  void *data;
};
struct event_loop {
  int setsize;
  struct file_event *events;
};
int add_event(struct event_loop *el, int fd, int mask);
void on_readable(struct event_loop *el, int fd, void *data, int mask);

static int create_file_event(struct event_loop *el, int fd, int mask, file_proc *proc,
                             void *data) {
  if (fd >= el->setsize)
    return -1;
  if (add_event(el, fd, mask) == -1)
    return -1;
  el->events[fd].mask |= mask;
  el->events[fd].proc = proc;
  el->events[fd].data = data;
  return 0;
}

static void *get_file_data(struct event_loop *el, int fd) {
  return fd < el->setsize && el->events[fd].mask ? el->events[fd].data : NULL;
}

static int get_file_events(struct event_loop *el, int fd) {
  return fd < el->setsize ? el->events[fd].mask : 0;
}

struct loop_data {
  void *user_data;
};

int event_loop_add(struct event_loop *el, int fd, void *user_data) {
  struct loop_data *data = get_file_data(el, fd);
  if (!data)
    data = calloc(1, sizeof(*data));
  if (!data)
    return -1;
  if (create_file_event(el, fd, 1, on_readable, data) != 0) {
    if (get_file_events(el, fd) == 0)
      free(data);
    return -1;
  }
  data->user_data = user_data;
  return 0;
}

/* Given back and simply dropped: nothing of the code's says why. */
int event_loop_add_leaky(struct event_loop *el, int fd, void *user_data) {
  struct loop_data *data = calloc(1, sizeof(*data));
  if (!data)
    return -1;
  if (create_file_event(el, fd, 1, on_readable, data) != 0)
    return -1; // expect: resource-leak "heap memory 'data' from calloc() is not released on this path"
  data->user_data = user_data;
  return 0;
}
