/* model_loading.c - see model_loading.h. */
#include "model_loading.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

const char *builtin_rules_dir(void) {
  static char buf[PATH_MAX + 64];
  const char *env = getenv("LEAKLINT_RULES_DIR");
  if (env && *env)
    return env;
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
      snprintf(buf, sizeof buf, "%s/../share/leaklint/rules", exe);
      struct stat st;
      if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
        return buf;
    }
  }
  return LEAKLINT_SOURCE_RULES_DIR;
}

model_set *models_load(const char *const *dirs, size_t ndirs, char *err, size_t errlen) {
  model_set *set = model_set_new();
  char why[1024];
  if (model_set_load_dir(set, builtin_rules_dir(), why, sizeof why) != 0) {
    snprintf(err, errlen, "leaklint: error: built-in rules: %s", why);
    model_set_free(set);
    return NULL;
  }
  for (size_t i = 0; i < ndirs; i++)
    if (model_set_load_dir(set, dirs[i], err, errlen) != 0) {
      model_set_free(set);
      return NULL;
    }
  return set;
}
