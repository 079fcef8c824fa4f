/* task_group.h - a wait-group from a library: only its declarations are in
 * sight, its behaviour comes from wg_rules/task_group.json. */
struct task_group;
void tg_add(struct task_group *g, int n);
void tg_done(struct task_group *g);
void tg_wait(struct task_group *g);
