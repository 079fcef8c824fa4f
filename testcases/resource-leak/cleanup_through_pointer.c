/* cleanup_through_pointer.c - mosquitto's message__cleanup(&message):
 * `if (!message || !*message) return;` then frees *message.  Where the
 * pointer itself is NULL there is no *message to keep, so on every path
 * that has one it is freed: a release through the pointer. */
#include <stdlib.h>
#include <string.h>

struct message {
  char *topic;
  char *payload;
};

static void msg_free(void *p) {
  free(p);
}

#define MSG_FREE(a)                                                                                \
  do {                                                                                             \
    msg_free(a);                                                                                   \
    (a) = NULL;                                                                                    \
  } while (0)

void message_cleanup(struct message **message) {
  struct message *msg;
  if (!message || !*message)
    return;
  msg = *message;
  MSG_FREE(msg->topic);
  MSG_FREE(msg->payload);
  MSG_FREE(msg);
  *message = NULL;
}

int publish(const char *topic, const char *payload) {
  struct message *message = calloc(1, sizeof(*message));
  if (!message)
    return 1;
  message->topic = strdup(topic);
  if (!message->topic) {
    message_cleanup(&message);
    return 1;
  }
  message->payload = strdup(payload);
  if (!message->payload)
    return 1; // expect: resource-leak "heap memory 'message' from calloc() is not released on this path"
  message_cleanup(&message);
  return 0;
}
