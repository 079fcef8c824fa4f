/* loop_shape.h - the shape shared by loop-deferred-release and the
 * fresh-timer-per-iteration case of unstopped-timer: acquired inside a
 * loop, released only after it (or by a cleanup attribute on a variable
 * declared outside it), so every iteration but the last leaks. */
#ifndef LEAKLINT_LOOP_SHAPE_H
#define LEAKLINT_LOOP_SHAPE_H

#include <stdbool.h>
#include <stdio.h>

#include "engine.h"

static inline bool loop_shape_deferred(const engine_event *ev) {
  return ev->kind == EV_LEAK && ev->next_iteration &&
         (ev->release_after_loop.path || ev->cleanup_var);
}

/* "released only after the loop, at line 42" / "by the cleanup attribute
 * of 'f'" into buf. */
static inline void loop_shape_where(const engine_event *ev, char *buf, size_t len) {
  if (ev->release_after_loop.path)
    snprintf(buf, len, "released only after the loop, at line %u", ev->release_after_loop.line);
  else
    snprintf(buf, len, "released only by the cleanup attribute of '%s', declared outside the loop",
             ev->cleanup_var);
}

#endif
