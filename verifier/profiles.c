/* profiles.c - the profiles a run left behind, grouped into one time series
 * per process image (heap.PID.STAMP.SEQ.pb.gz: a forked child has its own
 * pid, an exec'd image its own stamp). */
#include <dirent.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify_internal.h"

static const char *const value_names[4] = {"alloc_objects", "alloc_space", "inuse_objects",
                                           "inuse_space"};

static void find_value_indices(vf_snapshot *s) {
  for (int k = 0; k < 4; k++) {
    s->idx[k] = -1;
    for (size_t i = 0; i < s->prof.nsample_types; i++)
      if (strcmp(pp_string(&s->prof, s->prof.sample_types[i].type), value_names[k]) == 0)
        s->idx[k] = (int)i;
  }
}

/* The sampler's comments: "pid=.. seq=.. final=..", "fds=.. threads=..",
 * "base_fds=..".  Unknown lines are ignored. */
static void parse_comments(vf_snapshot *s, int *ppid) {
  s->now = s->base = (vf_counts){-1, -1, -1, -1};
  for (size_t i = 0; i < s->prof.ncomments; i++) {
    const char *c = pp_string(&s->prof, s->prof.comments[i]);
    int a, b, d, e, f;
    if (sscanf(c, "pid=%d ppid=%d seq=%d final=%d", &a, &b, &d, &e) == 4) {
      *ppid = b;
      s->final = e != 0;
    } else if (sscanf(c, "fds=%d threads=%d timers=%d blocked=%d", &a, &b, &d, &f) == 4) {
      s->now = (vf_counts){a, b, d, f};
    } else if (sscanf(c, "base_fds=%d base_threads=%d base_timers=%d base_blocked=%d", &a, &b, &d,
                      &f) == 4) {
      s->base = (vf_counts){a, b, d, f};
    }
  }
  s->t = (double)s->prof.duration_nanos / 1e9;
}

static vf_process *process_for(vf_profiles *p, int pid, uint64_t stamp) {
  for (size_t i = 0; i < p->nprocs; i++)
    if (p->procs[i].pid == pid && p->procs[i].stamp == stamp)
      return &p->procs[i];
  vf_process *grown = realloc(p->procs, (p->nprocs + 1) * sizeof *grown);
  if (!grown)
    return NULL;
  p->procs = grown;
  vf_process *proc = &p->procs[p->nprocs++];
  memset(proc, 0, sizeof *proc);
  proc->pid = pid;
  proc->stamp = stamp;
  return proc;
}

static int add_file(vf_profiles *p, const char *dir, const char *name) {
  int pid;
  uint64_t stamp;
  unsigned seq;
  int used = 0;
  if (sscanf(name, "heap.%d.%" SCNu64 ".%u.pb.gz%n", &pid, &stamp, &seq, &used) != 3 ||
      name[used] != '\0')
    return 0;
  vf_snapshot snap;
  memset(&snap, 0, sizeof snap);
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (pp_read_file(path, &snap.prof) != 0) {
    fprintf(stderr, "leaklint verify: %s: not a readable profile, skipped\n", path);
    return 0;
  }
  snap.path = strdup(path);
  snap.seq = seq;
  int ppid = 0;
  parse_comments(&snap, &ppid);
  find_value_indices(&snap);
  vf_process *proc = process_for(p, pid, stamp);
  vf_snapshot *grown = proc ? realloc(proc->snaps, (proc->nsnaps + 1) * sizeof *grown) : NULL;
  if (!grown || !snap.path) {
    free(snap.path);
    pp_free(&snap.prof);
    return -1;
  }
  proc->ppid = ppid;
  proc->snaps = grown;
  proc->snaps[proc->nsnaps++] = snap;
  p->nfiles++;
  return 0;
}

static int by_seq(const void *a, const void *b) {
  const vf_snapshot *x = a, *y = b;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

static int main_pid_for_sort;

static int by_process(const void *a, const void *b) {
  const vf_process *x = a, *y = b;
  int xm = x->pid == main_pid_for_sort, ym = y->pid == main_pid_for_sort;
  if (xm != ym)
    return ym - xm;
  if (x->pid != y->pid)
    return (x->pid > y->pid) - (x->pid < y->pid);
  return (x->stamp > y->stamp) - (x->stamp < y->stamp);
}

int vf_profiles_load(const char *dir, int main_pid, vf_profiles *out) {
  memset(out, 0, sizeof *out);
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "leaklint verify: cannot read %s\n", dir);
    return -1;
  }
  struct dirent *e;
  int rc = 0;
  while (rc == 0 && (e = readdir(d)))
    rc = add_file(out, dir, e->d_name);
  closedir(d);
  for (size_t i = 0; i < out->nprocs; i++)
    qsort(out->procs[i].snaps, out->procs[i].nsnaps, sizeof(vf_snapshot), by_seq);
  main_pid_for_sort = main_pid;
  if (out->nprocs)
    qsort(out->procs, out->nprocs, sizeof(vf_process), by_process);
  if (rc != 0)
    vf_profiles_free(out);
  return rc;
}

void vf_profiles_free(vf_profiles *p) {
  for (size_t i = 0; i < p->nprocs; i++) {
    for (size_t j = 0; j < p->procs[i].nsnaps; j++) {
      free(p->procs[i].snaps[j].path);
      pp_free(&p->procs[i].snaps[j].prof);
    }
    free(p->procs[i].snaps);
  }
  free(p->procs);
  memset(p, 0, sizeof *p);
}
