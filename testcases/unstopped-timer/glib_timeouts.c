/* glib_timeouts.c - a status-bar widget model on the GLib main loop: a
 * clock refreshed every second, an autosave timer, a blink animation and
 * toasts that hide themselves.  Sources that repeat must be removed by
 * someone who kept their id or GSource.
 *
 *   leaklint --verify --extra-arg=-I/usr/include/glib-2.0 \
 *     --extra-arg=-I/usr/lib/x86_64-linux-gnu/glib-2.0/include \
 *     testcases/unstopped-timer/glib_timeouts.c
 */
#include <glib.h>

typedef struct {
  gchar *text;
  guint clock_id;
  GSource *blink;
  gboolean visible;
  gint64 last_save;
  GPtrArray *peers;
} StatusBar;

typedef struct {
  StatusBar *bar;
  gchar *message;
} Toast;

static guint autosave_id;

extern gboolean status_bar_save(StatusBar *bar, GError **error);
extern void status_bar_redraw(StatusBar *bar);
extern gboolean peer_ping(gpointer peer);

/* ---- callbacks ---- */

static gboolean on_clock_tick(gpointer data) {
  status_bar_redraw(data);
  return G_SOURCE_CONTINUE;
}

static gboolean on_blink(gpointer data) {
  StatusBar *bar = data;
  bar->visible = !bar->visible;
  status_bar_redraw(bar);
  return G_SOURCE_CONTINUE;
}

static gboolean on_autosave(gpointer data) {
  StatusBar *bar = data;
  if (!status_bar_save(bar, NULL))
    autosave_id = 0;
  return autosave_id != 0;
}

static gboolean on_toast_expired(gpointer data) {
  Toast *t = data;
  g_free(t->bar->text);
  t->bar->text = NULL;
  status_bar_redraw(t->bar);
  g_free(t->message);
  g_free(t);
  return G_SOURCE_REMOVE;
}

static gboolean on_poll_peers(gpointer data) {
  StatusBar *bar = data;
  for (guint i = 0; i < bar->peers->len; i++)
    peer_ping(g_ptr_array_index(bar->peers, i));
  return TRUE;
}

/* ---- correct: the clock id lives in the bar; status_bar_free removes it */

void status_bar_start_clock(StatusBar *bar) {
  bar->clock_id = g_timeout_add_seconds(1, on_clock_tick, bar);
}

void status_bar_free(StatusBar *bar) {
  if (bar->clock_id)
    g_source_remove(bar->clock_id);
  if (bar->blink) {
    g_source_destroy(bar->blink);
    g_source_unref(bar->blink);
  }
  g_free(bar->text);
  g_free(bar);
}

/* ---- correct: the autosave id is a global, removed by autosave_disable */

void autosave_enable(StatusBar *bar, guint minutes) {
  if (autosave_id)
    return;
  autosave_id = g_timeout_add_seconds(minutes * 60, on_autosave, bar);
}

void autosave_disable(void) {
  if (autosave_id) {
    g_source_remove(autosave_id);
    autosave_id = 0;
  }
}

/* ---- correct: a one-shot toast; its callback returns G_SOURCE_REMOVE */

void status_bar_toast(StatusBar *bar, const gchar *message, guint ms) {
  Toast *t = g_new0(Toast, 1);
  t->bar = bar;
  t->message = g_strdup(message);
  g_free(bar->text);
  bar->text = g_strdup(message);
  g_timeout_add(ms, on_toast_expired, t);
}

/* ---- correct: the _once variant never repeats */

static void on_hint_done(gpointer data) {
  status_bar_redraw(data);
}

void status_bar_hint(StatusBar *bar) {
  g_timeout_add_once(1500, on_hint_done, bar);
}

/* ---- correct: the blink GSource stored in the bar, destroyed in free */

gboolean status_bar_start_blink(StatusBar *bar, guint ms) {
  GSource *src = g_timeout_source_new(ms);
  g_source_set_callback(src, on_blink, bar, NULL);
  if (g_source_attach(src, NULL) == 0) {
    g_source_unref(src);
    return FALSE;
  }
  bar->blink = src;
  return TRUE;
}

/* ---- correct: a local repeating id removed on every path ---- */

gboolean status_bar_save_with_progress(StatusBar *bar, GError **error) {
  guint spinner = g_timeout_add(100, on_blink, bar);
  gboolean ok = status_bar_save(bar, error);
  g_source_remove(spinner);
  if (!ok)
    return FALSE;
  bar->last_save = g_get_monotonic_time();
  return TRUE;
}

/* ---- correct: a local GSource destroyed and unreffed on every path ---- */

gboolean status_bar_flash(StatusBar *bar, GMainContext *ctx, GError **error) {
  GSource *src = g_timeout_source_new(250);
  g_source_set_callback(src, on_blink, bar, NULL);
  g_source_attach(src, ctx);
  gboolean ok = status_bar_save(bar, error);
  g_source_destroy(src);
  g_source_unref(src);
  return ok;
}

/* ---- faulty: the save failure returns with the spinner still repeating */

gboolean status_bar_save_verbose(StatusBar *bar, GError **error) {
  guint spinner = g_timeout_add(100, on_blink, bar);
  if (!status_bar_save(bar, error))
    return FALSE; // expect: unstopped-timer
  g_source_remove(spinner);
  bar->last_save = g_get_monotonic_time();
  return TRUE;
}

/* ---- faulty: a repeating callback whose id nobody keeps ---- */

void status_bar_poll_peers(StatusBar *bar) {
  g_timeout_add_seconds(5, on_poll_peers, bar); // expect: unstopped-timer
}

/* ---- faulty: a fresh repeating source per peer; only the last id is
 * removed ---- */

void status_bar_ping_all(StatusBar *bar) {
  guint id = 0;
  for (guint i = 0; i < bar->peers->len; i++)
    id = g_timeout_add_seconds(5, peer_ping, g_ptr_array_index(bar->peers, i)); // expect: unstopped-timer
  if (!status_bar_save(bar, NULL) && id)
    g_source_remove(id);
}

/* ---- faulty: the caller's reference is dropped, but the attached source
 * keeps firing on the error path ---- */

gboolean status_bar_flash_checked(StatusBar *bar, GError **error) {
  GSource *src = g_timeout_source_new(250);
  g_source_set_callback(src, on_blink, bar, NULL);
  g_source_attach(src, NULL);
  if (!status_bar_save(bar, error)) {
    g_source_unref(src);
    return FALSE; // expect: unstopped-timer
  }
  g_source_destroy(src);
  g_source_unref(src);
  return TRUE;
}
