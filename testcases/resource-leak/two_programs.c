/* two_programs.c - one compilation database, two programs: the broker's
 * store_message() (store.c) frees the message with msg_store_free() when
 * it cannot store it, and a dump tool's stubs of both (dump.c) do
 * nothing.  Which definition a call reaches depends on the program, so
 * such calls get no summary: the message is handed over (mosquitto's
 * db__message_store and db__msg_store_free, stubbed by db_dump).  The
 * dump tool's file comes first, as apps/ before src/ there.
 * check-program: two_programs_dump.c two_programs_store.c */
#include <stdlib.h>
#include <string.h>

struct base_msg {
  char *topic;
  unsigned id;
};

int store_message(struct base_msg *m);

int queue_message(const char *topic) {
  struct base_msg *m = calloc(1, sizeof(*m));
  if (!m)
    return 1;
  m->topic = strdup(topic);
  if (store_message(m))
    return 1;
  return 0;
}
