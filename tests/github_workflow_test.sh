#!/usr/bin/env bash
# Usage: github_workflow_test.sh LEAKLINT SOURCE_DIR
# docs/github-code-scanning.yml's shell steps, run as the runner would
# (bash -eo pipefail, from the checkout) on a scratch CMake project with a
# leak: the package install is skipped and leaklint's own build is the one
# under test.  The job must get past the analysis (exit 0 with findings)
# to the upload, whose SARIF the Multitool must accept; each rule carries a
# helpUri to its help file in this repository.
set -u
ll=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
wf="$src/docs/github-code-scanning.yml"

# The steps as name<TAB>base64(run), and the upload's inputs.
python3 - "$wf" >"$tmp/steps" <<'PY' || { fail "the workflow does not parse"; finish; exit; }
import base64, sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
job = wf["jobs"]["leaklint"]
for step in job["steps"]:
    if "run" in step:
        print(f"run\t{step['name']}\t{base64.b64encode(step['run'].encode()).decode()}")
    elif step["uses"].startswith("github/codeql-action/upload-sarif@"):
        w = step["with"]
        print(f"upload\t{w['sarif_file']}\t{w.get('category', '')}")
print(f"permissions\t{wf['permissions'].get('security-events')}")
PY

p="$tmp/project"
mkdir -p "$p/src" "$p/.leaklint-build"
cat >"$p/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.18)
project(demo C)
option(WITH_TLS "" ON)
add_library(demo src/parse.c)
CM
leak_c >"$p/src/parse.c"
ln -s "$src" "$p/.leaklint-src"
ln -s "$ll" "$p/.leaklint-build/leaklint" # "Build leaklint": the build under test

ran=0
while IFS=$'\t' read -r kind name body; do
  [ "$kind" = run ] || continue
  case "$name" in
  "Install dependencies" | "Build leaklint") continue ;;
  esac
  script=$(printf '%s' "$body" | base64 -d)
  (cd "$p" && CMAKE_ARGS="-DWITH_TLS=OFF" bash --noprofile --norc -eo pipefail -c "$script") >"$tmp/step.out" 2>&1
  st=$?
  expect_status 0 $st "step '$name'"
  [ $st -eq 0 ] || sed 's/^/  | /' "$tmp/step.out"
  ran=$((ran + 1))
done <"$tmp/steps"
[ "$ran" -ge 2 ] && ok || fail "ran $ran shell steps, wanted the database and the analysis"

upload=$(awk -F'\t' '$1 == "upload"' "$tmp/steps")
sarif=$(cut -f2 <<<"$upload")
expect_grep "^upload	leaklint.sarif	leaklint-" "$tmp/steps" "upload-sarif with a category"
expect_grep "^permissions	write$" "$tmp/steps" "security-events: write"
[ -s "$p/$sarif" ] && ok || { fail "no $sarif for the upload step"; finish; exit; }
node - "$p/$sarif" "$src" >"$tmp/check" <<'JS'
const fs = require("fs");
const [file, src] = process.argv.slice(2);
const run = JSON.parse(fs.readFileSync(file)).runs[0];
console.log(`results ${run.results.length}`);
const base = "https://github.com/leaklint/leaklint/blob/main/";
for (const rule of run.tool.driver.rules) {
  const uri = rule.helpUri || "";
  const ok = uri.startsWith(base) && fs.existsSync(`${src}/${uri.slice(base.length)}`) &&
    uri.endsWith(`/${rule.id}.md`);
  console.log(`helpUri ${rule.id} ${ok ? "ok" : "bad: " + uri}`);
}
JS
expect_grep "^results 1$" "$tmp/check" "the leak is in the SARIF"
[ "$(grep -c '^helpUri .* ok$' "$tmp/check")" = 7 ] && ok || { fail "helpUri per rule:"; cat "$tmp/check"; }
"$src/scripts/validate-sarif.sh" --strict "$p/$sarif" >"$tmp/v" 2>&1 && ok ||
  { fail "the Multitool rejects the SARIF:"; cat "$tmp/v"; }

finish
