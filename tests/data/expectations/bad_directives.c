/* Directives the checker must refuse, each named with its line
 * (tests/expectations.cmake).
 *
 * check-flags: --format sarif
 * check-flags: --enable no-such-rule
 * check-program: no_such_unit.c
 */
int answer(void) {
  return 42; // expect: resource-leak "unterminated
}
