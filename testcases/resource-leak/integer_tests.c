/* integer_tests.c - what earlier tests tell of a plain integer, in the
 * shapes of lighttpd's OCSP loader (rspderlen > 0, then rspderlen), redis's
 * replicationFeedSlaves (dictid >= 0 && dictid < N, then its negation),
 * rax's split (trimmedlen = j, then trimmedlen and j == 0) and tmux's
 * client_connect ((lockfd = get_lock()) < 0 false, then lockfd >= 0).  A
 * path that takes both sides of one question is no path. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct buffer {
  char *ptr;
  size_t used;
};

struct buffer *buffer_init(void) {
  return calloc(1, sizeof(struct buffer));
}

void buffer_free(struct buffer *b) {
  if (b)
    free(b->ptr);
  free(b);
}

int encode_response(const char *file, unsigned char **der);

struct buffer *load_stapling(const char *file) {
  struct buffer *b = NULL;
  unsigned char *rspder = NULL;
  int rspderlen = encode_response(file, &rspder);
  if (rspderlen > 0) {
    b = buffer_init();
    if (b == NULL)
      return NULL;
  }
  free(rspder);
  return rspderlen ? b : NULL;
}

/* The same, but the second test asks something the first does not settle. */
struct buffer *load_stapling_short(const char *file) {
  struct buffer *b = NULL;
  unsigned char *rspder = NULL;
  int rspderlen = encode_response(file, &rspder);
  if (rspderlen > 0) {
    b = buffer_init();
    if (b == NULL)
      return NULL;
  }
  free(rspder);
  return rspderlen > 16 ? b : NULL; // expect: resource-leak
}

enum { SHARED_SELECT_CMDS = 10 };
extern char *shared_select[SHARED_SELECT_CMDS];
void feed_replicas(const char *cmd);

void feed_select(int dictid) {
  char *selectcmd;
  if (dictid >= 0 && dictid < SHARED_SELECT_CMDS) {
    selectcmd = shared_select[dictid];
  } else {
    selectcmd = malloc(32);
    if (selectcmd == NULL)
      return;
    snprintf(selectcmd, 32, "SELECT %d", dictid);
  }
  feed_replicas(selectcmd);
  if (dictid < 0 || dictid >= SHARED_SELECT_CMDS)
    free(selectcmd);
}

struct node {
  unsigned size;
  char data[];
};

struct node *split_node(const char *s, int j) {
  size_t trimmedlen = j;
  struct node *trimmed = NULL;
  if (trimmedlen) {
    trimmed = malloc(sizeof(struct node) + trimmedlen);
    if (trimmed == NULL)
      return NULL;
    memcpy(trimmed->data, s, trimmedlen);
    trimmed->size = (unsigned)trimmedlen;
  }
  if (j == 0)
    return NULL;
  return trimmed;
}

int get_lock(const char *path);

int connect_locked(const char *path) {
  int lockfd = -1, locked = 0;
  char *lockfile = NULL;
retry:
  if (access(path, F_OK) == 0)
    return open(path, O_RDWR); // expect: resource-leak "heap memory 'lockfile' from malloc() is not released on this path"
  if (!locked) {
    lockfile = malloc(strlen(path) + 6);
    if (lockfile == NULL)
      return -1;
    sprintf(lockfile, "%s.lock", path);
    if ((lockfd = get_lock(lockfile)) < 0) {
      free(lockfile);
      lockfile = NULL;
      if (lockfd == -2)
        goto retry;
    }
    locked = 1;
    goto retry;
  }
  if (locked && lockfd >= 0) {
    free(lockfile);
    close(lockfd);
  }
  return -1;
}
