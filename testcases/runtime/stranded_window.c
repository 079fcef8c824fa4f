/* A request logger keeps, for each request, the value of its Host header.
 * The faulty twin keeps a pointer past the colon of a heap copy of the
 * header line, and drops the copy: no pointer to its start is left, so
 * nothing can ever free it (valgrind: "possibly lost").  The fixed twin
 * copies the value out and frees the line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { REQUESTS = 120, LINE_PAD = 512 };

static const char *hosts_by_window[REQUESTS];
static char *hosts_by_copy[REQUESTS];

static void format_line(char *buf, size_t len, int serial) {
  snprintf(buf, len, "Host: backend-%04d.example.net%*s", serial % 911, LINE_PAD, "");
}

/* Faulty: returns a window into the line, whose start is then lost. */
static const char *host_window(const char *text) {
  char *line = strdup(text); /* verify: retained-subbuffer confirmed */
  if (!line)
    return NULL;
  char *colon = strchr(line, ':');
  if (!colon) {
    free(line);
    return NULL;
  }
  return colon + 2;
}

/* Fixed: the value is copied out, the line released. */
static char *host_copy(const char *text) {
  char *line = strdup(text); /* verify: retained-subbuffer not-reproduced */
  if (!line)
    return NULL;
  char *colon = strchr(line, ':');
  char *host = colon ? strndup(colon + 2, strcspn(colon + 2, " ")) : NULL;
  free(line);
  return host;
}

int main(void) {
  char text[LINE_PAD + 64];
  for (int i = 0; i < REQUESTS; i++) {
    format_line(text, sizeof text, i);
    hosts_by_window[i] = host_window(text);
    hosts_by_copy[i] = host_copy(text);
    usleep(10 * 1000);
  }
  size_t total = 0;
  for (int i = 0; i < REQUESTS; i++)
    total += (hosts_by_window[i] ? strcspn(hosts_by_window[i], " ") : 0) +
             (hosts_by_copy[i] ? strlen(hosts_by_copy[i]) : 0);
  printf("logged %zu host bytes\n", total);
  return 0;
}
