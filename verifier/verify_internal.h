/* verify_internal.h - the pieces of `leaklint verify`, in the order data flows
 * through them: run the program (run.c), load its profiles (profiles.c),
 * symbolize them (symbolize.c), read the findings (sarif_io.c), decide
 * (verdict.c), report (report.c, sarif_io.c).
 *
 * Ownership: each *_free releases what the matching reader allocated;
 * vf_finding.result points into vf_findings.root and is owned by it. */
#ifndef LEAKLINT_VERIFY_INTERNAL_H
#define LEAKLINT_VERIFY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "pprof.h"
#include "rule_info.h"
#include "sarif_reader.h"

/* --- run.c ------------------------------------------------------------- */
typedef struct vf_run_options {
  const char *profile_dir; /* created if missing; old heap.*.pb.gz removed */
  const char *sample_rate; /* LEAKLINT_SAMPLE_RATE, NULL = sampler default */
  double interval_s;       /* LEAKLINT_PROFILE_INTERVAL */
  double timeout_s;        /* 0 = wait for the program however long it runs */
  char **argv;             /* program and arguments, NULL-terminated */
} vf_run_options;

typedef struct vf_run_result {
  int pid;
  int exit_status; /* as from waitpid */
  bool timed_out;
} vf_run_result;

/* Path of the sampler library: $LEAKLINT_SAMPLER, else next to this
 * executable (build tree), else ../lib/leaklint/ (installed).  Returns 0 and
 * fills out, or -1. */
int vf_find_sampler(char *out, size_t cap);
/* Runs the program with the sampler preloaded.  Returns 0, or -1 when it
 * could not be started (message printed). */
int vf_run(const vf_run_options *o, const char *sampler, vf_run_result *out);
/* Calls fn (if any) on the path of each profile in dir, of pid or (pid 0) of
 * every process; returns how many there are, or -1. */
int vf_each_profile(const char *dir, int pid, void (*fn)(const char *path));

/* --- last_profile.c ---------------------------------------------------- */
/* The signal on which the sampler writes its final profile. */
int vf_last_profile_signal(void);
/* Before a run that timed out is ended: has pid write its final profile
 * into dir (a single-threaded one only if caught outside malloc). */
void vf_ask_last_profile(int pid, const char *dir);

/* --- profiles.c -------------------------------------------------------- */
typedef struct vf_counts {
  int fds, threads, timers, blocked; /* -1 when unknown */
} vf_counts;

typedef struct vf_snapshot {
  char *path;
  pp_profile prof;
  unsigned seq;
  bool final;
  double t; /* seconds since the process started */
  vf_counts now, base;
  int idx[4]; /* sample value index of alloc_objects, alloc_space,
                 inuse_objects, inuse_space (-1 when absent) */
} vf_snapshot;

/* One process image: a pid and the time its sampler started. */
typedef struct vf_process {
  int pid, ppid;
  uint64_t stamp;
  vf_snapshot *snaps; /* by seq */
  size_t nsnaps;
} vf_process;

typedef struct vf_profiles {
  vf_process *procs; /* the process verify started first, then by pid */
  size_t nprocs;
  size_t nfiles;
} vf_profiles;

/* Loads every heap.*.pb.gz of dir.  main_pid orders that process first.
 * Returns 0 (possibly with no processes) or -1. */
int vf_profiles_load(const char *dir, int main_pid, vf_profiles *out);
void vf_profiles_free(vf_profiles *p);

/* --- symbolize.c ------------------------------------------------------- */
/* Adds functions, files and lines to every snapshot of proc (DWARF through
 * libdw), and rewrites each profile file with them.  Returns the number of
 * locations it could not symbolize. */
size_t vf_symbolize_process(vf_process *proc);

/* --- sarif_io.c -------------------------------------------------------- */
typedef sarif_site vf_site; /* sarif/sarif_reader.h */

typedef enum { VF_NOT_EXERCISED, VF_NOT_REPRODUCED, VF_CONFIRMED } vf_verdict_kind;

typedef struct vf_evidence {
  vf_verdict_kind verdict;
  const char *resource; /* "heap", "fds", "threads", "blocked", "timers" */
  const char *reason;   /* "grows", "held-at-exit", "released", "never-ran" */
  double inuse_bytes, inuse_objects, alloc_objects, alloc_bytes;
  double count_first, count_last, count_base, count_max; /* max: peak bytes for heap */
  double peak_objects;
  double growth_per_s; /* bytes/s for heap, units/s for counts */
  double trend_z;      /* Mann-Kendall z of the growing stretch */
  size_t profiles;     /* in the series that decided */
  int pid;
  const char *profile; /* the last profile of that process */
} vf_evidence;

typedef struct vf_finding {
  cJSON *result; /* borrowed from vf_findings.root */
  const char *rule;
  vf_site site;    /* where the resource was acquired: what we match */
  vf_site primary; /* where the finding is reported */
  vf_evidence ev;
} vf_finding;

typedef struct vf_findings {
  sarif_log log; /* owns the tree and the sites' paths */
  vf_finding *items;
  size_t n;
} vf_findings;

/* Reads a SARIF log.  Returns 0, or -1 (message printed). */
int vf_findings_read(const char *path, vf_findings *out);
/* Records each finding's verdict in its result and run-level facts in the
 * run, then writes the log to path through a temporary file and a rename. */
int vf_findings_write(vf_findings *f, const char *path, cJSON *run_info);
void vf_findings_free(vf_findings *f);

/* --- verdict.c --------------------------------------------------------- */
/* Decides f->ev from the profiles. */
void vf_decide(vf_finding *f, const vf_profiles *p);
/* The evidence a finding of rule (a SARIF ruleId) leaves behind: the rule
 * list's, EVIDENCE_NONE-terminated unless full. */
const ll_evidence *vf_rule_evidence(const char *rule);
const char *vf_verdict_name(vf_verdict_kind v);
/* True when a symbolized source file names the same file as a finding's
 * path (equal, or one a path-component suffix of the other). */
bool vf_same_file(const char *finding_path, const char *dwarf_path);
/* Mann-Kendall trend statistic z of y[0..n). */
double vf_trend_z(const double *y, size_t n);

/* --- report.c ---------------------------------------------------------- */
void vf_print_verdicts(const vf_findings *f);
/* No findings: the sites whose in-use memory grew most, pprof -top style. */
void vf_print_top_sites(const vf_profiles *p, size_t limit);

#endif
