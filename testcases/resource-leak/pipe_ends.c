/* pipe_ends.c - pipe() makes two descriptors the caller must close, whether
 * or not something also waits on the pipe (htop's OpenFilesScreen leaked
 * both ends when fork() failed). */
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

int run_lsof(pid_t pid, char *out, size_t n) {
  int fdpair[2];
  if (pipe(fdpair) == -1)
    return -1;
  pid_t child = fork();
  if (child == -1)
    return -1; // expect: resource-leak "pipe descriptor 'fdpair[0]' from pipe() is not released on this path"
  if (child == 0) {
    close(fdpair[0]);
    dup2(fdpair[1], STDOUT_FILENO);
    close(fdpair[1]);
    execlp("lsof", "lsof", "-p", "1", (char *)NULL);
    _exit(127);
  }
  close(fdpair[1]);
  ssize_t r = read(fdpair[0], out, n);
  close(fdpair[0]);
  (void)pid;
  return (int)r;
}
