/* caller_contexts.c - helpers judged by what their callers pass, in the
 * shapes of redis's sinterGenericCommand (dstkey and cardinality_only never
 * both set by any caller) and rdbRemoveTempFile (a flag only the signal
 * handler passes).  A path no caller can take is no path; the same helper
 * called with both set by one caller still leaks.
 *
 * A return that every caller answers by ending the process is still a
 * path: memcached's start_slab_maintenance_thread and daemonize, tmux's
 * client_connect (memcached and tmux fixed such leaks, bench/realworld's
 * leak-fix replay).  A helper reached through a table of functions has
 * callers no call site shows, and is judged alone. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct mover {
  int (*init)(void);
  char *name;
};

static int mover_init(void) {
  return getenv("MOVER_FAIL") ? -1 : 0;
}

/* Only main calls it, and main exits when it returns NULL: still a leak. */
static struct mover *start_mover(void) {
  struct mover *t = calloc(1, sizeof(*t));
  if (t == NULL)
    return NULL;
  t->init = mover_init;
  if (t->init() != 0)
    return NULL; // expect: resource-leak "heap memory 't' from calloc() is not released on this path"
  return t;
}

/* The same helper, but one caller logs the failure and goes on. */
static struct mover *start_logger(void) {
  struct mover *t = calloc(1, sizeof(*t));
  if (t == NULL)
    return NULL;
  t->init = mover_init;
  if (t->init() != 0)
    return NULL; // expect: resource-leak "heap memory 't' from calloc() is not released on this path"
  return t;
}

/* The same helper again, but also reached through a table: callers the
 * call sites do not show may go on after it fails. */
static struct mover *start_spare(void) {
  struct mover *t = calloc(1, sizeof(*t));
  if (t == NULL)
    return NULL;
  t->init = mover_init;
  if (t->init() != 0)
    return NULL; // expect: resource-leak "heap memory 't' from calloc() is not released on this path"
  return t;
}

struct mover *(*const starters[])(void) = {start_spare};

static int connect_server(const char *path) {
  char *lockfile = malloc(strlen(path) + 6);
  if (lockfile == NULL)
    return -1;
  sprintf(lockfile, "%s.lock", path);
  int fd = open(path, O_RDWR);
  if (fd == -1)
    return -1; // expect: resource-leak "heap memory 'lockfile' from malloc() is not released on this path"
  free(lockfile);
  return fd;
}

static int client_main(const char *path) {
  int fd = connect_server(path);
  if (fd == -1) {
    fprintf(stderr, "no server running on %s\n", path);
    return 1;
  }
  close(fd);
  return 0;
}

/* from_signal is 1 only from the signal path, which exits right after. */
static void remove_temp_file(const char *name, int from_signal) {
  if (from_signal) {
    int fd = open(name, O_RDONLY);
    if (fd == -1)
      return;
    unlink(name);
    return; // expect: resource-leak "file descriptor 'fd' from open() is not released on this path"
  }
  unlink(name);
}

struct set {
  char **items;
  int n;
};

static struct set *set_new(void) {
  return calloc(1, sizeof(struct set));
}

static void set_free(struct set *s) {
  free(s);
}

/* dstkey and cardinality_only are never set together by a caller. */
static void intersect(const char *dstkey, int cardinality_only) {
  struct set *dstset = NULL;
  if (dstkey)
    dstset = set_new();
  if (cardinality_only) {
    printf("%d\n", 0);
  } else if (dstkey) {
    printf("stored in %s\n", dstkey);
    set_free(dstset);
  }
}

/* The same shape, but one caller passes both. */
static void union_sets(const char *dstkey, int cardinality_only) {
  struct set *dstset = NULL;
  if (dstkey)
    dstset = set_new();
  if (cardinality_only) {
    printf("%d\n", 0);
  } else if (dstkey) {
    printf("stored in %s\n", dstkey);
    set_free(dstset);
  }
} // expect: resource-leak "heap memory 'dstset' from set_new() is not released on this path"

static void on_signal(const char *name) {
  remove_temp_file(name, 1);
  exit(1);
}

int main(int argc, char **argv) {
  struct mover *m = start_mover();
  if (m == NULL) {
    fprintf(stderr, "failed to start the mover\n");
    exit(EXIT_FAILURE);
  }
  struct mover *s = start_spare();
  if (s == NULL)
    exit(EXIT_FAILURE);
  free(s);
  struct mover *l = start_logger();
  if (l == NULL)
    fprintf(stderr, "no logger, going on\n");
  free(l);
  free(m);
  intersect(NULL, 0);
  intersect(argv[0], 0);
  intersect(NULL, 1);
  union_sets(NULL, 0);
  union_sets(argv[0], 1);
  remove_temp_file("x.tmp", 0);
  if (argc > 2)
    on_signal("x.tmp");
  if (argc > 1)
    exit(client_main(argv[1]));
  return 0;
}
