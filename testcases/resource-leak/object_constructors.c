/* object_constructors.c - constructors in htop's style: members set by a
 * compound literal through the new object, and the object handed back as
 * a pointer to its first member (its "super" class). */
#include <stdlib.h>

static void *xCalloc(size_t n, size_t size) {
  void *p = calloc(n, size);
  if (!p)
    abort();
  return p;
}

typedef struct Vector_ {
  void **array;
  int arraySize;
  int items;
} Vector;

Vector *Vector_new(int size) {
  Vector *this = xCalloc(1, sizeof(Vector));
  *this = (Vector){
      .array = xCalloc((size_t)size, sizeof(void *)),
      .arraySize = size,
      .items = 0,
  };
  return this;
}

typedef struct Machine_ {
  int existingCPUs;
} Machine;

typedef struct LinuxMachine_ {
  Machine super;
  long jiffies;
  int *cpuData;
} LinuxMachine;

Machine *Machine_new(void) {
  LinuxMachine *this = xCalloc(1, sizeof(LinuxMachine));
  Machine *super = &this->super;
  this->jiffies = 100;
  return super;
}

Machine *Machine_new_checked(int cpus) {
  LinuxMachine *this = calloc(1, sizeof(LinuxMachine));
  if (!this)
    return NULL;
  int *data = calloc((size_t)cpus, sizeof(int));
  if (!data)
    return NULL; // expect: resource-leak "heap memory 'this' from calloc() is not released on this path"
  this->cpuData = data;
  return &this->super;
}
