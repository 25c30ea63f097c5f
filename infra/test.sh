#!/usr/bin/env bash
# Runs every test project against the embedded PostgreSQL (or ISOEDMS_DB) and ends with "N passed, N failed".
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ -z "${ISOEDMS_DB:-}" ]; then
  bash infra/db.sh start || { echo "0 passed, 1 failed"; exit 1; }
fi

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
if ! [ -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing chromium with apt-get (first run only)"
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >/dev/null 2>&1 \
      || echo "warning: apt-get could not install chromium; the browser tests will fail"
  else
    echo "warning: /usr/bin/chromium is missing and this user cannot apt-get it (sudo apt-get install chromium); the browser tests will fail"
  fi
fi

# The OpenAPI linter (Redocly CLI, pinned in infra/openapi-lint/package-lock.json) that a test runs over /openapi/v1.json.
if ! [ -f infra/openapi-lint/node_modules/@redocly/cli/bin/cli.js ]; then
  echo "== installing the OpenAPI linter with npm ci (first run only)"
  (cd infra/openapi-lint && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) \
    || echo "warning: npm ci in infra/openapi-lint failed; the OpenAPI lint test will fail"
fi

LOG_DIR="$REPO/.data/test-logs"; mkdir -p "$LOG_DIR"
BUILD_LOG="$LOG_DIR/build.log"; TEST_LOG="$LOG_DIR/test.log"

echo "== restore (locked: packages.lock.json)"
if ! dotnet restore IsoEdms.sln --locked-mode -nologo -v q >"$BUILD_LOG" 2>&1; then
  grep -E "error|warning" "$BUILD_LOG" | sort -u | head -20
  echo "restore failed: a package differs from packages.lock.json (full log: $BUILD_LOG)"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== build (warnings are errors)"
if ! dotnet build IsoEdms.sln --no-restore -warnaserror -nologo -v q >>"$BUILD_LOG" 2>&1; then
  grep -E "error|warning" "$BUILD_LOG" | sort -u | head -40
  echo "build failed (full log: $BUILD_LOG)"
  echo "0 passed, 1 failed"
  exit 1
fi

# test projects: those of the solution that say <IsTestProject>true</IsTestProject>
NPROJ=0
for p in $(grep -oE '"[^"]+\.csproj"' IsoEdms.sln | tr -d '"' | tr '\\' '/'); do
  grep -q '<IsTestProject>true</IsTestProject>' "$p" && NPROJ=$((NPROJ + 1))
done

# Each test project writes a results file (TRX); the counts below come from those files, not from console text.
RESULTS="$LOG_DIR/results"; rm -rf "$RESULTS"; mkdir -p "$RESULTS"
echo "== test ($NPROJ projects)"
dotnet test IsoEdms.sln --no-build -nologo -p:IsoEdmsTestResults="$RESULTS" 2>&1 | tee "$TEST_LOG"
RC=${PIPESTATUS[0]}

# <Counters total=".." executed=".." passed=".." failed=".." error=".." timeout=".." aborted=".." notExecuted=".." ...>
count() { grep -o "<Counters [^>]*" "$1" | grep -oE " $2=\"[0-9]+\"" | grep -oE "[0-9]+" || echo 0; }
PASSED=0; FAILED=0; SKIPPED=0; SEEN=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  PASSED=$((PASSED + $(count "$trx" passed)))
  FAILED=$((FAILED + $(count "$trx" failed) + $(count "$trx" error) + $(count "$trx" timeout) + $(count "$trx" aborted)))
  SKIPPED=$((SKIPPED + $(count "$trx" notExecuted)))
  SEEN=$((SEEN + 1))
done

if [ "$SEEN" -lt "$NPROJ" ]; then
  echo "only $SEEN of $NPROJ test projects wrote a results file (a test host crashed?)"
  FAILED=$((FAILED + NPROJ - SEEN))
fi
if [ "$RC" -ne 0 ] && [ "$FAILED" -eq 0 ]; then FAILED=1; fi
[ "$SKIPPED" -gt 0 ] && echo "$SKIPPED skipped (a skipped test is not a passed one: see $RESULTS)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
