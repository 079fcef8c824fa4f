/* The project's own channel, as chan_rules/task_channel.json declares it:
 * a receive blocks until a send or a close; a send waits for its receiver. */
#ifndef CHAN_H
#define CHAN_H

typedef struct chan chan;
chan *chan_new(void);
void chan_free(chan *c);
int chan_send(chan *c, void *msg);
void chan_close(chan *c);
void *chan_recv(chan *c);
void *chan_recv_timeout(chan *c, int ms);
int chan_send_timeout(chan *c, void *msg, int ms);

#endif
