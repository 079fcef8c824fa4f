#!/usr/bin/env bash
# validate-sarif.sh - checks SARIF logs with Microsoft's SARIF Multitool, with
# both its SARIF rules and its GitHub ("Gh") rules, i.e. as GitHub code
# scanning would judge an upload.  Exits 0 when every file has no error.
#
# usage: scripts/validate-sarif.sh [--strict] FILE...
#   --strict   warnings fail too
#
# Two habits of Multitool 5.7.0 shape this script:
#  - its exit status is 0 even when it reports errors, so we read its own
#    SARIF output (-o) instead;
#  - it silently skips a file it cannot deserialize (a "level" of "warn", a
#    string where a number belongs) and reports nothing for it.  So each file
#    is validated together with a "canary" copy that has one known defect
#    added (an extra run without rules); if the Multitool does not report the
#    canary's defect, it did not really read the file, and we fail.
# Needs node (installed with npm by scripts/install-deps.sh) to read JSON.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
multitool=${SARIF_MULTITOOL:-$root/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool}

strict=0
if [ "${1:-}" = --strict ]; then
  strict=1
  shift
fi
if [ $# -eq 0 ]; then
  echo "usage: $0 [--strict] FILE..." >&2
  exit 2
fi

if [ -f "$multitool" ] && [ ! -x "$multitool" ]; then
  chmod +x "$multitool" 2>/dev/null || true # npm may skip the package's postinstall chmod
fi
if [ ! -x "$multitool" ]; then
  echo "validate-sarif: SARIF Multitool not found at $multitool" >&2
  echo "validate-sarif: run scripts/install-deps.sh to install it" >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1; then
  echo "validate-sarif: node not found; run scripts/install-deps.sh" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Writes $2 (the canary): $1 plus a run whose driver has no rules, which
# the Gh rules always report (GH1018).  Prints the index of that run.  $3 is
# the file's name for messages.
make_canary() {
  node - "$1" "$2" "$3" <<'EOF'
const fs = require("fs");
const [src, dst, name] = process.argv.slice(2);
let log;
try {
  log = JSON.parse(fs.readFileSync(src, "utf8"));
} catch (e) {
  console.error(`${name}: error: not JSON: ${e.message}`);
  process.exit(1);
}
if (!log || !Array.isArray(log.runs)) {
  console.error(`${name}: error: no "runs" array`);
  process.exit(1);
}
log.runs.push({ tool: { driver: { name: "validate-sarif-canary" } }, results: [] });
fs.writeFileSync(dst, JSON.stringify(log));
console.log(log.runs.length - 1);
EOF
}

# Reads the Multitool's log $1 and prints the findings about input.sarif as
# "NAME(line,col): level RULE: message".  Exits 1 on errors (and warnings
# with strict), or when nothing was said about the canary's extra run $4.
summarize() {
  node - "$@" <<'EOF'
const fs = require("fs");
const [logPath, name, strict, canaryRun] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(logPath, "utf8"));
let errors = 0, warnings = 0, canarySeen = false;
for (const run of log.runs || []) {
  const rules = (run.tool && run.tool.driver && run.tool.driver.rules) || [];
  const text = (r) => {
    if (r.message.text) return r.message.text;
    const rule = rules[r.ruleIndex] || rules.find((x) => x.id === r.ruleId) || {};
    const fmt = ((rule.messageStrings || {})[r.message.id] || {}).text || r.message.id;
    return fmt.replace(/\{(\d+)\}/g, (_, i) => (r.message.arguments || [])[i]);
  };
  for (const r of run.results || []) {
    const loc = (r.locations || [])[0] || {};
    const phys = loc.physicalLocation || {};
    const uri = (phys.artifactLocation || {}).uri || "";
    const args = (r.message && r.message.arguments) || [];
    if (uri.endsWith("/canary.sarif")) {
      if (args.some((a) => String(a).startsWith(`runs[${canaryRun}]`))) canarySeen = true;
      continue;
    }
    const level = r.level || "warning";
    if (level === "error") errors++;
    else if (level === "warning") warnings++;
    const region = phys.region || {};
    console.log(`${name}(${region.startLine || 0},${region.startColumn || 0}): ${level} ${r.ruleId}: ${text(r)}`);
  }
  for (const inv of run.invocations || []) {
    for (const n of [...(inv.toolExecutionNotifications || []), ...(inv.toolConfigurationNotifications || [])]) {
      const level = n.level || "warning";
      if (level === "error") errors++;
      console.log(`${name}: Multitool ${level}: ${(n.message && n.message.text) || JSON.stringify(n)}`);
    }
  }
}
if (!canarySeen) {
  console.log(`${name}: error: the Multitool reported nothing for the canary copy, so it did not read this file (it skips logs it cannot deserialize: check enum values and types against the SARIF schema)`);
  errors++;
}
console.log(`${name}: ${errors} error(s), ${warnings} warning(s)`);
process.exit(errors || (strict === "1" && warnings) ? 1 : 0);
EOF
}

status=0
for file in "$@"; do
  if [ ! -s "$file" ]; then
    echo "$file: error: missing or empty" >&2
    status=1
    continue
  fi
  cp "$file" "$tmp/input.sarif"
  if ! canary_run=$(make_canary "$tmp/input.sarif" "$tmp/canary.sarif" "$file"); then
    status=1
    continue
  fi
  rm -f "$tmp/log.sarif"
  "$multitool" validate --rule-kind "Sarif;Gh" -o "$tmp/log.sarif" \
    "$tmp/input.sarif" "$tmp/canary.sarif" >"$tmp/console.txt" 2>&1 || true
  # Failures of the tool itself (bad options, unreadable targets) appear only
  # on its console, as "error ERR..." or "ERROR(S):".
  if [ ! -s "$tmp/log.sarif" ] || grep -qE '(error ERR[0-9]|^ERROR\(S\):)' "$tmp/console.txt"; then
    echo "$file: error: the Multitool failed:" >&2
    grep -vE '^ {20,}' "$tmp/console.txt" | head -40 >&2
    status=1
    continue
  fi
  summarize "$tmp/log.sarif" "$file" "$strict" "$canary_run" || status=1
done
exit $status
