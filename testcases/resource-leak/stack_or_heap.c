/* stack_or_heap.c - a buffer on the stack unless the input is large, then
 * on the heap, freed only if it is not the stack one (redis's xackCommand,
 * sdscatvprintf): a fresh block is never at a local array's address. */
#include <stdlib.h>
#include <string.h>

typedef struct {
  unsigned long long ms, seq;
} stream_id;

int parse_id(const char *s, stream_id *id);
void reply_count(long n);

void ack_command(int argc, char **argv) {
  stream_id static_ids[8];
  stream_id *ids = static_ids;
  int id_count = argc - 3;
  if (id_count > 8)
    ids = malloc(sizeof(stream_id) * (size_t)id_count);
  for (int j = 3; j < argc; j++)
    if (parse_id(argv[j], &ids[j - 3]) != 0)
      goto cleanup;
  reply_count(id_count);
cleanup:
  if (ids != static_ids)
    free(ids);
}

int format_line(const char *s, size_t n) {
  char staticbuf[1024], *buf = staticbuf;
  if (n > sizeof staticbuf) {
    buf = malloc(n);
    if (!buf)
      return -1;
  }
  memcpy(buf, s, n);
  if (buf[0] == '#')
    return 0; // expect: resource-leak "heap memory 'buf' from malloc() is not released on this path"
  if (buf != staticbuf)
    free(buf);
  return 1;
}
