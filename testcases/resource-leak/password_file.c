/* password_file.c - nginx's auth_basic handler (034f15bbc251): the
 * descriptor is put in a file object on the stack, file.fd = fd, and the
 * object's address goes to a reader in another unit that only reads it.
 * The descriptor is still the handler's: the early return on a failed
 * allocation (the path nginx fixed) leaks it.
 * check-program: file_reader.c */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file_reader.h"

void *pool_alloc(void *pool, size_t n);
int check_password(const unsigned char *pwd);

int auth_basic(void *pool, const char *user_file) {
  unsigned char buf[256];
  struct file file;
  unsigned char *pwd;
  ssize_t n;
  int rc;

  int fd = open(user_file, O_RDONLY);
  if (fd == -1)
    return 403;
  memset(&file, 0, sizeof(file));
  file.fd = fd;
  file.name = user_file;

  n = file_read(&file, buf, sizeof(buf) - 1, 0);
  if (n == -1) {
    rc = 500;
    goto cleanup;
  }
  pwd = pool_alloc(pool, (size_t)n + 1);
  if (pwd == NULL)
    return 500; // expect: resource-leak "file descriptor 'fd' from open() is not released on this path"
  memcpy(pwd, buf, (size_t)n);
  pwd[n] = '\0';
  rc = check_password(pwd);

cleanup:
  close(file.fd);
  return rc;
}

/* The fix: every exit goes through the close. */
int auth_basic_fixed(void *pool, const char *user_file) {
  unsigned char buf[256];
  struct file file;
  unsigned char *pwd;
  ssize_t n;
  int rc;

  int fd = open(user_file, O_RDONLY);
  if (fd == -1)
    return 403;
  memset(&file, 0, sizeof(file));
  file.fd = fd;
  file.name = user_file;

  n = file_read(&file, buf, sizeof(buf) - 1, 0);
  if (n == -1) {
    rc = 500;
    goto cleanup;
  }
  pwd = pool_alloc(pool, (size_t)n + 1);
  if (pwd == NULL) {
    rc = 500;
    goto cleanup;
  }
  memcpy(pwd, buf, (size_t)n);
  pwd[n] = '\0';
  rc = check_password(pwd);

cleanup:
  close(file.fd);
  return rc;
}

/* A reader that keeps the file object keeps its descriptor too: closing it
 * is the reader's owner's business now, not a leak here. */
int auth_basic_remembered(const char *user_file) {
  unsigned char buf[256];
  struct file file = {0};

  int fd = open(user_file, O_RDONLY);
  if (fd == -1)
    return 403;
  file.fd = fd;
  file.name = user_file;
  if (file_read_remembered(&file, buf, sizeof(buf)) <= 0)
    return 500;
  return check_password(buf);
}
