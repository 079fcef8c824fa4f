/* A request reader that reads a whole message into a big heap buffer and
 * keeps a short field of it (a session token, a request id) in a
 * long-lived object.  Keeping a window of a few bytes together with the
 * 64 KiB block's start, so that the window stays valid, holds the whole
 * block for as long as the object lives: copy the field out instead.
 * check-program: message_fields.c */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MSG_MAX (64 * 1024)
#define TOKEN_MAX 64
#define ID_LEN 16
#define BLOCK_SIZE 4096
#define KEY_LEN 8

void *msg_alloc(size_t n);
char *msg_field(char *msg, const char *name);
size_t msg_value_len(const char *p);

struct session {
  char *raw;   /* the message the token points into, freed with the session */
  char *token; /* into raw, or owned when raw is NULL */
  size_t token_len;
};

struct entry {
  char *block; /* the record the key points into */
  char *key;
  size_t key_len;
};

struct request {
  char *id; /* into the message the reader returns */
  size_t id_len;
  long length;
};

/* Reads one message into a new block of MSG_MAX bytes, NUL-terminated. */
static char *read_message(int fd) {
  char *buf = malloc(MSG_MAX);
  if (!buf)
    return NULL;
  ssize_t n = read(fd, buf, MSG_MAX - 1);
  if (n <= 0) {
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  return buf;
}

/* Faulty: the token, at most 64 bytes, is kept by keeping the whole
 * 64 KiB message beside it. */
int session_open(struct session *s, int fd) {
  char *buf = malloc(MSG_MAX);
  if (!buf)
    return -1;
  ssize_t n = read(fd, buf, MSG_MAX - 1);
  if (n <= 0) {
    free(buf);
    return -1;
  }
  buf[n] = '\0';
  char *tok = strstr(buf, "token=");
  if (!tok) {
    free(buf);
    return -1;
  }
  tok += 6;
  size_t len = strcspn(tok, "\r\n");
  if (len > TOKEN_MAX) {
    free(buf);
    return -1;
  }
  s->raw = buf;
  s->token = tok; // expect: retained-subbuffer "heap memory 'buf' from malloc() (65536 bytes) is kept whole for 'tok' (a pointer past what strstr() found in it), at most 64 bytes ('s->token_len' set from 'len'): the window is stored in 's->token' here and the block's start beside it in 's->raw'"
  s->token_len = len;
  return 0;
}

/* Faulty: the same with the start stored after the window, the window
 * from a helper in another unit and a fixed-width field; the block's start
 * is returned to the caller, who frees it when the request is done. */
char *request_read(struct request *req, int fd) {
  char *buf = calloc(16, 4096);
  if (!buf)
    return NULL;
  if (read(fd, buf, 16 * 4096 - 1) <= 0) {
    free(buf);
    return NULL;
  }
  char *id = msg_field(buf, "id");
  if (!id) {
    free(buf);
    return NULL;
  }
  req->id = id; // expect: retained-subbuffer "heap memory 'buf' from calloc() (65536 bytes) is kept whole for 'id' (a pointer into its middle from msg_field()), at most 16 bytes ('req->id_len' set to 16): the window is stored in 'req->id' here and the block's start returned"
  req->id_len = ID_LEN;
  return buf;
}

/* Faulty: per record, a 4 KiB block from the allocator of the other unit
 * is kept for the 8-byte key after its first blank. */
int table_load(struct entry *tab, int n, int fd) {
  for (int i = 0; i < n; i++) {
    char *blk = msg_alloc(BLOCK_SIZE);
    if (read(fd, blk, BLOCK_SIZE - 1) <= 0) {
      free(blk);
      return i;
    }
    blk[BLOCK_SIZE - 1] = '\0';
    char *sp = strchr(blk, ' ');
    if (!sp) {
      free(blk);
      return -1;
    }
    tab[i].block = blk;
    tab[i].key = sp + 1; // expect: retained-subbuffer "heap memory 'blk' from msg_alloc() (4096 bytes) is kept whole for 'sp + 1' (a pointer past what strchr() found in it), at most 8 bytes ('tab[i].key_len' set to 8): the window is stored in 'tab[i].key' here and the block's start beside it in 'tab[i].block'"
    tab[i].key_len = KEY_LEN;
  }
  return n;
}

/* Correct: the same with the key copied into the entry's own small block,
 * and the record freed. */
int table_load_copy(struct entry *tab, int n, int fd) {
  for (int i = 0; i < n; i++) {
    char *blk = msg_alloc(BLOCK_SIZE);
    char *sp = read(fd, blk, BLOCK_SIZE - 1) > 0 ? strchr(blk, ' ') : NULL;
    if (!sp) {
      free(blk);
      return i;
    }
    tab[i].block = NULL;
    tab[i].key = strndup(sp + 1, KEY_LEN);
    tab[i].key_len = KEY_LEN;
    free(blk);
  }
  return n;
}

struct reader {
  char *start; /* the read buffer, owned */
  char *pos;   /* where the next read goes */
  size_t len;  /* bytes read so far */
};

/* Correct: a read buffer's cursor past a header is no window kept for its
 * own sake: the reader owns the buffer, and its len is what was read. */
int reader_init(struct reader *rd) {
  char *buf = malloc(MSG_MAX);
  if (!buf)
    return -1;
  memcpy(buf, "MSG1", 4);
  rd->start = buf;
  rd->pos = buf + 4;
  rd->len = 0;
  return 0;
}

#define MAX_ENTRIES 8
#define MAX_ENTRY_LEN 100

struct auth_entry {
  char *user; /* into auth_data */
  char *pass;
  int ulen, plen;
};

static char *auth_data;
static struct auth_entry auth_entries[MAX_ENTRIES];

/* Correct (reduced from memcached's authfile_load): every line of the
 * block is an entry's window, and the block's start is kept by its owner,
 * a global freed on the next load, not beside one small window. */
int auth_load(int fd) {
  char *data = calloc(1, MSG_MAX);
  if (!data || read(fd, data, MSG_MAX - 1) <= 0) {
    free(data);
    return -1;
  }
  char *cur = data;
  int used = 0;
  while (used < MAX_ENTRIES && *cur) {
    char *colon = memchr(cur, ':', MAX_ENTRY_LEN);
    char *nl = colon ? strchr(colon, '\n') : NULL;
    if (!nl)
      break;
    auth_entries[used].user = cur;
    auth_entries[used].ulen = (int)(colon - cur);
    auth_entries[used].pass = colon + 1;
    auth_entries[used].plen = (int)(nl - colon - 1);
    used++;
    cur = nl + 1;
  }
  free(auth_data);
  auth_data = data;
  return used;
}

/* Correct: the token is copied out and the message freed. */
int session_open_copy(struct session *s, int fd) {
  char *buf = read_message(fd);
  if (!buf)
    return -1;
  char *tok = msg_field(buf, "token");
  size_t len = tok ? msg_value_len(tok) : 0;
  if (!tok || len > TOKEN_MAX) {
    free(buf);
    return -1;
  }
  s->raw = NULL;
  s->token = strndup(tok, len);
  s->token_len = len;
  free(buf);
  return s->token ? 0 : -1;
}

/* Correct: a block sized to what it holds is no big block kept for a
 * small window, whatever the window. */
int session_open_sized(struct session *s, const char *text, size_t n) {
  char *buf = malloc(n + 1);
  if (!buf)
    return -1;
  memcpy(buf, text, n);
  buf[n] = '\0';
  char *tok = strstr(buf, "token=");
  if (!tok) {
    free(buf);
    return -1;
  }
  size_t len = strlen(tok + 6);
  if (len > TOKEN_MAX) {
    free(buf);
    return -1;
  }
  s->raw = buf;
  s->token = tok + 6;
  s->token_len = len;
  return 0;
}

/* Correct: a small block (256 bytes) holding a small window. */
int session_open_small(struct session *s, int fd) {
  char *buf = malloc(256);
  if (!buf)
    return -1;
  ssize_t n = read(fd, buf, 255);
  buf[n > 0 ? n : 0] = '\0';
  char *eq = strchr(buf, '=');
  if (!eq || strlen(eq + 1) > TOKEN_MAX) {
    free(buf);
    return -1;
  }
  s->raw = buf;
  s->token = eq + 1;
  s->token_len = strlen(eq + 1);
  return 0;
}

/* Correct: nothing bounds the token's length, which may be most of the
 * message: keeping the message is what the token costs. */
int session_open_unbounded(struct session *s, int fd) {
  char *buf = read_message(fd);
  if (!buf)
    return -1;
  char *tok = strstr(buf, "token=");
  if (!tok) {
    free(buf);
    return -1;
  }
  s->raw = buf;
  s->token = tok + 6;
  s->token_len = strlen(tok + 6);
  return 0;
}

/* Correct: a window bounded to 8 KiB is an eighth of the block, no small
 * part of it. */
int session_open_large_token(struct session *s, int fd) {
  char *buf = malloc(MSG_MAX);
  if (!buf)
    return -1;
  ssize_t n = read(fd, buf, MSG_MAX - 1);
  buf[n > 0 ? n : 0] = '\0';
  char *tok = strchr(buf, '=');
  size_t len = tok ? strlen(tok + 1) : 0;
  if (!tok || len > 8192) {
    free(buf);
    return -1;
  }
  s->raw = buf;
  s->token = tok + 1;
  s->token_len = len;
  return 0;
}

/* Correct: an offset that may be 0 is perhaps the block's start. */
int session_open_at(struct session *s, int fd, size_t off) {
  char *buf = malloc(MSG_MAX);
  if (!buf)
    return -1;
  if (read(fd, buf, MSG_MAX) <= 0 || off >= 32) {
    free(buf);
    return -1;
  }
  s->raw = buf;
  s->token = buf + off;
  s->token_len = 32 - off;
  return 0;
}

/* Correct: the cursor goes back to the start before it is kept (p + 0,
 * then the start itself). */
int session_open_reset(struct session *s, int fd) {
  char *buf = malloc(MSG_MAX);
  if (!buf)
    return -1;
  char *p = buf + 0;
  if (read(fd, p, MSG_MAX) <= 0) {
    free(buf);
    return -1;
  }
  p = strchr(buf, '=');
  if (p)
    *p = '\0';
  p = buf;
  s->raw = buf;
  s->token = p;
  s->token_len = TOKEN_MAX;
  return 0;
}

/* Correct: the id lives only in locals and the message is freed after its
 * last use. */
long request_length(int fd) {
  char *buf = read_message(fd);
  if (!buf)
    return -1;
  char *len = msg_field(buf, "length");
  long n = len && msg_value_len(len) < 20 ? strtol(len, NULL, 10) : -1;
  free(buf);
  return n;
}

/* Correct: a static buffer is no heap block. */
int session_open_static(struct session *s, int fd) {
  static char buf[MSG_MAX];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = '\0';
  char *tok = strstr(buf, "token=");
  if (!tok || strlen(tok) > TOKEN_MAX + 6)
    return -1;
  s->raw = NULL;
  s->token = tok + 6;
  s->token_len = 16;
  return 0;
}
