/* flag_bits.c - one flag bit tested as 'flags & BIT' and as '~flags & BIT',
 * in the shape of tmux's job_run(): the socket pair is made only when the
 * job has no pty, and handed to the job on the same condition asked the
 * other way round.  The two tests are one question. */
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define JOB_NOWAIT 0x1
#define JOB_PTY 0x4

struct job {
  int fd;
  int flags;
};

struct job *job_run(int flags) {
  int out[2];
  struct job *job;
  if (~flags & JOB_PTY) {
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, out) != 0)
      return NULL;
  }
  job = malloc(sizeof *job);
  if (job == NULL) {
    if (~flags & JOB_PTY) {
      close(out[0]);
      close(out[1]);
    }
    return NULL;
  }
  job->flags = flags;
  if (flags & JOB_PTY) {
    job->fd = -1;
  } else {
    close(out[1]);
    job->fd = out[0];
  }
  return job;
}

/* Another bit is another question. */
struct job *job_start(int flags) {
  int out[2];
  struct job *job;
  if (~flags & JOB_PTY) {
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, out) != 0)
      return NULL;
  }
  job = malloc(sizeof *job);
  if (job == NULL)
    abort();
  job->flags = flags;
  if (flags & JOB_NOWAIT) {
    job->fd = -1;
  } else if (~flags & JOB_PTY) {
    close(out[1]);
    job->fd = out[0];
  }
  return job; // expect: resource-leak
}
