/* bio_chain.c - mosquitto's base64 helpers: BIO_push(b64, bmem) returns
 * b64, the chain's head, so `b64 = BIO_push(b64, bmem)` keeps the handle
 * (and hands bmem to the chain); BIO_free_all(b64) frees both. */
#include <openssl/bio.h>
#include <openssl/evp.h>

int base64_encode(const unsigned char *in, int n) {
  BIO *bmem, *b64;
  int rc = 1;
  b64 = BIO_new(BIO_f_base64());
  if (b64 == NULL)
    return 1;
  bmem = BIO_new(BIO_s_mem());
  if (bmem) {
    b64 = BIO_push(b64, bmem);
    if (BIO_write(b64, in, n) == n)
      rc = 0;
  }
  BIO_free_all(b64);
  return rc;
}

/* The memory BIO made first and not yet in a chain when the second fails. */
int base64_encode_early(const unsigned char *in, int n) {
  BIO *bmem = BIO_new(BIO_s_mem());
  if (!bmem)
    return 1;
  BIO *b64 = BIO_new(BIO_f_base64());
  if (!b64)
    return 1; // expect: resource-leak "OpenSSL BIO 'bmem' from BIO_new() is not released on this path"
  b64 = BIO_push(b64, bmem);
  int rc = BIO_write(b64, in, n) == n ? 0 : 1;
  BIO_free_all(b64);
  return rc;
}
