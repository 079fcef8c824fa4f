/* compdb.c - see compdb.h. */
#include "compdb.h"

#include <cjson/cJSON.h>
#include <clang-c/CXCompilationDatabase.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

struct compdb {
  CXCompilationDatabase db;
  char *dir, *file;
  /* The files the database lists, resolved and sorted: libclang also
   * answers for files it does not list, with a command guessed from their
   * neighbours, so whether a file is really built is asked here. */
  char **listed;
  size_t nlisted;
  bool listed_all;
};

static int cmp_strp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_files(compdb *c, const cJSON *root) {
  size_t cap = 0;
  for (const cJSON *e = root->child; e; e = e->next) {
    const char *dir = cJSON_GetObjectItem(e, "directory")->valuestring;
    const char *file = cJSON_GetObjectItem(e, "file")->valuestring;
    char *joined = file[0] == '/' ? xstrdup(file) : xasprintf("%s/%s", dir, file);
    char resolved[PATH_MAX];
    char *path = realpath(joined, resolved) ? xstrdup(resolved) : xstrdup(joined);
    free(joined);
    LL_GROW(c->listed, c->nlisted, cap);
    c->listed[c->nlisted++] = path;
  }
  if (c->nlisted)
    qsort(c->listed, c->nlisted, sizeof *c->listed, cmp_strp);
}

bool compdb_lists_under(const compdb *c, const char *dir) {
  if (!c)
    return false;
  if (c->listed_all)
    return true;
  char resolved[PATH_MAX];
  if (!realpath(dir, resolved))
    return false;
  size_t n = strlen(resolved);
  for (size_t i = 0; i < c->nlisted; i++)
    if (strncmp(c->listed[i], resolved, n) == 0 && c->listed[i][n] == '/')
      return true;
  return false;
}

static bool is_listed(const compdb *c, const char *abs) {
  return c->nlisted && bsearch(&abs, c->listed, c->nlisted, sizeof *c->listed, cmp_strp);
}

const char *compdb_path(const compdb *db) {
  return db ? db->file : NULL;
}

static void position_of(const char *text, const char *at, unsigned *line, unsigned *col) {
  *line = 1, *col = 1;
  for (const char *p = text; p < at && *p; p++) {
    if (*p == '\n')
      (*line)++, *col = 1;
    else
      (*col)++;
  }
}

/* libclang says only "cannot load"; cJSON tells where the file is wrong.
 * A valid database's files are listed into c. */
static bool validate(const char *file, ll_report *notes, compdb *c) {
  size_t len;
  char *text = read_file(file, &len);
  if (!text) {
    report_add_note(notes, NOTE_ERROR, (ll_location){.path = intern(file)}, "cannot read");
    return false;
  }
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
  bool ok = true;
  if (!root) {
    unsigned line, col;
    position_of(text, end ? end : cJSON_GetErrorPtr(), &line, &col);
    report_add_note(notes, NOTE_ERROR,
                    (ll_location){.path = intern(file), .line = line, .col = col},
                    "malformed compile_commands.json: invalid JSON");
    ok = false;
  } else if (!cJSON_IsArray(root)) {
    report_add_note(notes, NOTE_ERROR, (ll_location){.path = intern(file), .line = 1, .col = 1},
                    "malformed compile_commands.json: expected an array of commands");
    ok = false;
  } else {
    int i = 0;
    for (cJSON *e = root->child; e && ok; e = e->next, i++) {
      if (!cJSON_IsObject(e) || !cJSON_IsString(cJSON_GetObjectItem(e, "file")) ||
          !cJSON_IsString(cJSON_GetObjectItem(e, "directory")) ||
          (!cJSON_IsString(cJSON_GetObjectItem(e, "command")) &&
           !cJSON_IsArray(cJSON_GetObjectItem(e, "arguments")))) {
        report_add_note(notes, NOTE_ERROR, (ll_location){.path = intern(file)},
                        "malformed compile_commands.json: entry %d needs \"directory\", "
                        "\"file\" and \"command\" or \"arguments\"",
                        i);
        ok = false;
      }
    }
  }
  if (ok)
    list_files(c, root);
  cJSON_Delete(root);
  free(text);
  return ok;
}

