#!/usr/bin/env bash
# make schemathesis: Schemathesis's CLI at length against a freshly seeded Hub on loopback.
#
# Seeds a throwaway SQLite Hub (the small demo and its demo accounts), serves it on a free port,
# signs in as admin and runs `st run …/openapi.json --checks all` with the bearer token, then
# stops the Hub and deletes its files. Exits with Schemathesis's status (non-zero on findings).
#
#   MAX_EXAMPLES  test cases per operation (default 500)
#   ST_ARGS       more arguments for `st run` (e.g. "--seed 1 --workers 2")
#   REPORT_DIR    where Schemathesis writes reports asked for with ST_ARGS=--report=…
#                 (default schemathesis-report/)
#
# The Hub bugs found so far are listed, with fixes, in tests/hub/test_schemathesis.py
# (KNOWN_BUGS): until they are fixed this run reports them.
set -euo pipefail
bin=${BIN:-.venv/bin}
max_examples=${MAX_EXAMPLES:-500}
report_dir=${REPORT_DIR:-schemathesis-report}
work=$(mktemp -d "${TMPDIR:-/tmp}/studio-schemathesis.XXXXXX")
hub=""
cleanup() {
  if [ -n "$hub" ]; then
    kill "$hub" 2>/dev/null || true
    wait "$hub" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

db="sqlite:///$work/hub.sqlite3"
"$bin/studio-hub" seed --database "$db" --scale small
port=$("$bin/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$bin/studio-hub" serve --database "$db" --host 127.0.0.1 --port "$port" > "$work/hub.log" 2>&1 &
hub=$!
base="http://127.0.0.1:$port"
for _ in $(seq 150); do
  "$bin/python" -c "import urllib.request; urllib.request.urlopen('$base/v1/health', timeout=1)" 2>/dev/null && break
  kill -0 "$hub" 2>/dev/null || { cat "$work/hub.log" >&2; echo "The Hub exited." >&2; exit 1; }
  sleep 0.1
done
token=$("$bin/python" - "$base" <<'EOF'
import json, sys, urllib.request

request = urllib.request.Request(
    sys.argv[1] + "/v1/auth/token",
    data=json.dumps({"username": "admin", "password": "studio-demo"}).encode(),
    headers={"Content-Type": "application/json"},
)
print(json.load(urllib.request.urlopen(request, timeout=30))["access_token"])
EOF
)

# Two 400s are the API's design, not bugs, though OpenAPI cannot say why the request is wrong:
# a `since` cursor the Hub never gave out (bad_cursor), and bytes that do not hash to the
# attachment's SHA-256 (hash_mismatch). positive_data_acceptance accepts a 400 there.
# (include-name: include-method with include-path would match every operation of that method.)
# Text with NUL or lone surrogates is refused by contract (docs/API.md; tests/hub/test_bad_input.py
# checks it), so the generator leaves such text out.
# No crash cache (.schemathesis/ here): `st replay` needs this Hub, which is gone afterwards.
cat > "$work/schemathesis.toml" <<'EOF'
[cache]
enabled = false

[[operations]]
include-name = "GET /v1/changes"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]

[[operations]]
include-name = "PUT /v1/attachments/{sha256}"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]
EOF

echo "Schemathesis against the Hub at $base ($max_examples examples per operation)"
status=0
# shellcheck disable=SC2086 # ST_ARGS is a list of arguments
"$bin/st" --config-file "$work/schemathesis.toml" run "$base/openapi.json" \
  --checks all \
  -H "Authorization: Bearer $token" \
  --max-examples "$max_examples" \
  --generation-allow-x00 false --generation-codec utf-8 \
  --report-dir "$report_dir" \
  ${ST_ARGS:-} || status=$?
exit "$status"
