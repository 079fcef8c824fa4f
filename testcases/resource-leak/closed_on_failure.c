/* closed_on_failure.c - mosquitto's net__socket_nonblock(&sock): when
 * either fcntl() fails it closes *sock, sets it to -1 and returns an
 * error; when it returns 0 the socket is still the caller's.  The caller
 * that returns the error leaks nothing; one that gives up after success
 * without closing does. */
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

int socket_nonblock(int *sock) {
  int opt = fcntl(*sock, F_GETFL, 0);
  if (opt == -1) {
    close(*sock);
    *sock = -1;
    return 5;
  }
  if (fcntl(*sock, F_SETFL, opt | O_NONBLOCK) == -1) {
    close(*sock);
    *sock = -1;
    return 5;
  }
  return 0;
}

int connect_local(void) {
  int rc;
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  if (s < 0)
    return -1;
  rc = socket_nonblock(&s);
  if (rc)
    return -rc;
  return s;
}

int connect_local_checked(int allowed) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  if (s < 0)
    return -1;
  if (socket_nonblock(&s) != 0)
    return -1;
  if (!allowed)
    return -1; // expect: resource-leak "socket 's' from socket() is not released on this path"
  return s;
}

/* mosquitto's net__socketpair(): each end made non-blocking in turn; when
 * one fails it is closed already, and the other is closed here. */
int make_pair(int *r, int *w) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
    return 1;
  if (socket_nonblock(&sv[0])) {
    close(sv[1]);
    return 1;
  }
  if (socket_nonblock(&sv[1])) {
    close(sv[0]);
    return 1;
  }
  *r = sv[0];
  *w = sv[1];
  return 0;
}

/* The other end forgotten when the first fails. */
int make_pair_leaky(int *r, int *w) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
    return 1;
  if (socket_nonblock(&sv[0]))
    return 1; // expect: resource-leak "socket 'sv[1]' from socketpair() is not released on this path"
  if (socket_nonblock(&sv[1])) {
    close(sv[0]);
    return 1;
  }
  *r = sv[0];
  *w = sv[1];
  return 0;
}
