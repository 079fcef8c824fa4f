# rule_help.cmake - embeds the rule help files in a C source, so that the
# binary needs no data files at run time.
#
#   cmake -DFILES=list -DOUT=rule_help.c -P rule_help.cmake
#
# FILES names a file holding the help files' paths as a CMake list.  For
# each <file>.md it defines, <file> made a C identifier (resource-leak.md:
# resource_leak),
#
#   const char ll_help_<file>_short[], ll_help_<file>_full[], ll_help_<file>_markdown[];
#
# A help file is a front matter of two keys, then the help markdown:
#
#   ---
#   short: One line, SARIF's shortDescription and --list-rules' text
#   full: >-
#     A paragraph, SARIF's fullDescription, its lines indented by two
#     spaces.
#   ---
#   # Heading
#   ...
#
# A value's lines join with one space (as YAML's folded ">-" scalar does, so
# GitHub shows the front matter as a table).  The markdown after the closing
# "---" line is kept byte for byte and must start with a "# " heading.  The
# texts are written as byte arrays: no escaping can go wrong.

function(help_error file message)
  message(FATAL_ERROR "${file}: ${message} (format: analyzer/findings/rule_help.cmake)")
endfunction()

# Sets out to "const char name[] = {0x.., ..., 0};".
function(c_array name text out)
  string(HEX "${text}" hex)
  string(REGEX REPLACE "(..)" "0x\\1," hex "${hex}")
  string(REPEAT "0x..," 16 line) # CMake's regex has no {16}
  string(REGEX REPLACE "(${line})" "\\1\n    " hex "${hex}")
  set(${out} "const char ${name}[] = {\n    ${hex}0};\n" PARENT_SCOPE)
endfunction()

file(READ "${FILES}" files)
list(SORT files)
set(c "/* Generated from rules/help by rule_help.cmake: do not edit. */\n")
foreach(f ${files})
  file(READ "${f}" text)
  string(SUBSTRING "${text}" 0 4 head)
  string(FIND "${text}" "\n---\n" close)
  if(NOT head STREQUAL "---\n" OR close EQUAL -1)
    help_error("${f}" "no front matter between two --- lines")
  endif()
  math(EXPR fm_len "${close} - 3")
  math(EXPR body_at "${close} + 5")
  string(SUBSTRING "${text}" 4 ${fm_len} fm)
  string(SUBSTRING "${text}" ${body_at} -1 markdown)
  string(SUBSTRING "${markdown}" 0 2 heading)
  if(NOT heading STREQUAL "# ")
    help_error("${f}" "the markdown after the front matter must start with a '# ' heading")
  endif()

  # One line per key: continuation lines join the line before them.
  string(REPLACE "\n  " " " fm "\n${fm}")
  string(REGEX REPLACE "\n(short|full):[^\n]*" "" rest "${fm}")
  if(NOT rest MATCHES "^\n*$")
    help_error("${f}" "the front matter has lines other than short: and full:")
  endif()
  get_filename_component(stem "${f}" NAME_WE)
  string(MAKE_C_IDENTIFIER "${stem}" id)
  foreach(key short full)
    string(REGEX MATCHALL "\n${key}:" seen "${fm}")
    list(LENGTH seen n)
    if(NOT n EQUAL 1)
      help_error("${f}" "the front matter must give ${key}: once")
    endif()
    string(REGEX MATCH "\n${key}:[^\n]*" line "${fm}")
    string(REGEX REPLACE "^\n${key}:[ ]*(>-)?" "" value "${line}")
    string(STRIP "${value}" value)
    if(value STREQUAL "")
      help_error("${f}" "${key}: is empty")
    endif()
    c_array(ll_help_${id}_${key} "${value}" array)
    string(APPEND c "\n${array}")
  endforeach()
  c_array(ll_help_${id}_markdown "${markdown}" array)
  string(APPEND c "\n${array}")
endforeach()
file(WRITE "${OUT}" "${c}")
