/* Shapes met in memcached, libuv and jq that must stay silent, next to
 * their faulty twins. */
#include <netdb.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

struct logger {
  struct logger *next;
  char name[32];
};
static struct logger *all_loggers;

/* Correct: linked into a global list, then returned: the list owns it. */
struct logger *logger_create(const char *name) {
  struct logger *l = calloc(1, sizeof *l);
  if (!l)
    return NULL;
  strncpy(l->name, name, sizeof l->name - 1);
  l->next = all_loggers;
  all_loggers = l;
  return l;
}

int logger_start(const char *name) {
  struct logger *l = logger_create(name);
  if (!l)
    return -1;
  return 0;
}

/* Correct: the loop ends on the first address that connects; the socket
 * is handed over, and the address list freed either way. */
int dial_first(const char *host, const char *port, int *out) {
  struct addrinfo *ai = NULL, *next;
  int sock = -1, res = -1;
  if (getaddrinfo(host, port, NULL, &ai) != 0)
    return -1;
  for (next = ai; next != NULL; next = next->ai_next) {
    sock = socket(next->ai_family, next->ai_socktype, next->ai_protocol);
    if (sock == -1)
      continue;
    if (connect(sock, next->ai_addr, next->ai_addrlen) != -1)
      break;
    close(sock);
  }
  if (next == NULL)
    goto end;
  *out = sock;
  res = 0;
end:
  if (ai)
    freeaddrinfo(ai);
  return res;
}

/* Faulty: the address list is not freed when no address connects. */
int dial_any(const char *host, const char *port) {
  struct addrinfo *ai = NULL;
  if (getaddrinfo(host, port, NULL, &ai) != 0)
    return -1;
  for (struct addrinfo *p = ai; p; p = p->ai_next) {
    int s = socket(p->ai_family, p->ai_socktype, p->ai_protocol);
    if (s < 0)
      continue;
    if (connect(s, p->ai_addr, p->ai_addrlen) == 0) {
      freeaddrinfo(ai);
      return s;
    }
    close(s);
  }
  return -1; // expect: resource-leak
}

/* Correct: a loop initialised in place and handed to the caller. */
uv_loop_t *loop_new(void) {
  uv_loop_t *loop = malloc(sizeof *loop);
  if (loop == NULL)
    return NULL;
  if (uv_loop_init(loop)) {
    free(loop);
    return NULL;
  }
  return loop;
}

/* Correct: the default loop lives in a global. */
static uv_loop_t default_loop_struct;
static uv_loop_t *default_loop_ptr;

uv_loop_t *loop_default(void) {
  if (default_loop_ptr != NULL)
    return default_loop_ptr;
  if (uv_loop_init(&default_loop_struct))
    return NULL;
  default_loop_ptr = &default_loop_struct;
  return default_loop_ptr;
}

/* Faulty: a loop initialised on the stack and never closed. */
int loop_run_once(void) {
  uv_loop_t loop;
  if (uv_loop_init(&loop) != 0)
    return -1;
  uv_run(&loop, UV_RUN_NOWAIT);
  return 0; // expect: resource-leak
}

/* Correct: an fd-returning wrapper that fails with -1. */
static int new_socket(int family) {
  int s = socket(family, SOCK_STREAM, 0);
  if (s == -1)
    return -1;
  if (listen(s, 16) != 0) {
    close(s);
    return -1;
  }
  return s;
}

int serve_unix(void) {
  int s = new_socket(AF_UNIX);
  if (s == -1)
    return 1;
  close(s);
  return 0;
}

struct mover {
  pthread_t tid;
  int running;
};

static void *mover_main(void *arg) {
  struct mover *m = arg;
  m->running = 0;
  return NULL;
}

/* Faulty: the thread owns its argument only if it was created. */
struct mover *mover_start(void) {
  struct mover *m = calloc(1, sizeof *m);
  if (m == NULL)
    return NULL;
  if (pthread_create(&m->tid, NULL, mover_main, m) != 0)
    return NULL; // expect: resource-leak
  return m;
}

/* Correct: freed when the thread could not be started. */
struct mover *mover_start_checked(void) {
  struct mover *m = calloc(1, sizeof *m);
  if (m == NULL)
    return NULL;
  if (pthread_create(&m->tid, NULL, mover_main, m) != 0) {
    free(m);
    return NULL;
  }
  return m;
}
