# The analyzer's SARIF, confirmed by `leaklint verify` (tests/end_to_end.sh).
add_test(NAME end_to_end/analyze_then_verify
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/end_to_end.sh $<TARGET_FILE:leaklint>
                 $<TARGET_FILE:runtime_fd_leak> ${CMAKE_SOURCE_DIR})
set_tests_properties(end_to_end/analyze_then_verify PROPERTIES TIMEOUT 120)
