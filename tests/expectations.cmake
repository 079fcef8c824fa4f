# The expect: checker itself: testcases it must fail, each run twice, once
# for the failing exit status and once for the line that says why.  They
# live in tests/data/expectations/, where the testcase glob does not look.
function(expectations_must_fail name file why)
  set(cmd leaklint --verify --no-color ${CMAKE_CURRENT_SOURCE_DIR}/data/expectations/${file})
  add_test(NAME expectations/${name} COMMAND ${cmd} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(expectations/${name} PROPERTIES WILL_FAIL TRUE)
  add_test(NAME expectations/${name}/says COMMAND ${cmd} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(expectations/${name}/says PROPERTIES PASS_REGULAR_EXPRESSION "${why}")
endfunction()

expectations_must_fail(message-mismatch message_mismatch.c
  "message_mismatch.c:11:5: error: message differs \\[resource-leak\\]: reported \"FILE stream 'f' from fopen\\(\\) is not released on this path\", expected \"FILE stream 'f' from fopen\\(\\) is never closed\"")
expectations_must_fail(known-to-fail-passes known_to_fail_passes.c
  "known_to_fail_passes.c: error: unexpectedly passes")
expectations_must_fail(bad-directives bad_directives.c
  "bad_directives.c:4: error: '--format' in check-flags: is not an option")
