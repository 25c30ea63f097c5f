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

echo "== publish the controlled documents from processes/ and load the organisation"
"$APP" calendars publish
"$APP" org load
"$APP" procedures publish
"$APP" surveys publish
"$APP" users demo-passwords

echo "== demo dossiers (generated once into .data/demo-cases.jsonl; importing again adds nothing)"
DEMO=".data/demo-cases.jsonl"
[ -f "$DEMO" ] || "$APP" demo generate --cases "${ISOEDMS_DEMO_CASES:-400}" --out "$DEMO"
"$APP" import "$DEMO" --by demo || echo "warning: some demo dossiers were not imported (see above)"

echo "== IsoEdms on ${ISOEDMS_URL:-http://127.0.0.1:5080}"
exec "$APP" --urls "${ISOEDMS_URL:-http://127.0.0.1:5080}"
