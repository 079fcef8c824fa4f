/* symbolize.c - functions, files and lines for the sampled return addresses,
 * from DWARF through elfutils' libdwfl, in the verify process.
 *
 * A process's modules are reported to libdwfl from the mappings its last
 * profile recorded, each at the load bias those mappings imply; results are
 * cached per address, since successive profiles repeat the same stacks. */
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verify_internal.h"

typedef struct sym {
  uint64_t pc;
  char *func, *file;
  int line;
} sym;

typedef struct sym_cache {
  sym *slots;
  size_t cap, used;
} sym_cache;

static const Dwfl_Callbacks callbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
};

/* The load bias of path given that file offset `offset` is mapped at
 * `start`: address = bias + p_vaddr + (offset - p_offset) in that segment. */
static int load_bias(const char *path, uint64_t start, uint64_t offset, uint64_t *bias) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
  size_t n = 0;
  int rc = -1;
  if (elf && elf_getphdrnum(elf, &n) == 0)
    for (size_t i = 0; i < n && rc != 0; i++) {
      GElf_Phdr ph;
      if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
        continue;
      uint64_t seg_lo = ph.p_offset & ~(uint64_t)0xfff;
      if (offset >= seg_lo && offset < ph.p_offset + ph.p_filesz) {
        *bias = start - ph.p_vaddr - offset + ph.p_offset;
        rc = 0;
      }
    }
  if (elf)
    elf_end(elf);
  close(fd);
  return rc;
}

static Dwfl *report_modules(const pp_profile *p) {
  elf_version(EV_CURRENT);
  Dwfl *dwfl = dwfl_begin(&callbacks);
  if (!dwfl)
    return NULL;
  dwfl_report_begin(dwfl);
  for (size_t i = 0; i < p->nmappings; i++) {
    const pp_mapping *m = &p->mappings[i];
    const char *path = pp_string(p, m->filename);
    uint64_t bias;
    if (path[0] != '/' || strstr(path, " (deleted)"))
      continue;
    if (load_bias(path, m->memory_start, m->file_offset, &bias) != 0)
      continue;
    const char *base = strrchr(path, '/') + 1;
    /* A second executable mapping of the same file reports the same module:
     * libdwfl then returns the existing one. */
    dwfl_report_elf(dwfl, base, path, -1, bias, true);
  }
  dwfl_report_end(dwfl, NULL, NULL);
  return dwfl;
}

static sym *cache_slot(sym_cache *c, uint64_t pc) {
  size_t i = (size_t)((pc * 0x9E3779B97F4A7C15ULL) >> 17) & (c->cap - 1);
  while (c->slots[i].pc && c->slots[i].pc != pc)
    i = (i + 1) & (c->cap - 1);
  return &c->slots[i];
}

static int cache_grow(sym_cache *c) {
  sym_cache bigger = {calloc(c->cap ? c->cap * 2 : 1024, sizeof(sym)), c->cap ? c->cap * 2 : 1024,
                      c->used};
  if (!bigger.slots)
    return -1;
  for (size_t i = 0; i < c->cap; i++)
    if (c->slots[i].pc)
      *cache_slot(&bigger, c->slots[i].pc) = c->slots[i];
  free(c->slots);
  *c = bigger;
  return 0;
}

/* pc is a return address: the call it returns from sits at pc - 1. */
static void resolve_pc(Dwfl *dwfl, sym *s) {
  Dwarf_Addr addr = s->pc - 1;
  Dwfl_Module *mod = dwfl ? dwfl_addrmodule(dwfl, addr) : NULL;
  if (!mod)
    return;
  const char *name = dwfl_module_addrname(mod, addr);
  if (name)
    s->func = strdup(name);
  Dwfl_Line *line = dwfl_module_getsrc(mod, addr);
  int lineno = 0;
  const char *file = line ? dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL) : NULL;
  if (file) {
    s->file = strdup(file);
    s->line = lineno;
  }
}

static const sym *lookup(sym_cache *c, Dwfl *dwfl, uint64_t pc) {
  if ((c->used + 1) * 2 > c->cap && cache_grow(c) != 0)
    return NULL;
  sym *s = cache_slot(c, pc);
  if (!s->pc) {
    s->pc = pc;
    c->used++;
    resolve_pc(dwfl, s);
  }
  return s;
}

static uint64_t function_id(pp_profile *p, const sym *s) {
  int64_t name = pp_intern(p, s->func ? s->func : "??");
  int64_t file = pp_intern(p, s->file ? s->file : "");
  for (size_t i = 0; i < p->nfunctions; i++)
    if (p->functions[i].name == name && p->functions[i].filename == file)
      return p->functions[i].id;
  pp_function *f = pp_add_function(p);
  if (!f)
    return 0;
  f->id = p->nfunctions;
  f->name = f->system_name = name;
  f->filename = file;
  return f->id;
}

/* Returns how many locations stayed without a function. */
static size_t symbolize_profile(pp_profile *p, sym_cache *cache, Dwfl *dwfl) {
  size_t missed = 0;
  for (size_t i = 0; i < p->nlocations; i++) {
    pp_location *loc = &p->locations[i];
    if (loc->nlines)
      continue; /* symbolized already */
    const sym *s = lookup(cache, dwfl, loc->address);
    if (!s || !s->func) {
      missed++;
      continue;
    }
    pp_line *line = pp_location_add_line(loc);
    if (line) {
      line->function_id = function_id(p, s);
      line->line = s->line;
    }
  }
  for (size_t i = 0; i < p->nmappings; i++)
    p->mappings[i].has_functions = p->mappings[i].has_filenames = p->mappings[i].has_line_numbers =
        true;
  return missed;
}

size_t vf_symbolize_process(vf_process *proc) {
  if (!proc->nsnaps)
    return 0;
  Dwfl *dwfl = report_modules(&proc->snaps[proc->nsnaps - 1].prof);
  sym_cache cache = {NULL, 0, 0};
  size_t missed = 0;
  for (size_t i = 0; i < proc->nsnaps; i++) {
    vf_snapshot *s = &proc->snaps[i];
    missed += symbolize_profile(&s->prof, &cache, dwfl);
    if (pp_write_file(&s->prof, s->path) != 0)
      fprintf(stderr, "leaklint verify: cannot rewrite %s\n", s->path);
  }
  for (size_t i = 0; i < cache.cap; i++) {
    free(cache.slots[i].func);
    free(cache.slots[i].file);
  }
  free(cache.slots);
  if (dwfl)
    dwfl_end(dwfl);
  return missed;
}
