/* A log indexer keeps, for each record, the name it parsed out of a 4 KiB
 * read buffer.  Keeping a pointer into the buffer keeps the whole buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { BLOCK_SIZE = 4096, RECORDS = 120 };

struct record {
  const char *name;
  size_t name_len;
};

static struct record by_pointer[RECORDS];
static struct record by_copy[RECORDS];

static void fill_block(char *block, int serial) {
  memset(block, ' ', BLOCK_SIZE);
  snprintf(block, BLOCK_SIZE, "record %06d name=host-%04d status=ok", serial, serial % 977);
}

/* Faulty: the record points into the block, so the block can never go. */
static struct record parse_in_place(int serial) {
  char *block = malloc(BLOCK_SIZE); /* verify: retained-subbuffer confirmed */
  if (!block)
    return (struct record){NULL, 0};
  fill_block(block, serial);
  char *name = strstr(block, "name=") + 5;
  return (struct record){name, strcspn(name, " ")};
}

/* Correct: copy the few bytes we need, release the block. */
static struct record parse_and_copy(int serial) {
  char *block = malloc(BLOCK_SIZE); /* verify: retained-subbuffer not-reproduced */
  if (!block)
    return (struct record){NULL, 0};
  fill_block(block, serial);
  const char *name = strstr(block, "name=") + 5;
  size_t len = strcspn(name, " ");
  char *copy = strndup(name, len);
  free(block);
  return (struct record){copy, len};
}

/* Correct too, and never called: the verifier must not claim it ran. */
static struct record parse_fixed_width(const char *line) {
  char *name = malloc(16); /* verify: retained-subbuffer not-exercised */
  if (name)
    snprintf(name, 16, "%.9s", line + 12);
  return (struct record){name, name ? strlen(name) : 0};
}

int main(int argc, char **argv) {
  for (int i = 0; i < RECORDS; i++) {
    by_pointer[i] = parse_in_place(i);
    by_copy[i] = parse_and_copy(i);
    usleep(10 * 1000);
  }
  if (argc > 5)
    by_copy[0] = parse_fixed_width(argv[1]);
  size_t total = 0;
  for (int i = 0; i < RECORDS; i++)
    total += by_pointer[i].name_len + by_copy[i].name_len;
  printf("indexed %zu name bytes\n", total);
  return 0;
}
