/* main_return.c - returning from main() is exit(): mosquitto_ctrl's
 * main() keeps its plugin's dlopen() handle for the whole run and returns
 * without dlclose().  What the process still holds there goes with it.
 * A handle lost inside main's loop is lost while the process runs on. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

typedef int plugin_main_fn(int argc, char **argv);

int main(int argc, char *argv[]) {
  void *lib = dlopen("libctrl_plugin.so", RTLD_NOW);
  if (!lib)
    return 1;
  plugin_main_fn *plugin_main = (plugin_main_fn *)dlsym(lib, "plugin_main");
  if (!plugin_main)
    return 1;
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "r"); // expect: resource-leak
    if (!f)
      continue;
    if (fgetc(f) == '#')
      continue;
    fclose(f);
  }
  return plugin_main(argc, argv);
}
