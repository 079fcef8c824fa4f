/* A batch importer: per-item resources in loops, the C form of Go's
 * `defer f.Close()` inside a `for`. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct item {
  struct item *next;
  char *path;
  char *data;
};

static void close_filep(FILE **f) {
  if (*f)
    fclose(*f);
}

/* Reads one record; only uses the stream. */
static int parse_record(FILE *f, struct item *it) {
  char line[256];
  if (!fgets(line, sizeof line, f))
    return -1;
  it->data = NULL;
  return line[0] == '#' ? -1 : 0;
}

/* Defined elsewhere: takes ownership of the item. */
void list_push(struct item **head, struct item *it);

/* Faulty: every file but the last stays open until the function ends. */
int import_all(const char **paths, int n) {
  FILE *f = NULL;
  int imported = 0;
  for (int i = 0; i < n; i++) {
    f = fopen(paths[i], "r"); // expect: loop-deferred-release
    if (!f)
      continue;
    struct item it = {0};
    if (parse_record(f, &it) == 0)
      imported++;
  }
  if (f)
    fclose(f);
  return imported;
}

/* Correct: closed at the end of each iteration. */
int import_all_fixed(const char **paths, int n) {
  int imported = 0;
  for (int i = 0; i < n; i++) {
    FILE *f = fopen(paths[i], "r");
    if (!f)
      continue;
    struct item it = {0};
    if (parse_record(f, &it) == 0)
      imported++;
    fclose(f);
  }
  return imported;
}

/* Faulty: buffers are freed only at the cleanup label after the loop. */
int checksum_files(const char **paths, int n, unsigned *out) {
  int rc = -1;
  char *buf = NULL;
  int fd = -1;
  for (int i = 0; i < n; i++) {
    buf = malloc(4096); // expect: loop-deferred-release
    if (!buf)
      goto done;
    fd = open(paths[i], O_RDONLY);
    if (fd < 0)
      continue;
    ssize_t got = read(fd, buf, 4096);
    for (ssize_t k = 0; k < got; k++)
      out[i] += (unsigned char)buf[k];
    close(fd);
  }
  rc = 0;
done:
  free(buf);
  return rc;
}

/* Correct: the buffer is allocated once, outside the loop. */
int checksum_files_fixed(const char **paths, int n, unsigned *out) {
  char *buf = malloc(4096);
  if (!buf)
    return -1;
  for (int i = 0; i < n; i++) {
    int fd = open(paths[i], O_RDONLY);
    if (fd < 0)
      continue;
    ssize_t got = read(fd, buf, 4096);
    for (ssize_t k = 0; k < got; k++)
      out[i] += (unsigned char)buf[k];
    close(fd);
  }
  free(buf);
  return 0;
}

/* Faulty: a cleanup attribute on a variable declared outside the loop
 * closes only the last stream. */
int first_nonempty(const char **paths, int n) {
  __attribute__((cleanup(close_filep))) FILE *f = NULL;
  for (int i = 0; i < n; i++) {
    f = fopen(paths[i], "r"); // expect: loop-deferred-release
    if (!f)
      continue;
    if (fgetc(f) != EOF)
      return i;
  }
  return -1;
}

/* Correct: the cleanup variable is declared inside the loop body. */
int first_nonempty_fixed(const char **paths, int n) {
  for (int i = 0; i < n; i++) {
    __attribute__((cleanup(close_filep))) FILE *f = fopen(paths[i], "r");
    if (!f)
      continue;
    if (fgetc(f) != EOF)
      return i;
  }
  return -1;
}

/* Correct: each item is handed to the list, which owns it. */
struct item *load_items(const char **paths, int n) {
  struct item *head = NULL;
  for (int i = 0; i < n; i++) {
    struct item *it = calloc(1, sizeof *it);
    if (!it)
      break;
    it->path = strdup(paths[i]);
    list_push(&head, it);
  }
  return head;
}

/* Correct: released on continue as well as at the end of the body. */
int count_readable(const char **paths, int n) {
  int count = 0;
  for (int i = 0; i < n; i++) {
    int fd = open(paths[i], O_RDONLY);
    if (fd < 0)
      continue;
    char c;
    if (read(fd, &c, 1) != 1) {
      close(fd);
      continue;
    }
    count++;
    close(fd);
  }
  return count;
}

/* Correct: each buffer is stored into the array the caller frees. */
int load_all(const char **paths, int n, char **bufs) {
  for (int i = 0; i < n; i++) {
    bufs[i] = malloc(256);
    if (!bufs[i])
      return -1;
    snprintf(bufs[i], 256, "%s", paths[i]);
  }
  return 0;
}
