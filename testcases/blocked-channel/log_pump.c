/* A log pump: the main thread writes log lines into a pipe, a writer
 * thread reads them and appends them to a file.  A pipe holds only so
 * much; once the reader stops reading and keeps its end open, the next
 * write() blocks for good.  Reduced from the usual "log in a background
 * thread" shape.
 *
 *   leaklint --verify testcases/blocked-channel/log_pump.c
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct pump {
  int lines[2];  /* the faulty sink's pipe */
  int closed[2]; /* the sink that closes its end */
  int eof[2];    /* the sink that stops only at end of file */
  int quit[2];   /* the sink that stops at the producer's "quit" line */
  int nb[2];     /* non-blocking writes */
  FILE *out;
  pthread_t tid;
};

/* Faulty: a failed fputs() ends the sink, which leaves its read end
 * open: the producer's next writes fill the pipe and block. */
static void *sink_main(void *arg) {
  struct pump *p = arg;
  char buf[256];
  ssize_t n;
  while ((n = read(p->lines[0], buf, sizeof buf - 1)) > 0) {
    buf[n] = '\0';
    if (fputs(buf, p->out) == EOF) // expect: blocked-channel "'sink_main' (a thread started by pthread_create() at line 112) stops receiving from the pipe 'p->lines[0]' here: it leaves the loop that receives with read() at line 31 without receiving again or closing it, while 'main' sends on it with write() in a loop at line 116: once the pipe has no room, that write() blocks forever"
      break;
  }
  return NULL;
}

/* Correct: the same sink closes its end when it gives up, so that the
 * producer's write() fails (EPIPE) instead of blocking. */
static void *closing_sink_main(void *arg) {
  struct pump *p = arg;
  char buf[256];
  ssize_t n;
  while ((n = read(p->closed[0], buf, sizeof buf - 1)) > 0) {
    buf[n] = '\0';
    if (fputs(buf, p->out) == EOF)
      break;
  }
  close(p->closed[0]);
  return NULL;
}

/* Correct: stops only when read() reports end of file or an error. */
static void *eof_sink_main(void *arg) {
  struct pump *p = arg;
  char buf[256];
  for (;;) {
    ssize_t n = read(p->eof[0], buf, sizeof buf);
    if (n <= 0)
      break;
    fwrite(buf, 1, (size_t)n, p->out);
  }
  return NULL;
}

/* Correct: stops at the "quit" line, which the producer writes last. */
static void *quit_sink_main(void *arg) {
  struct pump *p = arg;
  char buf[256];
  ssize_t n;
  while ((n = read(p->quit[0], buf, sizeof buf - 1)) > 0) {
    buf[n] = '\0';
    if (strncmp(buf, "quit", 4) == 0)
      break;
    fputs(buf, p->out);
  }
  return NULL;
}

/* Correct: the producer's end does not block (O_NONBLOCK), so a sink
 * that gives up costs lines, not the producer. */
static void *nb_sink_main(void *arg) {
  struct pump *p = arg;
  char buf[256];
  ssize_t n;
  while ((n = read(p->nb[0], buf, sizeof buf - 1)) > 0) {
    buf[n] = '\0';
    if (fputs(buf, p->out) == EOF)
      return NULL;
  }
  return NULL;
}

static int produce(int fd, int count) {
  char line[64];
  for (int i = 0; i < count; i++) {
    int len = snprintf(line, sizeof line, "line %d\n", i);
    if (write(fd, line, (size_t)len) < 0)
      return -1;
  }
  return 0;
}

int main(void) {
  static struct pump p;
  char line[64];
  p.out = stdout;
  if (pipe(p.lines) != 0 || pipe(p.closed) != 0 || pipe(p.eof) != 0 || pipe(p.quit) != 0 ||
      pipe2(p.nb, O_NONBLOCK) != 0)
    return 1;
  if (pthread_create(&p.tid, NULL, sink_main, &p) != 0)
    return 1;
  for (int i = 0; i < 100000; i++) {
    int len = snprintf(line, sizeof line, "line %d\n", i);
    if (write(p.lines[1], line, (size_t)len) < 0)
      break;
  }
  close(p.lines[1]);
  pthread_join(p.tid, NULL);

  if (pthread_create(&p.tid, NULL, closing_sink_main, &p) != 0)
    return 1;
  for (int i = 0; i < 100000; i++)
    if (write(p.closed[1], "x\n", 2) < 0)
      break;
  close(p.closed[1]);
  pthread_join(p.tid, NULL);

  if (pthread_create(&p.tid, NULL, eof_sink_main, &p) != 0)
    return 1;
  for (int i = 0; i < 100000; i++)
    if (write(p.eof[1], "x\n", 2) < 0)
      break;
  close(p.eof[1]);
  pthread_join(p.tid, NULL);

  if (pthread_create(&p.tid, NULL, quit_sink_main, &p) != 0)
    return 1;
  for (int i = 0; i < 100000; i++)
    if (write(p.quit[1], "x\n", 2) < 0)
      break;
  if (write(p.quit[1], "quit\n", 5) < 0)
    return 1;
  close(p.quit[1]);
  pthread_join(p.tid, NULL);

  if (pthread_create(&p.tid, NULL, nb_sink_main, &p) != 0)
    return 1;
  for (int i = 0; i < 100000; i++)
    if (write(p.nb[1], "x\n", 2) < 0)
      break;
  close(p.nb[1]);
  pthread_join(p.tid, NULL);
  return produce(-1, 0);
}
