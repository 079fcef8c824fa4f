/* options_file.c - mosquitto's client_config_load(): the default
 * configuration path is made only when cfg->options_file is NULL, and is
 * opened and freed in the branch of a later test of the same, unchanged
 * field (`if (cfg->options_file) .. else if (loc) ..`).  One question in
 * two words: the path that made loc cannot find the field set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct client_config {
  char *options_file;
  int verbose;
};

static FILE *open_options(struct client_config *cfg, const char *name) {
  char *loc = NULL, *env;
  FILE *fptr;

  if (cfg->options_file == NULL) {
    env = getenv("HOME");
    if (env) {
      size_t len = strlen(env) + strlen(name) + 10;
      loc = malloc(len);
      if (!loc)
        return NULL;
      snprintf(loc, len, "%s/.config/%s", env, name);
    }
  }
  if (cfg->options_file) {
    fptr = fopen(cfg->options_file, "rt");
  } else if (loc) {
    fptr = fopen(loc, "rt");
    free(loc);
  } else {
    fptr = NULL;
  }
  return fptr;
}

/* The field is set between the two tests: the path that made loc may now
 * find it set, and loses loc. */
static FILE *open_options_fallback(struct client_config *cfg, const char *name) {
  char *loc = NULL;
  if (cfg->options_file == NULL) {
    loc = malloc(strlen(name) + 10);
    if (!loc)
      return NULL;
    snprintf(loc, strlen(name) + 10, "./%s", name);
    if (cfg->verbose)
      cfg->options_file = "/etc/client.conf";
  }
  if (cfg->options_file)
    return fopen(cfg->options_file, "rt"); // expect: resource-leak
  FILE *f = loc ? fopen(loc, "rt") : NULL;
  free(loc);
  return f;
}

int load_config(struct client_config *cfg) {
  FILE *a = open_options(cfg, "client");
  FILE *b = open_options_fallback(cfg, "client");
  int found = a || b;
  if (a)
    fclose(a);
  if (b)
    fclose(b);
  return found;
}
