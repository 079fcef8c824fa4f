/* two_programs_dump.c - the dump tool's stubs (see two_programs.c). */
struct base_msg;

void msg_store_free(struct base_msg *m) {
  (void)m;
}

int store_message(struct base_msg *m) {
  (void)m;
  return 0;
}
