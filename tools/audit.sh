#!/usr/bin/env bash
# npm audit of production dependencies at high severity. Findings fail the run. A registry that offers no audit
# endpoint (some mirrors answer 405) cannot say anything either way: that is reported, not treated as a pass
# or a failure of the code. Remaining accepted findings are listed in the README ("Dependency audit").
set -uo pipefail
if [ "${1:-}" = "--help" ]; then
  echo "usage: bash tools/audit.sh   (npm audit --omit=dev --audit-level=high, tolerant of registries without an audit endpoint)"
  exit 0
fi
output=$(npm audit --omit=dev --audit-level=high 2>&1)
status=$?
echo "$output" | tail -20
if [ $status -ne 0 ] && echo "$output" | grep -qE "audit endpoint returned an error|ENOAUDIT|Method Not Allowed"; then
  echo "audit: the registry has no audit endpoint; no advisory data, so nothing was checked (run it where registry.npmjs.org answers)"
  exit 0
fi
exit $status
