/* rule_info.c - what each rule finds, why it matters, and what the fix looks
 * like.  These texts reach users through --list-rules and through GitHub's
 * alert pages (SARIF reportingDescriptor), so each help text shows a
 * realistic bad shape and its fix rather than a toy. */
#include "rule_info.h"

#include <stddef.h>

static const ll_rule_info rules[RULE_COUNT] = {
    [RULE_RETAINED_SUBBUFFER] =
        {
            .rule = RULE_RETAINED_SUBBUFFER,
            .id = "retained-subbuffer",
            .name = "RetainedSubbuffer",
            .short_description = "An interior pointer outlives the only pointer to its buffer",
            .full_description =
                "A pointer into the middle of a heap block (buf + k, &buf[k], the result of "
                "strchr() or strstr() on a heap string) is stored somewhere that outlives the "
                "function, while the pointer to the start of the block is dropped. The block "
                "can no longer be freed, and the whole of it stays alive for the sake of a few "
                "bytes: a leak, or at best a large block pinned by a small field.",
            .help_markdown =
                "# Retained sub-buffer\n"
                "\n"
                "A pointer into the middle of a heap block is kept in long-lived storage (a "
                "struct field, a global, a list) while the pointer to the block's start is "
                "lost. `free()` needs the start, so the block leaks; and while the interior "
                "pointer is in use, the whole block stays allocated for a few bytes of it.\n"
                "\n"
                "Copy the part you keep and free the block, or keep the base pointer next "
                "to the interior one and free it with the owner.\n"
                "\n"
                "## Bad\n"
                "\n"
                "```c\n"
                "int parse_header(struct header *h, FILE *in) {\n"
                "  char *line = read_line(in); /* a 64 KiB buffer */\n"
                "  if (!line)\n"
                "    return -1;\n"
                "  char *colon = strchr(line, ':');\n"
                "  if (!colon) {\n"
                "    free(line);\n"
                "    return -1;\n"
                "  }\n"
                "  h->value = colon + 1; /* keeps a pointer into line... */\n"
                "  return 0;             /* ...and loses line itself */\n"
                "}\n"
                "```\n"
                "\n"
                "## Fixed\n"
                "\n"
                "```c\n"
                "int parse_header(struct header *h, FILE *in) {\n"
                "  char *line = read_line(in);\n"
                "  if (!line)\n"
                "    return -1;\n"
                "  char *colon = strchr(line, ':');\n"
                "  h->value = colon ? strdup(colon + 1) : NULL; /* copy what is kept */\n"
                "  free(line);\n"
                "  return h->value ? 0 : -1;\n"
                "}\n"
                "```\n",
            .default_level = "warning",
            .tags = {"reliability", "memory", "external/cwe/cwe-401"},
            .precision = "medium",
        },
    [RULE_LOOP_DEFERRED_RELEASE] =
        {
            .rule = RULE_LOOP_DEFERRED_RELEASE,
            .id = "loop-deferred-release",
            .name = "LoopDeferredRelease",
            .short_description = "A resource acquired in a loop is released only after the loop",
            .full_description =
                "A resource is acquired on every iteration of a loop but released only once, "
                "after the loop: at the function's cleanup label, or by a cleanup attribute on "
                "a variable declared outside the loop. Each iteration overwrites the handle of "
                "the previous one, so every iteration but the last leaks. This is C's form of "
                "Go's defer inside a loop.",
            .help_markdown =
                "# Release deferred past a loop\n"
                "\n"
                "The acquisition is inside the loop, the release is outside it. Each iteration "
                "overwrites the handle taken by the one before, and the single release at the "
                "end (a `goto out` label, or `__attribute__((cleanup))` on a variable declared "
                "before the loop) frees only the last one. With enough iterations the process "
                "runs out of file descriptors or memory.\n"
                "\n"
                "Release the resource in the iteration that acquired it, on every path that "
                "leaves the iteration, including `continue` and `break`.\n"
                "\n"
                "## Bad\n"
                "\n"
                "```c\n"
                "int checksum_all(char **paths, size_t n, uint32_t *sum) {\n"
                "  int ret = -1;\n"
                "  FILE *f = NULL;\n"
                "  for (size_t i = 0; i < n; i++) {\n"
                "    f = fopen(paths[i], \"rb\"); /* overwrites the previous FILE * */\n"
                "    if (!f)\n"
                "      goto out;\n"
                "    *sum ^= crc32_stream(f);\n"
                "  }\n"
                "  ret = 0;\n"
                "out:\n"
                "  if (f)\n"
                "    fclose(f); /* closes the last file only */\n"
                "  return ret;\n"
                "}\n"
                "```\n"
                "\n"
                "## Fixed\n"
                "\n"
                "```c\n"
                "int checksum_all(char **paths, size_t n, uint32_t *sum) {\n"
                "  for (size_t i = 0; i < n; i++) {\n"
                "    FILE *f = fopen(paths[i], \"rb\");\n"
                "    if (!f)\n"
                "      return -1;\n"
                "    *sum ^= crc32_stream(f);\n"
                "    fclose(f); /* released by the iteration that opened it */\n"
                "  }\n"
                "  return 0;\n"
                "}\n"
                "```\n",
            .default_level = "warning",
            .tags = {"reliability", "resource", "external/cwe/cwe-772"},
            .precision = "high",
        },
    [RULE_UNSTOPPED_TIMER] =
        {
            .rule = RULE_UNSTOPPED_TIMER,
            .id = "unstopped-timer",
            .name = "UnstoppedTimer",
            .short_description = "A timer is started but never stopped or deleted",
            .full_description =
                "A timer (POSIX timer_create(), timerfd_create(), a libuv uv_timer_t, a GLib "
                "timeout source, a libevent timer event) is armed and then never stopped, "
                "deleted or closed. It keeps its kernel or event-loop resources and keeps "
                "firing, often into a callback whose data has already been freed. Creating a "
                "fresh timer on each iteration of a loop multiplies the leak; this is C's "
                "form of an unstopped Go time.Ticker or of time.After in a loop.",
            .help_markdown =
                "# Unstopped timer\n"
                "\n"
                "A timer that is never stopped keeps firing and keeps its resources: a kernel "
                "timer, a file descriptor, or a slot in the event loop. Its callback usually "
                "receives a pointer to some object, and runs again after that object is "
                "freed. A timer created per loop iteration or per request leaks one timer "
                "each time.\n"
                "\n"
                "Delete the timer (`timer_delete`, `close` on a timerfd, `uv_timer_stop` and "
                "`uv_close`, `g_source_remove`, `event_free`) on every path once it is no "
                "longer needed, or create one timer outside the loop and re-arm it.\n"
                "\n"
                "## Bad\n"
                "\n"
                "```c\n"
                "int run_with_watchdog(struct job *job) {\n"
                "  timer_t t;\n"
                "  struct sigevent sev = {.sigev_notify = SIGEV_THREAD,\n"
                "                         .sigev_notify_function = on_timeout,\n"
                "                         .sigev_value.sival_ptr = job};\n"
                "  if (timer_create(CLOCK_MONOTONIC, &sev, &t) != 0)\n"
                "    return -1;\n"
                "  struct itimerspec its = {.it_value.tv_sec = 30};\n"
                "  timer_settime(t, 0, &its, NULL);\n"
                "  return run_job(job); /* t is never deleted: it fires after job is gone */\n"
                "}\n"
                "```\n"
                "\n"
                "## Fixed\n"
                "\n"
                "```c\n"
                "int run_with_watchdog(struct job *job) {\n"
                "  timer_t t;\n"
                "  struct sigevent sev = {.sigev_notify = SIGEV_THREAD,\n"
                "                         .sigev_notify_function = on_timeout,\n"
                "                         .sigev_value.sival_ptr = job};\n"
                "  if (timer_create(CLOCK_MONOTONIC, &sev, &t) != 0)\n"
                "    return -1;\n"
                "  struct itimerspec its = {.it_value.tv_sec = 30};\n"
                "  timer_settime(t, 0, &its, NULL);\n"
                "  int ret = run_job(job);\n"
                "  timer_delete(t); /* disarms and frees the timer */\n"
                "  return ret;\n"
                "}\n"
                "```\n",
            .default_level = "warning",
            .tags = {"reliability", "resource", "external/cwe/cwe-772"},
            .precision = "medium",
        },
    [RULE_LOCK_IMBALANCE] =
        {
            .rule = RULE_LOCK_IMBALANCE,
            .id = "lock-imbalance",
            .name = "LockImbalance",
            .short_description = "A lock is not released on some path, taken twice, or released "
                                 "while not held",
            .full_description =
                "A mutex, read-write lock or spinlock is still held when some path leaves the "
                "function that took it (usually an early error return), is locked again by a "
                "thread that already holds it, or is unlocked on a path where it is not held. "
                "The first two deadlock the next thread (or the same one) that locks it; the "
                "third is undefined behaviour for POSIX mutexes.",
            .help_markdown =
                "# Lock imbalance\n"
                "\n"
                "Every path through a function must leave each lock as it found it, unless the "
                "function's contract says otherwise (a lock helper). An error path that "
                "returns with the lock held deadlocks the next caller; locking a "
                "non-recursive mutex twice deadlocks the thread itself; unlocking a mutex that "
                "is not held is undefined behaviour.\n"
                "\n"
                "Route every exit through one unlock, for example a `goto out` label placed "
                "after the work and before the return.\n"
                "\n"
                "## Bad\n"
                "\n"
                "```c\n"
                "int cache_put(struct cache *c, const char *key, void *val) {\n"
                "  pthread_mutex_lock(&c->lock);\n"
                "  struct entry *e = malloc(sizeof *e);\n"
                "  if (!e)\n"
                "    return -ENOMEM; /* returns with c->lock held */\n"
                "  e->key = key;\n"
                "  e->val = val;\n"
                "  list_push(&c->entries, e);\n"
                "  pthread_mutex_unlock(&c->lock);\n"
                "  return 0;\n"
                "}\n"
                "```\n"
                "\n"
                "## Fixed\n"
                "\n"
                "```c\n"
                "int cache_put(struct cache *c, const char *key, void *val) {\n"
                "  int ret = 0;\n"
                "  pthread_mutex_lock(&c->lock);\n"
                "  struct entry *e = malloc(sizeof *e);\n"
                "  if (!e) {\n"
                "    ret = -ENOMEM;\n"
                "    goto out;\n"
                "  }\n"
                "  e->key = key;\n"
                "  e->val = val;\n"
                "  list_push(&c->entries, e);\n"
                "out:\n"
                "  pthread_mutex_unlock(&c->lock); /* one unlock for every exit */\n"
                "  return ret;\n"
                "}\n"
                "```\n",
            .default_level = "warning",
            .tags = {"reliability", "concurrency", "external/cwe/cwe-667"},
            .precision = "high",
        },
    [RULE_WAITGROUP_IMBALANCE] =
        {
            .rule = RULE_WAITGROUP_IMBALANCE,
            .id = "waitgroup-imbalance",
            .name = "WaitgroupImbalance",
            .short_description = "Threads or wait counts that are started but never waited for",
            .full_description =
                "A thread is created but never joined nor detached, so its stack and "
                "descriptor stay allocated after it exits; or a barrier is initialised for a "
                "count that the code never reaches; or add/done style counters (a semaphore, "
                "a counted latch) do not balance on some path, so the waiter blocks forever or "
                "returns early. This is C's form of a Go sync.WaitGroup whose Add and Done do "
                "not match.",
            .help_markdown =
                "# Wait-group imbalance\n"
                "\n"
                "Each `pthread_create()` needs exactly one `pthread_join()` or "
                "`pthread_detach()`: a joinable thread that is neither keeps its stack (often "
                "8 MiB of address space) and its descriptor after it exits. Likewise a "
                "barrier or counter must be waited for by exactly as many threads as its "
                "count, on every path, including when creating one of the threads fails.\n"
                "\n"
                "Keep the thread ids and join them, or detach threads nobody waits for. When "
                "starting N workers can fail half way, join the ones already started.\n"
                "\n"
                "## Bad\n"
                "\n"
                "```c\n"
                "int pool_start(struct pool *p) {\n"
                "  for (int i = 0; i < p->nworkers; i++) {\n"
                "    pthread_t tid;\n"
                "    if (pthread_create(&tid, NULL, worker_main, p) != 0)\n"
                "      return -1;\n"
                "  } /* the ids are dropped: no thread is ever joined nor detached */\n"
                "  return 0;\n"
                "}\n"
                "```\n"
                "\n"
                "## Fixed\n"
                "\n"
                "```c\n"
                "int pool_start(struct pool *p) {\n"
                "  for (int i = 0; i < p->nworkers; i++) {\n"
                "    if (pthread_create(&p->tids[i], NULL, worker_main, p) != 0) {\n"
                "      pool_stop(p, i); /* tells the first i workers to exit, joins them */\n"
                "      return -1;\n"
                "    }\n"
                "  }\n"
                "  return 0; /* pool_stop(p, p->nworkers) joins them all */\n"
                "}\n"
                "```\n",
            .default_level = "warning",
            .tags = {"reliability", "concurrency", "external/cwe/cwe-404"},
            .precision = "medium",
        },
    [RULE_BLOCKED_CHANNEL] =
        {
            .rule = RULE_BLOCKED_CHANNEL,
            .id = "blocked-channel",
            .name = "BlockedChannel",
            .short_description = "A thread can block forever on a pipe, queue or condition "
                                 "variable that nothing will wake",
            .full_description =
                "A thread waits on something no other code will ever complete: it reads a "
                "pipe whose write end is neither written nor closed on some path, waits on a "
                "condition variable that is never signalled, or is one of N senders when only "
                "one message is ever received. The thread and everything it holds leak for "
                "the life of the process. This is C's form of a goroutine blocked on a Go "
                "channel.",
            .help_markdown =
                "# Blocked channel\n"
                "\n"
                "A reader blocks until a writer writes or closes; a waiter blocks until "
                "someone signals. If some path of the other side returns without doing "
                "either, for example an error path in a worker thread, the blocked thread "
                "never wakes up: it leaks, with its stack and every resource it holds, and "
                "a join on it hangs.\n"
                "\n"
                "Make every path of the producer either deliver a value or close its end "
                "(`close()` makes `read()` return 0), and signal condition variables on error "
                "paths too, after setting the state the waiter checks.\n"
                "\n"
                "## Bad\n"
                "\n"
                "```c\n"
                "static void *fetch_main(void *arg) {\n"
                "  struct fetch *f = arg;\n"
                "  if (download(f->url, &f->body) != 0)\n"
                "    return NULL; /* neither writes nor closes: the reader waits forever */\n"
                "  int status = 0;\n"
                "  write(f->done[1], &status, sizeof status);\n"
                "  return NULL;\n"
                "}\n"
                "\n"
                "int fetch_wait(struct fetch *f) {\n"
                "  int status;\n"
                "  if (read(f->done[0], &status, sizeof status) != sizeof status)\n"
                "    return -1;\n"
                "  return status;\n"
                "}\n"
                "```\n"
                "\n"
                "## Fixed\n"
                "\n"
                "```c\n"
                "static void *fetch_main(void *arg) {\n"
                "  struct fetch *f = arg;\n"
                "  int status = download(f->url, &f->body) == 0 ? 0 : -1;\n"
                "  /* every path reports, so fetch_wait() always wakes up */\n"
                "  write(f->done[1], &status, sizeof status);\n"
                "  close(f->done[1]);\n"
                "  return NULL;\n"
                "}\n"
                "```\n",
            .default_level = "warning",
            .tags = {"reliability", "concurrency", "external/cwe/cwe-833"},
            .precision = "medium",
        },
    [RULE_RESOURCE_LEAK] =
        {
            .rule = RULE_RESOURCE_LEAK,
            .id = "resource-leak",
            .name = "ResourceLeak",
            .short_description = "A handle is not released on some path",
            .full_description =
                "A resource (heap memory, a FILE *, a file descriptor, a socket, a DIR *, a "
                "mapping, a library handle) is acquired and then, on at least one path, the "
                "function returns or overwrites the last reference to it without releasing "
                "it or handing it to an owner. Error paths are the usual culprit.",
            .help_markdown =
                "# Resource leak\n"
                "\n"
                "On some path through the function, the only reference to an acquired "
                "resource is lost before it is released: the function returns, the variable "
                "is overwritten, or it goes out of scope. Leaked memory grows the process; "
                "leaked descriptors eventually make `open()` and `accept()` fail with "
                "`EMFILE`.\n"
                "\n"
                "Release the resource on every path, or transfer it to an owner (store it in "
                "a struct that is freed later, return it). A single cleanup label at the end "
                "of the function, reached by `goto` from every error, keeps the paths "
                "honest.\n"
                "\n"
                "## Bad\n"
                "\n"
                "```c\n"
                "int load_config(const char *path, struct config *cfg) {\n"
                "  FILE *f = fopen(path, \"r\");\n"
                "  if (!f)\n"
                "    return -1;\n"
                "  char *buf = malloc(CONFIG_MAX);\n"
                "  if (!buf)\n"
                "    return -1; /* f leaks */\n"
                "  if (!fgets(buf, CONFIG_MAX, f))\n"
                "    return -1; /* f and buf leak */\n"
                "  int ret = parse_config(buf, cfg);\n"
                "  free(buf);\n"
                "  fclose(f);\n"
                "  return ret;\n"
                "}\n"
                "```\n"
                "\n"
                "## Fixed\n"
                "\n"
                "```c\n"
                "int load_config(const char *path, struct config *cfg) {\n"
                "  int ret = -1;\n"
                "  char *buf = NULL;\n"
                "  FILE *f = fopen(path, \"r\");\n"
                "  if (!f)\n"
                "    return -1;\n"
                "  buf = malloc(CONFIG_MAX);\n"
                "  if (!buf || !fgets(buf, CONFIG_MAX, f))\n"
                "    goto out;\n"
                "  ret = parse_config(buf, cfg);\n"
                "out:\n"
                "  free(buf); /* free(NULL) is a no-op */\n"
                "  fclose(f);\n"
                "  return ret;\n"
                "}\n"
                "```\n",
            .default_level = "warning",
            .tags = {"reliability", "resource", "external/cwe/cwe-772"},
            .precision = "high",
        },
};

const ll_rule_info *rule_info(ll_rule_id r) {
  return r < RULE_COUNT ? &rules[r] : NULL;
}
