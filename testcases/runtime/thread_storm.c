/* A worker pool under load: eight threads allocate messages of mixed sizes
 * and hand them to a neighbour, who frees them (so most frees happen on
 * another thread than the allocation), while the main thread forks helpers
 * that come and go.  Each worker also appends to an audit trail that nobody
 * ever trims.  The sampler must keep up without deadlock or lost frees. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { WORKERS = 8, MESSAGES = 6000, QUEUE = 64 };

struct message {
  size_t len;
  char body[];
};

struct queue {
  pthread_mutex_t mu;
  struct message *items[QUEUE];
  int count;
};

struct audit {
  struct audit *next;
  int worker, seq;
};

static struct queue queues[WORKERS];
static struct audit *trails[WORKERS];

static struct message *message_new(unsigned *seed) {
  size_t len = 16 + (size_t)(rand_r(seed) % 2000);
  struct message *m = malloc(sizeof *m + len); /* verify: resource-leak not-reproduced */
  if (m) {
    m->len = len;
    memset(m->body, 'm', len);
  }
  return m;
}

static void audit_append(int worker, int seq) {
  struct audit *a = malloc(sizeof *a); /* verify: resource-leak confirmed */
  if (!a)
    return;
  a->worker = worker;
  a->seq = seq;
  a->next = trails[worker];
  trails[worker] = a;
}

/* Puts m in q, or frees it when q is full. */
static void queue_put(struct queue *q, struct message *m) {
  pthread_mutex_lock(&q->mu);
  if (q->count < QUEUE) {
    q->items[q->count++] = m;
    m = NULL;
  }
  pthread_mutex_unlock(&q->mu);
  free(m);
}

static void queue_drain(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  while (q->count > 0)
    free(q->items[--q->count]);
  pthread_mutex_unlock(&q->mu);
}

static void *worker(void *arg) {
  int id = (int)(long)arg;
  unsigned seed = (unsigned)id * 7919u + 1;
  for (int i = 0; i < MESSAGES; i++) {
    struct message *m = message_new(&seed);
    if (m)
      queue_put(&queues[(id + 1) % WORKERS], m);
    if (i % 8 == 0)
      queue_drain(&queues[id]);
    if (i % 50 == 0) {
      audit_append(id, i);
      usleep(2000);
    }
  }
  return NULL;
}

static void fork_helper(void) {
  pid_t pid = fork();
  if (pid == 0) {
    char *note = strdup("helper");
    free(note);
    exit(0);
  }
  if (pid > 0)
    waitpid(pid, NULL, 0);
}

int main(void) {
  pthread_t t[WORKERS];
  for (int i = 0; i < WORKERS; i++) {
    pthread_mutex_init(&queues[i].mu, NULL);
    pthread_create(&t[i], NULL, worker, (void *)(long)i);
  }
  for (int i = 0; i < 5; i++) {
    usleep(50 * 1000);
    fork_helper();
  }
  for (int i = 0; i < WORKERS; i++)
    pthread_join(t[i], NULL);
  for (int i = 0; i < WORKERS; i++)
    queue_drain(&queues[i]);
  long audited = 0;
  for (int i = 0; i < WORKERS; i++)
    for (struct audit *a = trails[i]; a; a = a->next)
      audited++;
  printf("audited %ld\n", audited);
  return 0;
}
