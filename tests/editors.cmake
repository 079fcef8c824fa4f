# Editors: the language server driven by a real client (neovim's built-in
# LSP client, scripted in Lua), the server's protocol over a real pipe, and
# --stdin-filename for per-buffer linters.
add_test(NAME editors/lsp-neovim COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/lsp_nvim_test.sh
                                         $<TARGET_FILE:leaklint> ${CMAKE_SOURCE_DIR})
add_test(NAME editors/lsp-protocol COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/lsp/protocol_test.py
                                           $<TARGET_FILE:leaklint>)
add_test(NAME editors/stdin COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/stdin_test.sh
                                   $<TARGET_FILE:leaklint> ${CMAKE_SOURCE_DIR})
set_tests_properties(editors/lsp-neovim editors/lsp-protocol PROPERTIES TIMEOUT 300)
# Every link the server keeps between edits is checked against a link from
# scratch (app/workspace.c): a difference aborts the server.
set_tests_properties(editors/lsp-neovim editors/lsp-protocol PROPERTIES
                     ENVIRONMENT LEAKLINT_CHECK_INCREMENTAL=1)
