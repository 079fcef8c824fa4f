/* module_list.h - every domain module of the engine, one line each, in the
 * order their hooks run.  Each line names <name>_module.c. */
#ifndef ENGINE_MODULE
#error "include module.h"
#endif
ENGINE_MODULE(lock)
ENGINE_MODULE(timer)
ENGINE_MODULE(window)
ENGINE_MODULE(thread)
ENGINE_MODULE(counter)
ENGINE_MODULE(channel)
