/* report_text.c - GCC/Clang-style diagnostics, the format editors and CI
 * problem matchers already parse. */

#include "reporters.h"
#include "source_text.h"

typedef struct palette {
  const char *bold, *warn, *note, *err, *green, *reset;
} palette;

static palette colors(bool on) {
  if (!on)
    return (palette){"", "", "", "", "", ""};
  return (palette){"\033[1m", "\033[1;35m", "\033[1;36m", "\033[1;31m", "\033[1;32m", "\033[0m"};
}

static void print_caret(FILE *out, const ll_location *loc, const palette *p) {
  const char *line;
  size_t len;
  if (!loc->path || !source_text_line(source_text_get(loc->path), loc->line, &line, &len))
    return;
  fprintf(out, "%5u | %.*s\n      | ", loc->line, (int)len, line);
  for (unsigned i = 1; i < loc->col && i - 1 < len; i++)
    fputc(line[i - 1] == '\t' ? '\t' : ' ', out);
  fprintf(out, "%s^", p->green);
  if (loc->end_line == loc->line && loc->end_col > loc->col + 1)
    for (unsigned i = loc->col + 1; i < loc->end_col && i - 1 < len; i++)
      fputc('~', out);
  fprintf(out, "%s\n", p->reset);
}

static void print_where(FILE *out, const ll_location *loc, const palette *p) {
  fprintf(out, "%s%s:%u:%u:%s ", p->bold, loc->path ? loc->path : "<unknown>", loc->line, loc->col,
          p->reset);
}

static void print_finding(FILE *out, const ll_finding *f, const palette *p) {
  print_where(out, &f->loc, p);
  fprintf(out, "%swarning:%s %s%s [%s]%s\n", p->warn, p->reset, p->bold, f->message,
          rule_id_name(f->rule), p->reset);
  print_caret(out, &f->loc, p);
  if (f->acquired.path && f->acquired_note) {
    print_where(out, &f->acquired, p);
    fprintf(out, "%snote:%s %s\n", p->note, p->reset, f->acquired_note);
  }
  for (size_t i = 0; i < f->nsteps; i++) {
    const ll_step *s = &f->steps[i];
    if (!s->loc.path)
      continue;
    print_where(out, &s->loc, p);
    fprintf(out, "%snote:%s %s\n", p->note, p->reset, s->message);
  }
  if (f->fix) {
    print_where(out, &f->loc, p);
    fprintf(out, "%snote:%s fix: %s\n", p->note, p->reset, f->fix);
  }
}

static const char *plural(size_t n) {
  return n == 1 ? "" : "s";
}

/* The last line: how many findings, and what a user would otherwise not
 * know (findings silenced, code not analysed).  Nothing on a clean run
 * that skipped nothing, which stays silent as compilers do. */
static void print_summary(FILE *out, const ll_report *r) {
  size_t suppressed = 0, unchanged = 0;
  for (size_t i = 0; i < r->nhidden; i++) {
    if (r->hidden[i].suppression)
      suppressed++;
    else
      unchanged++;
  }
  if (!r->nfindings && !suppressed && !unchanged && !r->skipped_files && !r->skipped_functions)
    return;
  fprintf(out, "%zu finding%s", r->nfindings, plural(r->nfindings));
  if (unchanged)
    fprintf(out, "; %zu more in the baseline", unchanged);
  if (suppressed)
    fprintf(out, "; %zu suppressed by comments", suppressed);
  if (r->skipped_files || r->skipped_functions) {
    fputs("; ", out);
    if (r->skipped_files)
      fprintf(out, "%zu source file%s not in the compilation database", r->skipped_files,
              plural(r->skipped_files));
    if (r->skipped_files && r->skipped_functions)
      fputs(" and ", out);
    if (r->skipped_functions)
      fprintf(out, "%zu function%s over the analysis budget", r->skipped_functions,
              plural(r->skipped_functions));
    fprintf(out, " %s skipped (-v lists them)",
            r->skipped_files + r->skipped_functions == 1 ? "was" : "were");
  }
  fputs(".\n", out);
}

int report_text(const ll_report *r, FILE *out, bool color) {
  palette p = colors(color);
  for (size_t i = 0; i < r->nfindings; i++)
    print_finding(out, &r->findings[i], &p);
  print_summary(out, r);
  return ferror(out) ? -1 : 0;
}

void report_text_notes(const ll_report *r, FILE *out, bool color, bool verbose) {
  palette p = colors(color);
  for (size_t i = 0; i < r->nnotes; i++) {
    const ll_notification *n = &r->notes[i];
    if (n->level == NOTE_INFO && !verbose)
      continue;
    const char *kind = note_level_name(n->level);
    const char *c = n->level == NOTE_ERROR ? p.err : n->level == NOTE_WARNING ? p.warn : p.note;
    if (n->loc.path && n->loc.line)
      fprintf(out, "%s%s:%u:%u:%s ", p.bold, n->loc.path, n->loc.line, n->loc.col, p.reset);
    else if (n->loc.path)
      fprintf(out, "%s%s:%s ", p.bold, n->loc.path, p.reset);
    else
      fprintf(out, "%sleaklint:%s ", p.bold, p.reset);
    fprintf(out, "%s%s:%s %s\n", c, kind, p.reset, n->message);
  }
}
