/* counted_twice.c - a count tested, then used as a loop bound, in the
 * shape of nginx's ngx_resolver_srv_names_handler(): inside
 * if (cctx->naddrs), the loop from 0 to cctx->naddrs runs at least once,
 * so sockaddr is always kept through addrs[0]. */
#include <stdlib.h>

struct addr {
  void *sockaddr;
  int socklen;
};

struct ctx {
  unsigned long naddrs;
  struct addr *addrs;
};

struct srv {
  struct addr *addrs;
  unsigned long naddrs;
  int state;
};

void srv_names_handler(struct ctx *cctx, struct srv *srv) {
  struct addr *addrs;
  char *sockaddr;
  unsigned long i;

  if (cctx->naddrs) {
    addrs = calloc(cctx->naddrs, sizeof(struct addr));
    if (addrs == NULL) {
      srv->state = -1;
      return;
    }
    sockaddr = malloc(cctx->naddrs * 128);
    if (sockaddr == NULL) {
      free(addrs);
      srv->state = -1;
      return;
    }
    for (i = 0; i < cctx->naddrs; i++) {
      addrs[i].sockaddr = &sockaddr[i * 128];
      addrs[i].socklen = cctx->addrs[i].socklen;
    }
    srv->addrs = addrs;
    srv->naddrs = cctx->naddrs;
  }
}

/* A signed count may be negative: if (n) says nothing of 0 < n. */
void fill(struct srv *srv, int n) {
  if (n) {
    char *block = malloc(64);
    if (!block)
      return;
    for (int i = 0; i < n; i++)
      srv->addrs[i].sockaddr = block + i;
  }
} // expect: resource-leak
