/* A configuration loader: files, buffers and sockets on error paths. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct config {
  char *name;
  char *body;
  size_t len;
};

/* Faulty: the stream leaks when the buffer cannot be allocated. */
char *slurp_header(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return NULL;
  char *buf = malloc(4096);
  if (!buf)
    return NULL; // expect: resource-leak
  size_t n = fread(buf, 1, 4095, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

/* Correct: every path closes what it opened. */
char *slurp_header_fixed(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return NULL;
  char *buf = malloc(4096);
  if (!buf) {
    fclose(f);
    return NULL;
  }
  size_t n = fread(buf, 1, 4095, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

/* Faulty: goto cleanup done wrong - the label frees the buffer, not the fd. */
int count_lines(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  char *buf = malloc(512);
  int lines = 0;
  if (!buf)
    goto out;
  ssize_t got;
  while ((got = read(fd, buf, 512)) > 0)
    for (ssize_t i = 0; i < got; i++)
      lines += buf[i] == '\n';
out:
  free(buf);
  return lines; // expect: resource-leak
}

/* Correct: the cleanup label releases both. */
int count_lines_fixed(const char *path) {
  int rc = -1;
  char *buf = NULL;
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  buf = malloc(512);
  if (!buf)
    goto out;
  rc = 0;
  ssize_t got;
  while ((got = read(fd, buf, 512)) > 0)
    for (ssize_t i = 0; i < got; i++)
      rc += buf[i] == '\n';
out:
  free(buf);
  close(fd);
  return rc;
}

/* Correct: ownership moves into the struct the caller gets. */
struct config *config_new(const char *name, const char *body) {
  struct config *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->name = strdup(name);
  c->body = strdup(body);
  if (!c->name || !c->body) {
    free(c->name);
    free(c->body);
    free(c);
    return NULL;
  }
  c->len = strlen(body);
  return c;
}

void config_free(struct config *c) {
  if (!c)
    return;
  free(c->name);
  free(c->body);
  free(c);
}

/* Correct: the helper in this file releases it (callee summary). */
int config_validate(const char *name) {
  struct config *c = config_new(name, "");
  if (!c)
    return -1;
  int ok = c->len == 0;
  config_free(c);
  return ok;
}

/* Faulty: a config made by the helper is dropped on the early return. */
int config_check_name(const char *name) {
  struct config *c = config_new(name, "x");
  if (!c)
    return -1;
  if (strchr(name, '/'))
    return 0; // expect: resource-leak
  config_free(c);
  return 1;
}

/* Faulty: the directory stream leaks when an entry matches. */
int has_backup(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (strstr(e->d_name, ".bak"))
      return 1; // expect: resource-leak
  closedir(d);
  return 0;
}

/* Correct: closed before the early return too. */
int has_backup_fixed(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  struct dirent *e;
  int found = 0;
  while ((e = readdir(d)) != NULL)
    if (strstr(e->d_name, ".bak")) {
      found = 1;
      break;
    }
  closedir(d);
  return found;
}

/* Faulty: the socket leaks when connect fails. */
int dial(const struct sockaddr *addr, socklen_t len) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    return -1;
  if (connect(s, addr, len) < 0)
    return -1; // expect: resource-leak
  return s;
}

/* Correct: closed on failure, handed to the caller on success. */
int dial_fixed(const struct sockaddr *addr, socklen_t len) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    return -1;
  if (connect(s, addr, len) < 0) {
    close(s);
    return -1;
  }
  return s;
}

/* Correct: exit() ends the process; nothing left to leak. */
void die_with_message(const char *path) {
  char *msg = malloc(64);
  if (!msg)
    exit(1);
  snprintf(msg, 64, "cannot open %s", path);
  fputs(msg, stderr);
  exit(2);
}

/* A descriptor helper in this file: its summary says it releases arg 0. */
static void fd_release(int fd) {
  if (fd >= 0)
    close(fd);
}

static int sock_release(int s) {
  return close(s);
}

/* Correct: released through the helpers on every path. */
int probe_port(const struct sockaddr *addr, socklen_t len) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    return -1;
  if (connect(s, addr, len) < 0) {
    sock_release(s);
    return 0;
  }
  sock_release(s);
  return 1;
}

/* Faulty: the helper is skipped on the early return. */
int read_magic(const char *path, unsigned *magic) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  if (read(fd, magic, sizeof *magic) != (ssize_t)sizeof *magic)
    return -1; // expect: resource-leak
  fd_release(fd);
  return 0;
}
