/* proc_fields.h - single fields of /proc files, read without stdio: the
 * sampler reads them inside the profiled program, the verifier about it. */
#ifndef LEAKLINT_PROC_FIELDS_H
#define LEAKLINT_PROC_FIELDS_H

#include <stddef.h>

/* Reads up to cap - 1 bytes of path into buf, NUL-terminated; the length, or
 * -1. */
int proc_read_small(const char *path, char *buf, size_t cap);
/* The state letter (R, S, D, T, Z...) of a /proc/.../stat file, or '?'. */
char proc_state(const char *stat_path);
/* What a /proc/.../syscall file says: -1 unreadable, 0 "running", else 1 and
 * *nr the system call the task sits in (-1 when it is stopped outside one). */
int proc_syscall(const char *syscall_path, long *nr);

#endif
