/* taken_through_pointer.c - curl's DNS cache (lib/vdns): an address list
 * with its sockaddr inside the same block is made by get_localhost(), and
 * Curl_dnsc_mk_addr(data, &addr) takes the list into a new entry, or frees
 * it when the entry cannot be made; either way *paddr is NULL after it.
 * The caller's NULL test of the entry leaves nothing to free. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct addrinfo_list {
  struct addrinfo_list *next;
  struct sockaddr *addr;
  socklen_t addrlen;
};

struct dns_entry {
  struct addrinfo_list *addr;
  int refcount;
};

static struct addrinfo_list *get_localhost(void) {
  struct addrinfo_list *ca = calloc(1, sizeof(*ca) + sizeof(struct sockaddr_storage));
  if (!ca)
    return NULL;
  /* the sockaddr lives right after the node, in the same block */
  ca->addr = (void *)((char *)ca + sizeof(*ca));
  ca->addrlen = sizeof(struct sockaddr_storage);
  return ca;
}

static void free_addrinfo(struct addrinfo_list *ai) {
  while (ai) {
    struct addrinfo_list *next = ai->next;
    free(ai);
    ai = next;
  }
}

static struct dns_entry *assign_addr(struct dns_entry *dns, struct addrinfo_list **paddr) {
  if (!dns)
    goto out;
  dns->addr = *paddr;
  *paddr = NULL;
out:
  if (paddr && *paddr) {
    free_addrinfo(*paddr);
    *paddr = NULL;
  }
  return dns;
}

static struct dns_entry *mk_addr(struct addrinfo_list **paddr) {
  struct dns_entry *dns = calloc(1, sizeof(*dns));
  if (dns)
    dns->refcount = 1;
  return assign_addr(dns, paddr);
}

int resolve_localhost(struct dns_entry **pdns) {
  struct addrinfo_list *addr = get_localhost();
  if (!addr)
    return 27;
  *pdns = mk_addr(&addr);
  if (!*pdns)
    return 27; /* mk_addr freed the list */
  return 0;
}

/* Checked before it is handed over: that early return drops the list. */
int resolve_checked(struct dns_entry **pdns, int allowed) {
  struct addrinfo_list *addr = get_localhost();
  if (!addr)
    return 27;
  if (!allowed)
    return 1; // expect: resource-leak "heap memory 'addr' from get_localhost() is not released on this path"
  *pdns = mk_addr(&addr);
  return *pdns ? 0 : 27;
}
