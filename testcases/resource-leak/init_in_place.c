/* init_in_place.c - objects a helper initialises in its caller's memory,
 * in the shape of libuv's uv__sem_init(sem, value): sem_init(sem, 0, value)
 * on the parameter, 0 returned.  The semaphore is the caller's to destroy,
 * not a leak of the helper's; one made in a local of the helper is. */
#include <errno.h>
#include <semaphore.h>

int sem_setup(sem_t *sem, unsigned int value) {
  if (sem_init(sem, 0, value))
    return -errno;
  return 0;
}

struct worker {
  sem_t ready;
  int id;
};

int worker_setup(struct worker *w, int id) {
  if (sem_init(&w->ready, 0, 0))
    return -errno;
  w->id = id;
  return 0;
}

int wait_once(void) {
  sem_t local;
  if (sem_init(&local, 0, 1))
    return -errno;
  sem_wait(&local);
  return 0; // expect: resource-leak
}
