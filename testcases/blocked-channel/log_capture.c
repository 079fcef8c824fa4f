/* Capturing a child component's log lines through a pipe read by a
 * thread: the reader counts lines until end of file, and the capture joins
 * it when the writing is done.
 *
 *   leaklint --verify testcases/blocked-channel/log_capture.c
 */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

struct reader {
  int fd;
  size_t nlines;
};

static size_t count_lines(const char *buf, ssize_t n) {
  size_t k = 0;
  for (ssize_t i = 0; i < n; i++)
    k += buf[i] == '\n';
  return k;
}

/* Reads until end of file: only a close of every write end ends it. */
static void *reader_main(void *arg) {
  struct reader *r = arg;
  char buf[512];
  ssize_t n;
  while ((n = read(r->fd, buf, sizeof buf)) > 0)
    r->nlines += count_lines(buf, n);
  return NULL;
}

/* Reads commands until "q": a message ends it, not end of file. */
static void *command_main(void *arg) {
  struct reader *r = arg;
  char cmd;
  while (read(r->fd, &cmd, 1) == 1) {
    if (cmd == 'q')
      break;
    r->nlines++;
  }
  return NULL;
}

static void write_all(int fd, const char *const *lines, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (write(fd, lines[i], strlen(lines[i])) < 0)
      return;
}

/* Faulty: the write end stays open until after the join; the reader waits
 * for end of file, the join waits for the reader. */
long capture_lines(const char *const *lines, size_t count) {
  int fds[2];
  pthread_t tid;
  struct reader r = {0};
  if (pipe(fds) != 0)
    return -1;
  r.fd = fds[0];
  if (pthread_create(&tid, NULL, reader_main, &r) != 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  write_all(fds[1], lines, count);
  pthread_join(tid, NULL); // expect: blocked-channel "pthread_join() waits for the thread running 'reader_main', which reads the pipe until end of file, but the write end 'fds[1]' from pipe() stays open in 'capture_lines': read() never sees end of file and the join never returns"
  close(fds[1]);
  close(fds[0]);
  return (long)r.nlines;
}

/* Correct: the write end is closed first, so the reader sees end of file. */
long capture_lines_fixed(const char *const *lines, size_t count) {
  int fds[2];
  pthread_t tid;
  struct reader r = {0};
  if (pipe(fds) != 0)
    return -1;
  r.fd = fds[0];
  if (pthread_create(&tid, NULL, reader_main, &r) != 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  write_all(fds[1], lines, count);
  close(fds[1]);
  pthread_join(tid, NULL);
  close(fds[0]);
  return (long)r.nlines;
}

/* Correct: the reader stops at the "q" command written before the join. */
long run_commands(const char *cmds) {
  int fds[2];
  pthread_t tid;
  struct reader r = {0};
  if (pipe(fds) != 0)
    return -1;
  r.fd = fds[0];
  if (pthread_create(&tid, NULL, command_main, &r) != 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  if (write(fds[1], cmds, strlen(cmds)) < 0 || write(fds[1], "q", 1) != 1) {
    close(fds[1]); /* end of file stops the reader too */
    pthread_join(tid, NULL);
    close(fds[0]);
    return -1;
  }
  pthread_join(tid, NULL);
  close(fds[1]);
  close(fds[0]);
  return (long)r.nlines;
}

/* Correct: a detached reader is waited for by nobody; the caller keeps
 * the write end and closes it when the log is done. */
int start_log_pump(struct reader *r, int *write_end) {
  int fds[2];
  pthread_t tid;
  if (pipe(fds) != 0)
    return -1;
  r->fd = fds[0];
  if (pthread_create(&tid, NULL, reader_main, r) != 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  pthread_detach(tid);
  *write_end = fds[1];
  return 0;
}

/* A reader handed both ends, which closes the write end itself: threads
 * share descriptors, so the reader's close is the creator's too. */
struct drain {
  int rd, wr;
};

static void *drain_main(void *arg) {
  struct drain *d = arg;
  char buf[256];
  close(d->wr);
  while (read(d->rd, buf, sizeof buf) > 0)
    ;
  return NULL;
}

/* Correct: the write end is handed to the reader, which closes it, so it
 * sees end of file once the pipe is empty, and the join returns. */
int drain_pipe(void) {
  int fds[2];
  pthread_t tid;
  struct drain d;
  if (pipe(fds) != 0)
    return -1;
  d.rd = fds[0];
  d.wr = fds[1];
  if (pthread_create(&tid, NULL, drain_main, &d) != 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  pthread_join(tid, NULL);
  close(fds[0]);
  return 0;
}
