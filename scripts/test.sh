#!/usr/bin/env bash
# Runs every test of GosChat on a fresh Debian machine: installs what is missing (redis-server, chromium,
# node/npm), builds, runs the widget's own tests and each NUnit assembly, and ends with one line
# "N passed, N failed" summed over all of them. Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq || exit 1
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
passed=0
failed=0
status=0

echo "== web-widget (npm test)"
# npm ci when node_modules is missing or older than the lock file (a dependency was added since).
if ( cd web-widget && { { [ -d node_modules ] && ! [ package-lock.json -nt node_modules/.package-lock.json ]; } || npm ci --no-audit --no-fund --loglevel=error; } ); then
  out=$(cd web-widget && npm test 2>&1); rc=$?
  echo "$out" | tail -n 12
  p=$(echo "$out" | sed -n 's/^# pass \([0-9]*\)$/\1/p' | tail -n1)
  f=$(echo "$out" | sed -n 's/^# fail \([0-9]*\)$/\1/p' | tail -n1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  [ $rc -ne 0 ] && { status=1; [ "${f:-0}" -eq 0 ] && failed=$((failed + 1)); }
else
  echo "npm ci failed"; status=1; failed=$((failed + 1))
fi

echo "== build"
if ! dotnet build GosChat.sln -c Debug -nologo -v q; then
  echo "build failed"
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
fi

for project in tests/GosChat.Domain.Tests tests/GosChat.Storage.Tests tests/GosChat.Server.Tests tests/GosChat.Browser.Tests; do
  echo "== $project"
  out=$(dotnet test "$project" --no-build -nologo 2>&1); rc=$?; f=0
  # Each failed test with the first lines of its message, then the summary.
  echo "$out" | grep -E -A3 "^\s+Failed |Error Message" | grep -v "^--$" | head -n 80
  echo "$out" | grep -E "Passed!|Failed!|error" | head -n 20
  line=$(echo "$out" | grep -E "(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+" | tail -n1)
  if [ -n "$line" ]; then
    f=$(echo "$line" | sed -E 's/.*Failed: +([0-9]+),.*/\1/')
    p=$(echo "$line" | sed -E 's/.*Passed: +([0-9]+),.*/\1/')
    passed=$((passed + p)); failed=$((failed + f))
  else
    echo "$out" | tail -n 30
    failed=$((failed + 1))
  fi
  # A failure outside any test (e.g. the log scan of a set-up fixture's one-time tear-down) fails the run too.
  if [ $rc -ne 0 ]; then
    status=1
    if [ "$f" -eq 0 ]; then failed=$((failed + 1)); echo "$out" | grep -E -A12 "OneTimeTearDown|TearDown :|LogScan" | head -n 30; fi
  fi
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $status -eq 0 ]
