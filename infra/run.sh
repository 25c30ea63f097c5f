#!/usr/bin/env bash
# Runs IsoEdms on http://127.0.0.1:5080 with the embedded PostgreSQL (or ISOEDMS_DB) and the demo data.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ -n "${ISOEDMS_DB:-}" ] || bash infra/db.sh start

echo "== build"
dotnet build src/IsoEdms -c Release -nologo -v q -o .data/app >/dev/null
APP=".data/app/IsoEdms"

echo "== publish the controlled documents from processes/"
"$APP" calendars publish
"$APP" procedures publish

echo "== IsoEdms on ${ISOEDMS_URL:-http://127.0.0.1:5080}"
exec "$APP" --urls "${ISOEDMS_URL:-http://127.0.0.1:5080}"
