# Layers are enforced by the build: a file compiled with a lower layer's
# include path cannot include an upper layer's header.  Each target below is
# left out of `all`; the test builds it and expects the missing header.
function(leaklint_layer_violation src layer header)
  get_filename_component(name ${src} NAME_WE)
  add_library(layer_${name} OBJECT EXCLUDE_FROM_ALL ${CMAKE_CURRENT_SOURCE_DIR}/layers/${src})
  target_link_libraries(layer_${name} PRIVATE ${layer})
  add_test(NAME layers/${name}
           COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target layer_${name})
  set_tests_properties(layers/${name} PROPERTIES
                       PASS_REGULAR_EXPRESSION "${header}: No such file or directory")
endfunction()
leaklint_layer_violation(ir_includes_engine.c leaklint_ir engine.h)
leaklint_layer_violation(front_includes_checks.c leaklint_front check.h)
leaklint_layer_violation(verifier_includes_front.c leaklint_verify frontend.h)
leaklint_layer_violation(lsp_includes_cli.c leaklint_lsp cli.h)
leaklint_layer_violation(app_includes_lsp.c leaklint_app lsp.h)
