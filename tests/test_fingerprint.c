/* test_fingerprint.c - the ported primaryLocationLineHash against the
 * expectations in github/codeql-action src/fingerprints.test.ts ("hash"
 * test), plus UTF-8 cases whose expected values come from running the
 * action's algorithm under Node.js on the same bytes (Node decodes the file;
 * the hash sees UTF-16 code units). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"
#include "utf16.h"

#include "check.h"

/* Hashes input (len bytes) and compares every line's fingerprint with
 * expected[], a NULL-terminated list, as testHash() in the TS test does. */
static void check_hashes(const char *name, const char *input, size_t len,
                         const char *const *expected) {
  size_t n, nexpected = 0;
  fp_line *lines = fingerprint_lines(input, len, &n);
  while (expected[nexpected])
    nexpected++;
  CHECK(n == nexpected, "%s: %zu lines hashed, expected %zu", name, n, nexpected);
  for (size_t i = 0; i < n && i < nexpected; i++) {
    char buf[FINGERPRINT_MAX];
    fingerprint_format(&lines[i], buf);
    CHECK(strcmp(buf, expected[i]) == 0, "%s: line %zu: got %s, expected %s", name, i + 1, buf,
          expected[i]);
  }
  free(lines);
}

#define HASHES(name, input, ...)                                                                   \
  check_hashes(name, input, sizeof input - 1, (const char *const[]){__VA_ARGS__, NULL})

/* The seven "Greetings" inputs of the TS test: the same text with every mix
 * of line terminators must hash alike. */
static const char *const greetings[] = {
    "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
    "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1", NULL};

static void test_codeql_action_vectors(void) {
  HASHES("empty", "", "c129715d7a2bc9a3:1");
  HASHES("newlines", " a\nb\n  \t\tc\n d", "271789c17abda88f:1", "54703d4cd895b18:1",
         "180aee12dab6264:1", "a23a3dc5e078b07b:1");
  HASHES("no final newline", " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
         "8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
         "b86d3392aea1be30:1", "e6ceba753e1a442:1");

  static const char lf[] = " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n";
  static const char cr[] = " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r";
  static const char crlf[] = " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n";
  static const char mixed[] = " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n";
  check_hashes("LF", lf, sizeof lf - 1, greetings);
  check_hashes("CR", cr, sizeof cr - 1, greetings);
  check_hashes("CRLF", crlf, sizeof crlf - 1, greetings);
  check_hashes("mixed", mixed, sizeof mixed - 1, greetings);

  /* Repeated lines: the ":n" suffix counts earlier lines with the same hash. */
  char lorem[281] = "";
  for (int i = 0; i < 10; i++)
    strcat(lorem, "Lorem ipsum dolor sit amet.\n");
  check_hashes(
      "repeats", lorem, strlen(lorem),
      (const char *const[]){"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3",
                            "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
                            "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1",
                            "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1", NULL});

  HASHES("python", "x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n",
         "e54938cc54b302f1:1", "bb609acbe9138d60:1", "1131fd5871777f34:1", "5c482a0f8b35ea28:1",
         "54517377da7028d2:1", "2c644846cb18d53e:1", "f1b89f20de0d133:1", "c129715d7a2bc9a3:1");
}

/* Expected values: the TS algorithm run by Node.js 20 on these bytes. */
static void test_utf8_vectors(void) {
  /* "é" is one UTF-16 unit, "😀" two (a surrogate pair). */
  HASHES("bmp and astral", "int caf\xc3\xa9 = 1;\n/* \xf0\x9f\x98\x80 */ free(p);\n",
         "34cca26c4d4f0e97:1", "b7757a2267de01a6:1", "c129715d7a2bc9a3:1");
  /* Ill-formed bytes become U+FFFD per maximal subpart; a BOM is kept. */
  HASHES("ill-formed", "\xef\xbb\xbfx\n\xe0\x80\x80y\n\xf0\x90\x80z\n\xc3", "a44362ac0edf60b4:1",
         "4bbd4c2d682a456b:1", "5e26bc9c2a2d1d15:1", "8989dec65f08d110:1");
}

static void check_decode(const char *bytes, size_t len, uint32_t cp, size_t used) {
  uint32_t got;
  size_t n = utf8_decode((const unsigned char *)bytes, len, &got);
  CHECK(got == cp && n == used, "decode %02x..: got U+%04X/%zu, expected U+%04X/%zu",
        (unsigned char)bytes[0], got, n, cp, used);
}

static void test_decode_and_columns(void) {
  check_decode("A", 1, 'A', 1);
  check_decode("\xc3\xa9", 2, 0xE9, 2);
  check_decode("\xe2\x82\xac", 3, 0x20AC, 3);
  check_decode("\xf0\x9f\x98\x80", 4, 0x1F600, 4);
  check_decode("\xc0\xaf", 2, UTF8_REPLACEMENT, 1);     /* overlong lead */
  check_decode("\xed\xa0\x80", 3, UTF8_REPLACEMENT, 1); /* surrogate */
  check_decode("\xe2\x82", 2, UTF8_REPLACEMENT, 2);     /* truncated */
  check_decode("\xf0\x90\x80\x41", 4, UTF8_REPLACEMENT, 3);

  const char *line = "/* \xc3\xa9\xf0\x9f\x98\x80 */ free(p);";
  size_t len = strlen(line);
  CHECK(utf16_column(line, len, 0) == 0, "unknown column stays unknown");
  CHECK(utf16_column(line, len, 4) == 4, "ASCII prefix keeps its column");
  CHECK(utf16_column(line, len, 6) == 5, "after é: 2 bytes, 1 unit");
  CHECK(utf16_column(line, len, 10) == 7, "after 😀: 4 bytes, 2 units");
  CHECK(utf16_column(line, len, 15) == 12, "free( : got %u", utf16_column(line, len, 15));
  CHECK(utf16_column(line, len, 8) == 5, "inside 😀 maps to its start");
  CHECK(utf16_column(line, len, (unsigned)len + 3) == (unsigned)len + 3 - 3,
        "past the end keeps its distance");
}

int main(void) {
  test_codeql_action_vectors();
  test_utf8_vectors();
  test_decode_and_columns();
  if (failures)
    fprintf(stderr, "test_fingerprint: %d failure(s)\n", failures);
  return failures != 0;
}
