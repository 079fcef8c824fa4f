/* program_facts.c - see program_facts.h. */
#include "program_facts.h"

#include "util.h"

static bool same_subject(const void *item, const void *key) {
  const fact_list *a = item, *b = key;
  return a->kind == b->kind && a->subject == b->subject;
}

static uint64_t subject_hash(fact_kind kind, const char *subject) {
  return hash_pointers((const void *)(uintptr_t)(kind + 1), subject);
}

void program_facts_add(program_facts *pf, const unit_fact *f) {
  fact_list key = {.kind = f->kind, .subject = f->subject};
  hash_slot *slot =
      hash_slot_for(&pf->by_subject, subject_hash(f->kind, f->subject), same_subject, &key);
  if (!slot->item) {
    fact_list *l = xcalloc(1, sizeof *l);
    *l = key;
    slot->item = l;
  }
  fact_list *l = slot->item;
  LL_GROW(l->items, l->n, l->cap);
  l->items[l->n++] = f;
  pf->nfacts++;
}

const fact_list *program_facts_find(const program_facts *pf, fact_kind kind, const char *subject) {
  fact_list key = {.kind = kind, .subject = subject};
  return hash_find(&pf->by_subject, subject_hash(kind, subject), same_subject, &key);
}

static void list_free(void *item, void *ctx) {
  (void)ctx;
  fact_list *l = item;
  free(l->items);
  free(l);
}

void program_facts_free(program_facts *pf) {
  hash_each(&pf->by_subject, list_free, NULL);
  hash_free(&pf->by_subject);
  pf->nfacts = 0;
}
