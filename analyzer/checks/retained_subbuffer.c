/* retained_subbuffer.c - a window into a heap block (buf + k, what strchr()
 * found in it) outlives the pointer to the block's start: the C form of
 * Go's s0 = s1[:50], and worse, since nothing can free the block by its
 * window.  The window module (engine/window_module.c) keeps the block's
 * ownership once a window leaves; a block lost then is stranded, one
 * released then leaves the window dangling.  resource-leak stays silent on
 * both: they are not EV_LEAK.  A big block kept whole, its start beside a
 * small window only so that the window stays valid, is the Go shape itself
 * (EV_OVERSIZED_WINDOW). */
#include "check.h"

/* How the window came to be: "a pointer past what strchr() found in it". */
static void derivation(const engine_event *ev, char *buf, size_t len) {
  const char *from = ev->window_from;
  if (from && ev->window_may_be_start)
    snprintf(buf, len, "what %s() %s, which may point into its middle", from,
             ev->window_by_helper ? "returned into it" : "found in it");
  else if (from && ev->window_by_helper)
    snprintf(buf, len, "a pointer into its middle from %s()", from);
  else if (from)
    snprintf(buf, len, "a pointer past what %s() found in it", from);
  else
    snprintf(buf, len, "a pointer into its middle");
}

/* "'colon + 1' (a pointer past what strchr() found in it)", or the
 * derivation alone for a call's result that was never named. */
static void window_phrase(const engine_event *ev, char *buf, size_t len) {
  char how[160];
  derivation(ev, how, sizeof how);
  if (ev->window)
    snprintf(buf, len, "'%s' (%s)", ev->window, how);
  else
    snprintf(buf, len, "%s", how);
}

/* "is returned at line 10" into buf. */
static void exit_phrase(const engine_event *ev, char *buf, size_t len) {
  unsigned line = ev->window_at.line;
  switch (ev->window_exit) {
  case WINDOW_RETURNED:
    snprintf(buf, len, "is returned at line %u", line);
    break;
  case WINDOW_STORED:
    snprintf(buf, len, "is stored in '%s' at line %u", ev->window_dest ? ev->window_dest : "?",
             line);
    break;
  case WINDOW_KEPT:
    snprintf(buf, len, "is kept by %s() at line %u", ev->window_dest ? ev->window_dest : "?", line);
    break;
  }
}

/* "beside it in 'h->line'", or "returned". */
static void base_phrase(const engine_event *ev, char *buf, size_t len) {
  if (ev->window_base)
    snprintf(buf, len, "beside it in '%s'", ev->window_base);
  else
    snprintf(buf, len, "returned");
}

void check_retained_subbuffer(const engine_event *ev, check_ctx *ctx) {
  if ((ev->kind != EV_STRANDED && ev->kind != EV_DANGLING_WINDOW &&
       ev->kind != EV_OVERSIZED_WINDOW) ||
      !check_family_uses(ev, RULE_RETAINED_SUBBUFFER))
    return;
  char window[200], exit[160], base[160];
  window_phrase(ev, window, sizeof window);
  exit_phrase(ev, exit, sizeof exit);
  if (ev->kind == EV_OVERSIZED_WINDOW) {
    base_phrase(ev, base, sizeof base);
    check_report(ctx, ev, RULE_RETAINED_SUBBUFFER,
                 "copy the needed part out (strndup/memcpy) and free the block",
                 "%s '%s' from %s() (%lld bytes) is kept whole for %s, at most %lld bytes (%s): "
                 "the window is stored in '%s' here and the block's start %s",
                 check_what(ev), check_handle(ev), ev->via, ev->block_bytes, window,
                 ev->window_bytes, ev->window_len_by ? ev->window_len_by : "?",
                 ev->window_dest ? ev->window_dest : "?", base);
    return;
  }
  if (ev->kind == EV_DANGLING_WINDOW) {
    check_report(ctx, ev, RULE_RETAINED_SUBBUFFER,
                 "copy the needed part out (strndup/memcpy) before releasing the block, or "
                 "release it only once the window is no longer used",
                 "%s '%s' from %s() is released here while %s, %s, still points into it",
                 check_what(ev), check_handle(ev), ev->via, window, exit + 3);
    return;
  }
  const char *lost = ev->next_iteration ? "lost when the loop comes round again"
                     : ev->by_overwrite ? "overwritten here"
                                        : "lost here";
  check_report(ctx, ev, RULE_RETAINED_SUBBUFFER,
               "copy the needed part out (strndup/memcpy) and free the block, or keep the base "
               "pointer with the window",
               "%s '%s' from %s() can never be freed: %s %s, and the pointer to its start is %s",
               check_what(ev), check_handle(ev), ev->via, window, exit, lost);
}