static compdb *load(const char *dir, ll_report *notes, bool *failed) {
  char *file = xasprintf("%s/compile_commands.json", dir);
  bool json = true;
  if (access(file, F_OK) != 0) {
    /* clang's other convention: one flag per line, for every file below. */
    free(file);
    file = xasprintf("%s/compile_flags.txt", dir);
    json = false;
    if (access(file, F_OK) != 0) {
      free(file);
      return NULL;
    }
  }
  compdb *c = xcalloc(1, sizeof *c);
  if (json && !validate(file, notes, c)) {
    *failed = true;
    free(file);
    free(c);
    return NULL;
  }
  c->listed_all = !json; /* compile_flags.txt covers every file */
  CXCompilationDatabase_Error err;
  CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &err);
  if (err != CXCompilationDatabase_NoError || !db) {
    report_add_note(notes, NOTE_ERROR, (ll_location){.path = intern(file)},
                    "libclang could not load this compilation database");
    *failed = true;
    free(file);
    compdb_free(c);
    return NULL;
  }
  c->db = db;
  c->dir = xstrdup(dir);
  c->file = file;
  return c;
}

compdb *compdb_open(const char *dir, const char *start, ll_report *notes, bool *failed) {
  *failed = false;
  if (dir) {
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
      report_add_note(notes, NOTE_ERROR, (ll_location){.path = intern(dir)}, "-p: not a directory");
      *failed = true;
      return NULL;
    }
    compdb *db = load(dir, notes, failed);
    if (!db && !*failed) {
      report_add_note(notes, NOTE_ERROR, (ll_location){.path = intern(dir)},
                      "-p: no compile_commands.json in this directory");
      *failed = true;
    }
    return db;
  }
  char buf[PATH_MAX];
  if (!dir_of_path(start ? start : ".", buf, sizeof buf))
    return NULL;
  /* As clang-tidy: the directory and its parents, not build trees beside
   * them (which belong to whatever was built there). */
  do {
    compdb *db = load(buf, notes, failed);
    if (db || *failed)
      return db;
  } while (up_one_dir(buf));
  return NULL;
}

void compdb_free(compdb *db) {
  if (!db)
    return;
  if (db->db)
    clang_CompilationDatabase_dispose(db->db);
  for (size_t i = 0; i < db->nlisted; i++)
    free(db->listed[i]);
  free(db->listed);
  free(db->dir);
  free(db->file);
  free(db);
}

static void push(compile_args *a, const char *s) {
  a->argv = xrealloc(a->argv, (a->argc + 2) * sizeof *a->argv);
  a->argv[a->argc++] = xstrdup(s);
  a->argv[a->argc] = NULL;
}

/* Flags that make the compiler write files or that name the output. */
static int output_flag_arity(const char *s) {
  static const char *const with_value[] = {"-o", "-MF", "-MT", "-MQ", "-MJ", NULL};
  static const char *const alone[] = {"-c", "-MD", "-MMD", "-MM", "-M", "-E", "-S", NULL};
  for (int i = 0; with_value[i]; i++)
    if (strcmp(s, with_value[i]) == 0)
      return 2;
  for (int i = 0; alone[i]; i++)
    if (strcmp(s, alone[i]) == 0)
      return 1;
  return 0;
}

/* libclang's -working-directory changes the whole process's directory
 * (LLVM 14 calls chdir), which parallel workers cannot share: make the
 * paths in the command absolute instead. */
static const char *const path_flags[] = {"-I",       "-isystem", "-iquote",   "-idirafter",
                                         "-include", "-imacros", "-isysroot", "--sysroot",
                                         "-F",       NULL};

static char *absolute(const char *dir, const char *p) {
  return p[0] == '/' ? xstrdup(p) : xasprintf("%s/%s", dir, p);
}

