# Adopting leaklint in a codebase: inline suppressions, the config file,
# baselines, exit gating, pre-commit and the GitHub workflow's steps.  Each
# runs the real client (git, pre-commit, the SARIF Multitool).
foreach(t suppressions exit_gating config baseline pre_commit github_workflow)
  add_test(NAME adoption/${t} COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/${t}_test.sh
                                      $<TARGET_FILE:leaklint> ${CMAKE_SOURCE_DIR})
endforeach()
