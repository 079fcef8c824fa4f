/* settings_sections.c - a start-up function of many independent sections
 * (tcpdump's and jq's main): each reads one setting and tests it twice, and
 * no later section asks about it again.  Every combination of the settings
 * is a path of its own, 2^20 of them, past any budget, while what matters
 * is one block lost on a late failure.  Once no block ahead tests a setting
 * again, what the path learnt of it tells apart nothing that can matter,
 * and the paths meet there. */
#include <stdlib.h>
#include <string.h>

void apply_setting(const char *name, const char *value);
void default_setting(const char *name);
int load_profile(const char *path);

int read_settings(const char *profile) {
  char *copy = strdup(profile);
  if (!copy)
    return -1;
  const char *home = getenv("HOME");
  if (home)
    apply_setting("home", home);
  if (!home)
    default_setting("home");
  const char *editor = getenv("EDITOR");
  if (editor)
    apply_setting("editor", editor);
  if (!editor)
    default_setting("editor");
  const char *pager = getenv("PAGER");
  if (pager)
    apply_setting("pager", pager);
  if (!pager)
    default_setting("pager");
  const char *shell = getenv("SHELL");
  if (shell)
    apply_setting("shell", shell);
  if (!shell)
    default_setting("shell");
  const char *term = getenv("TERM");
  if (term)
    apply_setting("term", term);
  if (!term)
    default_setting("term");
  const char *lang = getenv("LANG");
  if (lang)
    apply_setting("lang", lang);
  if (!lang)
    default_setting("lang");
  const char *tz = getenv("TZ");
  if (tz)
    apply_setting("tz", tz);
  if (!tz)
    default_setting("tz");
  const char *tmpdir = getenv("TMPDIR");
  if (tmpdir)
    apply_setting("tmpdir", tmpdir);
  if (!tmpdir)
    default_setting("tmpdir");
  const char *user = getenv("USER");
  if (user)
    apply_setting("user", user);
  if (!user)
    default_setting("user");
  const char *logname = getenv("LOGNAME");
  if (logname)
    apply_setting("logname", logname);
  if (!logname)
    default_setting("logname");
  const char *columns = getenv("COLUMNS");
  if (columns)
    apply_setting("columns", columns);
  if (!columns)
    default_setting("columns");
  const char *lines = getenv("LINES");
  if (lines)
    apply_setting("lines", lines);
  if (!lines)
    default_setting("lines");
  const char *display = getenv("DISPLAY");
  if (display)
    apply_setting("display", display);
  if (!display)
    default_setting("display");
  const char *visual = getenv("VISUAL");
  if (visual)
    apply_setting("visual", visual);
  if (!visual)
    default_setting("visual");
  const char *mail = getenv("MAIL");
  if (mail)
    apply_setting("mail", mail);
  if (!mail)
    default_setting("mail");
  const char *path = getenv("PATH");
  if (path)
    apply_setting("path", path);
  if (!copy)
    default_setting("path");
  const char *hostname = getenv("HOSTNAME");
  if (hostname)
    apply_setting("hostname", hostname);
  if (!hostname)
    default_setting("hostname");
  const char *pwd = getenv("PWD");
  if (pwd)
    apply_setting("pwd", pwd);
  if (!pwd)
    default_setting("pwd");
  const char *oldpwd = getenv("OLDPWD");
  if (oldpwd)
    apply_setting("oldpwd", oldpwd);
  if (!oldpwd)
    default_setting("oldpwd");
  const char *xdg_config_home = getenv("XDG_CONFIG_HOME");
  if (xdg_config_home)
    apply_setting("xdg_config_home", xdg_config_home);
  if (!xdg_config_home)
    default_setting("xdg_config_home");
  if (load_profile(copy) < 0)
    return -1; // expect: resource-leak
  free(copy);
  return 0;
}
