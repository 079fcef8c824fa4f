/* sources.c - see sources.h. */
#include "sources.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static void add(source_list *l, const char *path, const char *root) {
  LL_GROW(l->items, l->n, l->cap);
  l->items[l->n++] = (source_file){.path = xstrdup(path), .root = xstrdup(root)};
}

/* Build trees, VCS data and vendored package caches hold no sources of
 * the project's own worth analysing. */
static bool skip_dir(const char *name) {
  static const char *const skipped[] = {"node_modules", "CMakeFiles", "_build", "out", NULL};
  if (name[0] == '.')
    return true;
  if (str_starts_with(name, "build") || str_starts_with(name, "cmake-build"))
    return true;
  for (int i = 0; skipped[i]; i++)
    if (strcmp(name, skipped[i]) == 0)
      return true;
  return false;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *dir, const char *root, source_list *out, ll_report *notes) {
  DIR *d = opendir(dir);
  if (!d) {
    report_add_note(notes, NOTE_ERROR, (ll_location){.path = intern(dir)},
                    "cannot read directory: %s", strerror(errno));
    return;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    LL_GROW(names, n, cap);
    names[n++] = xstrdup(e->d_name);
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, cmp_names);
  for (size_t i = 0; i < n; i++) {
    char *path = strcmp(dir, ".") == 0 ? xstrdup(names[i]) : xasprintf("%s/%s", dir, names[i]);
    struct stat st;
    if (lstat(path, &st) == 0) {
      if (S_ISDIR(st.st_mode)) {
        if (!skip_dir(names[i]))
          walk(path, root, out, notes);
      } else if (S_ISREG(st.st_mode) && str_ends_with(names[i], ".c")) {
        add(out, path, root);
      }
    }
    free(path);
    free(names[i]);
  }
  free(names);
}

static int cmp_sources(const void *a, const void *b) {
  return strcmp(((const source_file *)a)->path, ((const source_file *)b)->path);
}

static void sort_unique(source_list *out);

int sources_collect(const char *const *paths, int npaths, source_list *out, ll_report *notes) {
  int bad = 0;
  for (int i = 0; i < npaths; i++) {
    char *p = xstrdup(paths[i]);
    size_t len = strlen(p);
    while (len > 1 && p[len - 1] == '/')
      p[--len] = '\0';
    struct stat st;
    if (stat(p, &st) != 0) {
      report_add_note(notes, NOTE_ERROR, (ll_location){.path = intern(p)}, "%s", strerror(errno));
      bad++;
    } else if (S_ISDIR(st.st_mode)) {
      walk(p, p, out, notes);
    } else if (access(p, R_OK) != 0) {
      report_add_note(notes, NOTE_ERROR, (ll_location){.path = intern(p)}, "cannot read: %s",
                      strerror(errno));
      bad++;
    } else {
      add(out, p, p);
    }
    free(p);
  }
  sort_unique(out);
  return bad;
}

void sources_collect_named(const char *const *paths, int npaths, source_list *out) {
  for (int i = 0; i < npaths; i++) {
    struct stat st;
    if (str_ends_with(paths[i], ".c") && stat(paths[i], &st) == 0 && S_ISREG(st.st_mode) &&
        access(paths[i], R_OK) == 0)
      add(out, paths[i], paths[i]);
  }
  sort_unique(out);
}

static void sort_unique(source_list *out) {
  if (out->n)
    qsort(out->items, out->n, sizeof *out->items, cmp_sources);
  size_t w = 0;
  for (size_t i = 0; i < out->n; i++) {
    if (w && strcmp(out->items[w - 1].path, out->items[i].path) == 0) {
      free(out->items[i].path);
      free(out->items[i].root);
      continue;
    }
    out->items[w++] = out->items[i];
  }
  out->n = w;
}

void sources_free(source_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->items[i].path);
    free(l->items[i].root);
  }
  free(l->items);
  memset(l, 0, sizeof *l);
}
