/* scratch_sections.c - a function that copies one setting per section,
 * applies the copy and frees it (tmux's format_replace, one modifier after
 * another): each copy either failed or was freed, two different histories
 * per section and 2^20 in all, past any budget.  No later section names
 * the copy, so once it is gone the walk forgets how it went and the paths
 * meet; the connection string lost on a late failure is found. */
#include <stdlib.h>
#include <string.h>

const char *setting(const char *name);
void apply(const char *name, const char *value);
int connect_with(const char *conninfo);

int open_database(const char *conninfo) {
  char *info = strdup(conninfo);
  if (!info)
    return -1;
  char *host = strdup(setting("host"));
  if (host) {
    apply("host", host);
    free(host);
  }
  char *port = strdup(setting("port"));
  if (port) {
    apply("port", port);
    free(port);
  }
  char *user = strdup(setting("user"));
  if (user) {
    apply("user", user);
    free(user);
  }
  char *password = strdup(setting("password"));
  if (password) {
    apply("password", password);
    free(password);
  }
  char *database = strdup(setting("database"));
  if (database) {
    apply("database", database);
    free(database);
  }
  char *schema = strdup(setting("schema"));
  if (schema) {
    apply("schema", schema);
    free(schema);
  }
  char *socket = strdup(setting("socket"));
  if (socket) {
    apply("socket", socket);
    free(socket);
  }
  char *charset = strdup(setting("charset"));
  if (charset) {
    apply("charset", charset);
    free(charset);
  }
  char *timezone = strdup(setting("timezone"));
  if (timezone) {
    apply("timezone", timezone);
    free(timezone);
  }
  char *sslmode = strdup(setting("sslmode"));
  if (sslmode) {
    apply("sslmode", sslmode);
    free(sslmode);
  }
  char *sslcert = strdup(setting("sslcert"));
  if (sslcert) {
    apply("sslcert", sslcert);
    free(sslcert);
  }
  char *sslkey = strdup(setting("sslkey"));
  if (sslkey) {
    apply("sslkey", sslkey);
    free(sslkey);
  }
  char *sslca = strdup(setting("sslca"));
  if (sslca) {
    apply("sslca", sslca);
    free(sslca);
  }
  char *appname = strdup(setting("appname"));
  if (appname) {
    apply("appname", appname);
    free(appname);
  }
  char *role = strdup(setting("role"));
  if (role) {
    apply("role", role);
    free(role);
  }
  char *search_path = strdup(setting("search_path"));
  if (search_path) {
    apply("search_path", search_path);
    free(search_path);
  }
  char *options = strdup(setting("options"));
  if (options) {
    apply("options", options);
    free(options);
  }
  char *service = strdup(setting("service"));
  if (service) {
    apply("service", service);
    free(service);
  }
  char *target = strdup(setting("target"));
  if (target) {
    apply("target", target);
    free(target);
  }
  char *passfile = strdup(setting("passfile"));
  if (passfile) {
    apply("passfile", passfile);
    free(passfile);
  }
  if (connect_with(info) != 0)
    return -1; // expect: resource-leak
  free(info);
  return 0;
}
