/* Field lookups of message_reader.c, in a unit of their own: each returns
 * a pointer into the message it is given, past the field's name, which
 * its summary says, so that a caller keeping the field is seen in the
 * caller.
 * check-program: message_reader.c */
#include <stdlib.h>
#include <string.h>

/* A block of n bytes, or the process ends. */
void *msg_alloc(size_t n) {
  void *p = malloc(n);
  if (!p)
    abort();
  return p;
}

/* The value after the colon of the field name in msg, or NULL. */
char *msg_field(char *msg, const char *name) {
  char *at = strstr(msg, name);
  char *colon = at ? strchr(at, ':') : NULL;
  return colon ? colon + 1 : NULL;
}

/* How many bytes of the value at p run to the end of its line. */
size_t msg_value_len(const char *p) {
  return strcspn(p, "\r\n");
}
