/* ir_codec.h - the IR of a unit as bytes and back (byte_codec.h), for the
 * unit artifact that the link step, the result cache and sharded runs
 * move instead of parsing the unit again.  Every field of every function
 * is kept, the CFG's derived facts included (preds, loops), so a decoded
 * unit walks exactly as the lowered one did. */
#ifndef LEAKLINT_IR_CODEC_H
#define LEAKLINT_IR_CODEC_H

#include "byte_codec.h"
#include "ir.h"

void ir_encode_unit(byte_writer *w, const ir_unit *u);
/* NULL (and r->failed) when the bytes are not a well-formed unit. */
ir_unit *ir_decode_unit(byte_reader *r);

#endif
