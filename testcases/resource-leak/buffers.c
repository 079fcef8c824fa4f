/* Growing buffers: realloc, overwritten handles, cleanup attributes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct strbuf {
  char *data;
  size_t len, cap;
};

static void free_charp(char **p) { free(*p); }

/* Faulty: if realloc fails the old block is lost. */
char *join_all(const char **parts, int n) {
  size_t cap = 16, len = 0;
  char *out = malloc(cap);
  if (!out)
    return NULL;
  out[0] = '\0';
  for (int i = 0; i < n; i++) {
    size_t need = len + strlen(parts[i]) + 1;
    if (need > cap) {
      cap = need * 2;
      out = realloc(out, cap); // expect: resource-leak
      if (!out)
        return NULL;
    }
    strcpy(out + len, parts[i]);
    len += strlen(parts[i]);
  }
  return out;
}

/* Correct: the old pointer is kept until realloc's result is checked. */
int strbuf_grow(struct strbuf *sb, size_t extra) {
  size_t need = sb->len + extra + 1;
  if (need <= sb->cap)
    return 0;
  char *bigger = realloc(sb->data, need);
  if (!bigger)
    return -1;
  sb->data = bigger;
  sb->cap = need;
  return 0;
}

/* Faulty: the first copy is overwritten by the second. */
char *pick_name(const char *a, const char *b) {
  char *name = strdup(a);
  if (strlen(b) > strlen(a))
    name = strdup(b); // expect: resource-leak
  return name;
}

/* Correct: the first copy is freed before it is replaced. */
char *pick_name_fixed(const char *a, const char *b) {
  char *name = strdup(a);
  if (name && strlen(b) > strlen(a)) {
    free(name);
    name = strdup(b);
  }
  return name;
}

/* Correct: a cleanup attribute frees the buffer when it leaves scope. */
size_t count_words(const char *text) {
  __attribute__((cleanup(free_charp))) char *copy = strdup(text);
  if (!copy)
    return 0;
  size_t n = 0;
  for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " "))
    n++;
  return n;
}

/* Faulty: the result of strdup is never stored. */
void log_line(const char *line) {
  strdup(line); // expect: resource-leak
}

/* Correct: ownership passes to the caller's struct. */
int strbuf_init(struct strbuf *sb, size_t cap) {
  sb->data = malloc(cap);
  if (!sb->data)
    return -1;
  sb->data[0] = '\0';
  sb->len = 0;
  sb->cap = cap;
  return 0;
}

/* Correct: correlated conditions - freed exactly when it was allocated. */
void maybe_scratch(int want, size_t n) {
  char *scratch = NULL;
  if (want)
    scratch = malloc(n);
  if (scratch)
    memset(scratch, 0, n);
  if (want)
    free(scratch);
}

/* Faulty: the early return skips the free. */
int checksum(const unsigned char *data, size_t n) {
  unsigned char *copy = malloc(n);
  if (!copy)
    return -1;
  memcpy(copy, data, n);
  int sum = 0;
  for (size_t i = 0; i < n; i++) {
    if (copy[i] == 0xff)
      return -2; // expect: resource-leak
    sum += copy[i];
  }
  free(copy);
  return sum;
}

/* A fatal-error helper: the compiler knows it does not return. */
static _Noreturn void fatal(const char *what) {
  fputs(what, stderr);
  exit(1);
}

__attribute__((noreturn)) void panic_at(const char *file, int line);

/* Correct: the failing paths end the process. */
char *must_copy(const char *s, size_t n) {
  char *a = malloc(n);
  if (!a)
    fatal("out of memory");
  char *b = malloc(n);
  if (!b)
    panic_at(__FILE__, __LINE__);
  memcpy(a, s, n);
  memcpy(b, a, n);
  if (memcmp(a, b, n) != 0)
    abort();
  free(a);
  return b;
}

struct span {
  char *text;
  size_t len;
};

/* Correct: the struct, and the copy in it, go back to the caller. */
struct span span_dup(const char *s) {
  struct span sp;
  sp.text = strdup(s);
  sp.len = sp.text ? strlen(sp.text) : 0;
  return sp;
}

/* Faulty: the copy in the local struct dies with it. */
size_t span_measure(const char *s) {
  struct span sp;
  sp.text = strdup(s);
  if (!sp.text)
    return 0;
  sp.len = strlen(sp.text);
  return sp.len; // expect: resource-leak
}

/* Frees through a pointer to the handle, and clears it. */
static void buf_release(char **bufp) {
  free(*bufp);
  *bufp = NULL;
}

/* Correct: released through the helper on every path. */
int render_title(const char *title, char *out, size_t n) {
  char *tmp = strdup(title);
  if (!tmp)
    return -1;
  if (strlen(tmp) >= n) {
    buf_release(&tmp);
    return -1;
  }
  strcpy(out, tmp);
  buf_release(&tmp);
  return 0;
}

/* Faulty: the early return skips the helper. */
int render_subtitle(const char *title, char *out, size_t n) {
  char *tmp = strdup(title);
  if (!tmp)
    return -1;
  if (strlen(tmp) >= n)
    return -1; // expect: resource-leak
  strcpy(out, tmp);
  buf_release(&tmp);
  return 0;
}

/* Faulty: the message names the allocator and the realloc that failed. */
char *grow_once(size_t n) {
  char *b = malloc(16);
  if (!b)
    return NULL;
  b = realloc(b, n); // expect: resource-leak "heap memory 'b' from malloc() leaks when realloc() fails: the only pointer to it was overwritten"
  return b;
}
