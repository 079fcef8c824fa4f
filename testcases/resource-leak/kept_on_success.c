/* kept_on_success.c - tmux's menus (91b5108ea): menu_display() takes the
 * menu into the window's overlay when it returns 0, and returns -1 without
 * taking it when the terminal is too small.  The caller that returns on
 * the -1 leaks the menu; the fixed caller frees it there. */
#include <stdlib.h>
#include <string.h>

struct menu {
  char *title;
  unsigned count;
};

struct window {
  unsigned sx, sy;
  struct menu_data *overlay;
};

struct menu_data {
  struct menu *menu;
  int choice;
};

void fatal(const char *msg) __attribute__((noreturn));

static struct menu *menu_create(const char *title) {
  struct menu *menu = calloc(1, sizeof *menu);
  if (menu == NULL)
    fatal("out of memory");
  menu->title = strdup(title);
  return menu;
}

static void menu_free(struct menu *menu) {
  free(menu->title);
  free(menu);
}

static int menu_display(struct menu *menu, struct window *w) {
  struct menu_data *md;
  if (menu->count + 2 > w->sy)
    return -1;
  md = calloc(1, sizeof *md);
  if (md == NULL)
    fatal("out of memory");
  md->menu = menu;
  md->choice = -1;
  w->overlay = md;
  return 0;
}

int display_menu(struct window *w, const char *title) {
  struct menu *menu = menu_create(title);
  if (menu_display(menu, w) != 0)
    return 0; // expect: resource-leak "heap memory 'menu' from menu_create() is not released on this path"
  return 1;
}

int display_menu_fixed(struct window *w, const char *title) {
  struct menu *menu = menu_create(title);
  if (menu_display(menu, w) != 0) {
    menu_free(menu);
    return 0;
  }
  return 1;
}

/* The result not looked at: the menu may be the window's now. */
void display_menu_blindly(struct window *w, const char *title) {
  struct menu *menu = menu_create(title);
  menu_display(menu, w);
}

/* A display that takes the menu on every path owns it whatever it says. */
static int menu_show(struct menu *menu, struct window *w) {
  struct menu_data *md = calloc(1, sizeof *md);
  if (md == NULL)
    fatal("out of memory");
  md->menu = menu;
  w->overlay = md;
  return menu->count + 2 > w->sy ? -1 : 0;
}

int show_menu(struct window *w, const char *title) {
  struct menu *menu = menu_create(title);
  if (menu_show(menu, w) != 0)
    return 0;
  return 1;
}
