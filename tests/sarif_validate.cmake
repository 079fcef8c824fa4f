# SARIF output checked by Microsoft's SARIF Multitool (SARIF and GitHub rule
# sets) through scripts/validate-sarif.sh.  Without the Multitool these tests
# fail, and the script says to run scripts/install-deps.sh.

set(VALIDATE_SARIF ${CMAKE_SOURCE_DIR}/scripts/validate-sarif.sh)

# A log with one finding of every rule, written through leaklint_sarif.
add_executable(sarif_sample ${CMAKE_CURRENT_LIST_DIR}/sarif_sample.c)
target_link_libraries(sarif_sample PRIVATE leaklint_sarif)

add_test(NAME sarif/validate-sample
         COMMAND bash -c [=[rm -f "$3" && "$1" "$2" "$3" && "$4" --strict "$3"]=] sh
                 $<TARGET_FILE:sarif_sample> ${CMAKE_SOURCE_DIR}
                 ${CMAKE_BINARY_DIR}/sample.sarif ${VALIDATE_SARIF})

# The CLI over the testcases: exit status 0 (no findings) and 1 (findings)
# both mean it ran; anything else is a failure before validation.
add_test(NAME sarif/validate-testcases
         COMMAND bash -c [=[
rm -f "$2"
"$1" --format sarif -o "$2" "$3"
status=$?
if [ "$status" -gt 1 ]; then
  echo "leaklint exited with status $status" >&2
  exit 1
fi
exec "$4" --strict "$2"
]=] sh $<TARGET_FILE:leaklint> ${CMAKE_BINARY_DIR}/testcases.sarif
                 ${CMAKE_SOURCE_DIR}/testcases ${VALIDATE_SARIF}
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})

# The validator itself must be able to say no: to a log that breaks a SARIF
# rule, and to one the Multitool cannot deserialize (and would skip in
# silence).  Each passes only if validation fails with the expected reason.
set(_bad_sarif_head
    [=[{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{"tool": {"driver": {"name": "bad", "version": "1", "informationUri": "https://example.com/", "rules": [{"id": "r", "shortDescription": {"text": "S."}, "fullDescription": {"text": "F."}, "help": {"text": "H."}}]}}, "results": [{"ruleId": "r", "ruleIndex": 0, "message": {"text": "M."}, ]=])
file(WRITE ${CMAKE_BINARY_DIR}/bad-region.sarif
     "${_bad_sarif_head}"
     [=["level": "warning", "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.c"}, "region": {"startLine": 5, "endLine": 2}}}]}]}]}]=])
file(WRITE ${CMAKE_BINARY_DIR}/bad-level.sarif
     "${_bad_sarif_head}"
     [=["level": "warn", "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.c"}, "region": {"startLine": 5}}}]}]}]}]=])

function(add_validator_rejects name expect)
  add_test(NAME sarif/validator-rejects-${name}
           COMMAND bash -c [=[
out=$("$1" "$2" 2>&1)
status=$?
printf '%s\n' "$out"
[ "$status" -ne 0 ] && grep -qF -- "$3" <<<"$out"
]=] sh ${VALIDATE_SARIF} ${CMAKE_BINARY_DIR}/${name}.sarif "${expect}")
endfunction()
add_validator_rejects(bad-region "error SARIF1007")
add_validator_rejects(bad-level "did not read this file")
