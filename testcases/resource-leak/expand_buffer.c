/* expand_buffer.c - a string expander in tmux's shape: format_replace() is
 * too big to walk path by path (here: many independent options, each
 * tested twice), and grows the caller's buffer through a char ** with
 * `*buf = xreallocarray(*buf, ..)`.  Read without its paths, it only uses
 * and moves that buffer, so the expander that owns it still returns a
 * fresh block, and a caller that drops the result leaks it. */
#include <stdlib.h>
#include <string.h>

void fatal(const char *msg) __attribute__((noreturn));

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (p == NULL)
    fatal("out of memory");
  return p;
}

static void *xreallocarray(void *ptr, size_t nmemb, size_t size) {
  void *p = reallocarray(ptr, nmemb, size);
  if (p == NULL)
    fatal("out of memory");
  return p;
}

struct expand_state {
  unsigned flags;
  int width;
};

const char *lookup(struct expand_state *es, const char *key, size_t keylen);

/* Too many paths: each option is tested twice. */
static int replace(struct expand_state *es, const char *key, size_t keylen, char **buf,
                   size_t *len, size_t *off) {
  int a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0, i = 0, j = 0;
  int k = 0, l = 0, m = 0, n = 0, o = 0, p = 0, q = 0, r = 0, s = 0, t = 0;
  if (es->flags & 0x1) a = 1;
  if (es->flags & 0x2) b = 1;
  if (es->flags & 0x4) c = 1;
  if (es->flags & 0x8) d = 1;
  if (es->flags & 0x10) e = 1;
  if (es->flags & 0x20) f = 1;
  if (es->flags & 0x40) g = 1;
  if (es->flags & 0x80) h = 1;
  if (es->flags & 0x100) i = 1;
  if (es->flags & 0x200) j = 1;
  if (es->flags & 0x400) k = 1;
  if (es->flags & 0x800) l = 1;
  if (es->flags & 0x1000) m = 1;
  if (es->flags & 0x2000) n = 1;
  if (es->flags & 0x4000) o = 1;
  if (es->flags & 0x8000) p = 1;
  if (es->flags & 0x10000) q = 1;
  if (es->flags & 0x20000) r = 1;
  if (es->flags & 0x40000) s = 1;
  if (es->flags & 0x80000) t = 1;
  int width = es->width;
  if (a) width++;
  if (b) width++;
  if (c) width++;
  if (d) width++;
  if (e) width++;
  if (f) width++;
  if (g) width++;
  if (h) width++;
  if (i) width++;
  if (j) width++;
  if (k) width++;
  if (l) width++;
  if (m) width++;
  if (n) width++;
  if (o) width++;
  if (p) width++;
  if (q) width++;
  if (r) width++;
  if (s) width++;
  if (t) width++;
  const char *value = lookup(es, key, keylen);
  if (value == NULL)
    return -1;
  size_t valuelen = strlen(value) + (size_t)width;
  while (*len - *off < valuelen + 1) {
    *buf = xreallocarray(*buf, 2, *len);
    *len *= 2;
  }
  memcpy(*buf + *off, value, strlen(value));
  *off += strlen(value);
  return 0;
}

static char *expand(struct expand_state *es, const char *fmt) {
  size_t len = 64, off = 0;
  char *buf = xmalloc(len);
  while (*fmt != '\0') {
    if (*fmt == '#' && fmt[1] != '\0') {
      if (replace(es, fmt + 1, 1, &buf, &len, &off) != 0)
        break;
      fmt += 2;
      continue;
    }
    if (off + 2 > len) {
      buf = xreallocarray(buf, 2, len);
      len *= 2;
    }
    buf[off++] = *fmt++;
  }
  buf[off] = '\0';
  return buf;
}

void add_item(struct expand_state *es, const char *name, char **out) {
  char *s = expand(es, name);
  if (*s == '\0')
    return; // expect: resource-leak
  *out = s;
}

void add_item_fixed(struct expand_state *es, const char *name, char **out) {
  char *s = expand(es, name);
  if (*s == '\0') {
    free(s);
    return;
  }
  *out = s;
}
