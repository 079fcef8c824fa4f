/* A project's own handle type, modelled by the testcase's own rules
 * directory (session_rules/, a --rules DIR beside this file): the client
 * library is not in this program, so only the model says what
 * db_session_open() hands out.
 *
 * check-flags: --rules session_rules
 * check-flags: --enable resource-leak --extra-arg=-DSESSION_RETRIES=3
 *
 *   leaklint --verify testcases/resource-leak/session_api.c
 */
#include <stddef.h>

#ifndef SESSION_RETRIES
#error "the build defines SESSION_RETRIES"
#endif

struct db_session;
struct db_session *db_session_open(const char *dsn);
void db_session_close(struct db_session *s);
int db_session_exec(struct db_session *s, const char *sql);

/* Faulty: a failed statement returns with the session open. */
int record_login(const char *dsn, const char *user) {
  struct db_session *s = db_session_open(dsn);
  if (!s)
    return -1;
  if (db_session_exec(s, "BEGIN") != 0)
    return -1; // expect: resource-leak "database session 's' from db_session_open() is not released on this path"
  int rc = db_session_exec(s, user);
  db_session_close(s);
  return rc;
}

/* Correct: one exit closes the session on every path. */
int record_logout(const char *dsn, const char *user) {
  struct db_session *s = db_session_open(dsn);
  if (!s)
    return -1;
  int rc = db_session_exec(s, "BEGIN");
  if (rc == 0)
    rc = db_session_exec(s, user);
  db_session_close(s);
  return rc;
}

/* Correct: the caller owns the session it is given. */
struct db_session *session_for(const char *dsn) {
  struct db_session *s = NULL;
  for (int i = 0; i < SESSION_RETRIES && !s; i++)
    s = db_session_open(dsn);
  if (s && db_session_exec(s, "SET search_path TO app") != 0) {
    db_session_close(s);
    return NULL;
  }
  return s;
}
