#!/usr/bin/env bash
# Runs IsoEdms on http://127.0.0.1:5080 with the embedded PostgreSQL (or ISOEDMS_DB) and the demo data.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ -n "${ISOEDMS_DB:-}" ] || bash infra/db.sh start

echo "== build"
mkdir -p .data
if ! dotnet build src/IsoEdms -c Release -nologo -v q -o .data/app >.data/build.log 2>&1; then
  grep -E "error|warning" .data/build.log | sort -u | head -40
  echo "the build failed (full log: .data/build.log)"
  exit 1
fi
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

URL="${ISOEDMS_URL:-http://127.0.0.1:5080}"
echo "== starting IsoEdms"
# a quiet console: warnings and errors only, unless Logging__LogLevel__Default says otherwise
export Logging__LogLevel__Default="${Logging__LogLevel__Default:-Warning}"
"$APP" --urls "$URL" &
PID=$!
trap 'kill -TERM "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; exit 0' INT TERM
for _ in $(seq 1 120); do
  if command -v curl >/dev/null; then curl -fsS -o /dev/null "$URL/health" 2>/dev/null && break; else sleep 10; break; fi
  kill -0 "$PID" 2>/dev/null || { echo "the app stopped while starting (see above)"; exit 1; }
  sleep 0.5
done
cat <<EOF

IsoEdms — hệ thống ISO điện tử: $URL
Đăng nhập / sign in (mật khẩu / password: demo-isoedms):
  nguyen-van-an   một cửa xã Quảng Điền / one-stop desk        le-thi-hoa      công chức tư pháp / justice officer
  tran-van-binh   lãnh đạo xã / unit head                      ho-thi-xuan     cán bộ chất lượng / quality officer
  duong-van-phuc  đánh giá nội bộ / auditor                    admin           quản trị / administrator
Dừng / stop: Ctrl+C (the database keeps running; bash infra/db.sh stop stops it)
EOF
wait "$PID"
