/* tested_buffer.c - a unit test that #includes the file it tests, which is
 * also a unit of its own: buffer_init() is then defined twice with external
 * linkage.  Its summary is the one definition's, not two acquisitions: the
 * second used to overwrite the first and report a leak on the declaration.
 *
 * check-program: buffer_core.c */
#include "buffer_core.c"

int test_copy(void) {
  buffer *b = buffer_init();
  if (buffer_copy_string(b, "abc") != 0) {
    buffer_free(b);
    return -1;
  }
  int ok = b->used == 4;
  buffer_free(b);
  return ok;
}

int test_copy_leaks(const char *s) {
  buffer *b = buffer_init();
  if (buffer_copy_string(b, s) != 0)
    return -1; // expect: resource-leak "heap memory 'b' from buffer_init() is not released on this path"
  buffer_free(b);
  return 0;
}
