# Every testcase is a test: `leaklint --verify FILE` runs it under its own
# command (check-flags:, check-program:) and fails on any missing or
# unexpected finding, or when check-known-to-fail no longer holds
# (testcases/README.md).  GLib's headers need their include path.
find_package(PkgConfig QUIET)
pkg_check_modules(TC_GLIB QUIET glib-2.0)
set(TESTCASE_ARGS)
foreach(dir ${TC_GLIB_INCLUDE_DIRS})
  list(APPEND TESTCASE_ARGS "--extra-arg=-I${dir}")
endforeach()
file(GLOB_RECURSE TESTCASES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/testcases/*.c)
foreach(tc ${TESTCASES})
  file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR}/testcases ${tc})
  if(rel MATCHES "^runtime/")
    continue() # programs for the runtime verifier, tested in verifier/
  endif()
  add_test(NAME testcase/${rel}
           COMMAND leaklint --verify --no-color ${TESTCASE_ARGS} ${tc}
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
endforeach()
