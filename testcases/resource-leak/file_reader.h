#ifndef FILE_READER_H
#define FILE_READER_H
#include <sys/types.h>

struct file {
  int fd;
  const char *name;
  off_t offset;
};

ssize_t file_read(struct file *file, unsigned char *buf, size_t size, off_t offset);
ssize_t file_read_remembered(struct file *file, unsigned char *buf, size_t size);

#endif
