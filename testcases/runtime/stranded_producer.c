/* Log shippers: a producer thread writes a batch of lines into a pipe, a
 * sink thread reads them and ships them (testcases/blocked-channel/
 * log_pump.c, run):
 *   leak   a sink whose shipping fails (every third) stops reading and
 *          keeps its read end open: the producer's write() blocks on the
 *          full pipe for good, one more with each failure
 *                                                     (blocked-channel)
 *   fixed  the failing sink closes its read end: write() fails (EPIPE)
 * Threads are not heap memory: the verifier sees them as counts of threads
 * and of threads blocked in a wait. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { BATCHES = 12, LINES = 256, LINE = 512 };

struct batch {
  int lines[2]; /* the producer writes on lines[1], the sink reads lines[0] */
  int id;
  int fixed;
};

static int ship(const struct batch *b, const char *buf, ssize_t n) {
  (void)buf;
  return b->id % 3 == 2 && n > 0 ? -1 : 0; /* every third shipper is down */
}

static void *sink_main(void *arg) {
  struct batch *b = arg;
  char buf[LINE];
  ssize_t n;
  while ((n = read(b->lines[0], buf, sizeof buf)) > 0) {
    if (ship(b, buf, n) != 0) /* verify[leak]: blocked-channel confirmed */
      break;
  }
  if (b->fixed || n == 0)
    close(b->lines[0]);
  return NULL;
}

static void *producer_main(void *arg) {
  struct batch *b = arg;
  char line[LINE];
  memset(line, 'x', sizeof line);
  for (int i = 0; i < LINES; i++)
    if (write(b->lines[1], line, sizeof line) < 0)
      break;
  close(b->lines[1]);
  return NULL;
}

int main(int argc, char **argv) {
  int fixed = argc > 1 && strcmp(argv[1], "fixed") == 0;
  signal(SIGPIPE, SIG_IGN); /* a closed read end fails write() with EPIPE */
  for (int i = 0; i < BATCHES; i++) {
    struct batch *b = calloc(1, sizeof *b);
    pthread_t sink, producer;
    if (!b || pipe(b->lines) != 0)
      return 1;
    b->id = i;
    b->fixed = fixed;
    if (pthread_create(&sink, NULL, sink_main, b) != 0 || /* verify[fixed]: blocked-channel not-confirmed */
        pthread_create(&producer, NULL, producer_main, b) != 0)
      return 1;
    pthread_detach(sink);
    pthread_detach(producer);
    usleep(60 * 1000);
  }
  usleep(100 * 1000);
  return 0;
}
