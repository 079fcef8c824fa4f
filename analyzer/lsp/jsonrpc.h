/* jsonrpc.h - JSON-RPC 2.0 messages framed as the Language Server
 * Protocol frames them: "Content-Length: N\r\n" (other headers allowed),
 * an empty line, then N bytes of JSON.
 *
 * Ownership: a frame body returned by rpc_read_frame() is the caller's to
 * free(); rpc_send() takes and frees the message it is given. */
#ifndef LEAKLINT_JSONRPC_H
#define LEAKLINT_JSONRPC_H

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stddef.h>

/* The error codes of JSON-RPC and of the protocol that this server uses. */
enum {
  RPC_PARSE_ERROR = -32700,
  RPC_INVALID_REQUEST = -32600,
  RPC_METHOD_NOT_FOUND = -32601,
  RPC_INVALID_PARAMS = -32602,
  RPC_INTERNAL_ERROR = -32603,
  RPC_SERVER_NOT_INITIALIZED = -32002,
  RPC_REQUEST_CANCELLED = -32800,
};

typedef struct rpc_reader {
  int fd;
  char *buf; /* bytes read and not yet consumed */
  size_t len, cap;
} rpc_reader;

typedef enum { FRAME_OK, FRAME_EOF, FRAME_BAD } frame_status;

/* The next frame's body (NUL-terminated) in *body, its size in *len.  A
 * frame may arrive in any number of reads.  FRAME_BAD: the header had no
 * usable Content-Length (err says why); that header is skipped, so the
 * next call reads on.  FRAME_EOF at the end of input (or a read error). */
frame_status rpc_read_frame(rpc_reader *r, char **body, size_t *len, char *err, size_t errlen);
void rpc_reader_free(rpc_reader *r);

typedef struct rpc_writer {
  int fd;
  pthread_mutex_t lock; /* the reader and the worker both write */
} rpc_writer;

void rpc_writer_init(rpc_writer *w, int fd);
void rpc_writer_free(rpc_writer *w);

/* Frames and writes msg (then frees it); -1 when the output is gone. */
int rpc_send(rpc_writer *w, cJSON *msg);

/* New messages.  id is copied (it may be a number or a string, or NULL
 * for a response to a request whose id could not be read). */
cJSON *rpc_result(const cJSON *id, cJSON *result);
cJSON *rpc_error(const cJSON *id, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
cJSON *rpc_notification(const char *method, cJSON *params);
cJSON *rpc_request(int id, const char *method, cJSON *params);

#endif
