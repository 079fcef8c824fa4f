/* An upload pipeline: the main thread cuts a file into chunks and writes
 * them into pipes that uploader threads read.  Reduced from the usual
 * "worker pool fed by a pipe" shape.
 *
 *   leaklint --verify testcases/blocked-channel/upload_pool.c
 */
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

enum { CHUNK = 4096, WORKERS = 4 };

struct upload {
  int chunks[2];   /* read by the pool of uploaders */
  int progress[2]; /* written without blocking */
  int sums[2];     /* read by the one checksum thread */
  unsigned long sum;
  pthread_t pool[WORKERS], meter, summer;
};

static int send_chunk(const char *buf, ssize_t n) {
  return n > 0 && buf[0] != '\0' ? 0 : -1;
}

/* Correct: a pool of uploaders shares the pipe; one that gives up leaves
 * the others reading. */
static void *uploader_main(void *arg) {
  struct upload *u = arg;
  char buf[CHUNK];
  ssize_t n;
  while ((n = read(u->chunks[0], buf, sizeof buf)) > 0)
    if (send_chunk(buf, n) != 0)
      return NULL;
  return NULL;
}

/* Correct: the progress pipe's write end is non-blocking (main sets
 * O_NONBLOCK on it), so a meter that stops costs updates, not the
 * producer. */
static void *meter_main(void *arg) {
  struct upload *u = arg;
  char buf[64];
  ssize_t n;
  while ((n = read(u->progress[0], buf, sizeof buf)) > 0)
    if (write(STDERR_FILENO, buf, (size_t)n) < 0)
      break;
  return NULL;
}

/* Faulty: a malformed chunk ends the checksum thread with its read end
 * open; main keeps writing chunks until the pipe is full. */
static void *summer_main(void *arg) {
  struct upload *u = arg;
  unsigned char buf[CHUNK];
  ssize_t n;
  while ((n = read(u->sums[0], buf, sizeof buf)) > 0) {
    if (buf[0] == 0xff) // expect: blocked-channel
      return NULL;
    for (ssize_t i = 0; i < n; i++)
      u->sum += buf[i];
  }
  close(u->sums[0]);
  return NULL;
}

int main(void) {
  static struct upload u;
  char chunk[CHUNK];
  if (pipe(u.chunks) != 0 || pipe(u.progress) != 0 || pipe(u.sums) != 0)
    return 1;
  int fl = fcntl(u.progress[1], F_GETFL);
  if (fl < 0 || fcntl(u.progress[1], F_SETFL, fl | O_NONBLOCK) != 0)
    return 1;
  for (int i = 0; i < WORKERS; i++)
    if (pthread_create(&u.pool[i], NULL, uploader_main, &u) != 0) {
      close(u.chunks[1]);
      while (i-- > 0)
        pthread_join(u.pool[i], NULL);
      return 1;
    }
  if (pthread_create(&u.meter, NULL, meter_main, &u) != 0 ||
      pthread_create(&u.summer, NULL, summer_main, &u) != 0)
    return 1;
  memset(chunk, 'x', sizeof chunk);
  for (int i = 0; i < 1000; i++) {
    if (write(u.chunks[1], chunk, sizeof chunk) < 0 || write(u.sums[1], chunk, sizeof chunk) < 0)
      break;
    (void)write(u.progress[1], ".", 1);
  }
  close(u.chunks[1]);
  close(u.progress[1]);
  close(u.sums[1]);
  for (int i = 0; i < WORKERS; i++)
    pthread_join(u.pool[i], NULL);
  pthread_join(u.meter, NULL);
  pthread_join(u.summer, NULL);
  return 0;
}
