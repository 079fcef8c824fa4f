# The command's behaviour on good and bad input (tests/cli_test.sh).
add_test(NAME cli/behaviour COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_test.sh
                                    $<TARGET_FILE:leaklint> ${CMAKE_SOURCE_DIR})

# The link step over saved unit artifacts reports what a direct run does.
add_test(NAME cli/link-round-trip COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/link_round_trip.sh
                                          $<TARGET_FILE:leaklint> ${CMAKE_SOURCE_DIR})