static void push_absolute(compile_args *out, const char *dir, const char *arg, bool *next_is_path) {
  if (*next_is_path) {
    char *a = absolute(dir, arg);
    push(out, a);
    free(a);
    *next_is_path = false;
    return;
  }
  for (int i = 0; path_flags[i]; i++) {
    size_t n = strlen(path_flags[i]);
    if (strcmp(arg, path_flags[i]) == 0) {
      *next_is_path = true;
      push(out, arg);
      return;
    }
    if (strncmp(arg, path_flags[i], n) == 0 && arg[n] && (n == 2 || arg[n] == '=')) {
      const char *v = arg + n + (arg[n] == '=');
      char *a = absolute(dir, v);
      char *joined = xasprintf("%.*s%s", (int)(v - arg), arg, a);
      push(out, joined);
      free(a);
      free(joined);
      return;
    }
  }
  push(out, arg);
}

static bool from_database(compdb *db, const char *path, compile_args *out) {
  char abs[PATH_MAX];
  if (!db || !realpath(path, abs))
    return false;
  CXCompileCommands cmds = clang_CompilationDatabase_getCompileCommands(db->db, abs);
  if (!cmds)
    return false;
  bool found = clang_CompileCommands_getSize(cmds) > 0;
  if (found) {
    CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, 0);
    CXString dir = clang_CompileCommand_getDirectory(cmd);
    CXString file = clang_CompileCommand_getFilename(cmd);
    out->workdir = xstrdup(clang_getCString(dir));
    const char *fname = clang_getCString(file);
    unsigned n = clang_CompileCommand_getNumArgs(cmd);
    bool next_is_path = false;
    for (unsigned i = 1; i < n; i++) {
      CXString a = clang_CompileCommand_getArg(cmd, i);
      const char *s = clang_getCString(a);
      int skip = output_flag_arity(s);
      if (skip) {
        i += (unsigned)skip - 1;
      } else if (strcmp(s, fname) != 0 && !(s[0] != '-' && str_ends_with(abs, s))) {
        push_absolute(out, out->workdir, s, &next_is_path);
      }
      clang_disposeString(a);
    }
    clang_disposeString(dir);
    clang_disposeString(file);
    out->from_db = db->listed_all || is_listed(db, abs);
  }
  clang_CompileCommands_dispose(cmds);
  return found;
}

static void add_include_dir(compile_args *a, const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return;
  char *flag = xasprintf("-I%s", dir);
  for (int i = 0; i < a->argc; i++)
    if (strcmp(a->argv[i], flag) == 0) {
      free(flag);
      return;
    }
  push(a, flag);
  free(flag);
}

static void defaults(const char *path, const char *root, compile_args *out) {
  push(out, "-std=gnu11");
  char *dir = xstrdup(path);
  char *slash = strrchr(dir, '/');
  if (slash)
    *slash = '\0';
  else
    strcpy(dir, ".");
  add_include_dir(out, dir);
  /* include/ beside the file and beside each directory up to the root. */
  char *root_dir = xstrdup(root);
  struct stat st;
  if (stat(root_dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
    char *s = strrchr(root_dir, '/');
    if (s)
      *s = '\0';
    else
      strcpy(root_dir, ".");
  }
  for (;;) {
    char *inc = xasprintf("%s/include", dir);
    add_include_dir(out, inc);
    free(inc);
    if (strcmp(dir, root_dir) == 0 || strcmp(dir, ".") == 0)
      break;
    char *s = strrchr(dir, '/');
    if (!s)
      strcpy(dir, ".");
    else
      *s = '\0';
  }
  free(root_dir);
  free(dir);
}

void compdb_args_for(compdb *db, const char *path, const char *root, const char *const *extra,
                     int nextra, compile_args *out) {
  memset(out, 0, sizeof *out);
  if (!from_database(db, path, out))
    defaults(path, root, out);
  for (int i = 0; i < nextra; i++)
    push(out, extra[i]);
}

void compile_args_free(compile_args *a) {
  for (int i = 0; i < a->argc; i++)
    free(a->argv[i]);
  free(a->argv);
  free(a->workdir);
  memset(a, 0, sizeof *a);
}
