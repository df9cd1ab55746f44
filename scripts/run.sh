#!/usr/bin/env bash
# make run: a seeded Hub on loopback in the background, and Studio beside it on its demo
# workspace. Closing Studio stops the Hub. Studio signs in as the demo editor where a keyring
# runs, and syncs with the Hub.
set -euo pipefail
bin=.venv/bin
data=.run
scale=${SCALE:-platform}
port=${HUB_PORT:-8750}
hub_db="sqlite:///$PWD/$data/hub/hub.sqlite3"
mkdir -p "$data/hub"

"$bin/studio-hub" seed --database "$hub_db" --scale "$scale" --if-empty
"$bin/studio" --data-dir "$data/studio" --workspace demo demo --scale "$scale" --if-missing

if ! "$bin/python" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)) == 0)"; then
  echo "Port $port is taken: set HUB_PORT to another one." >&2
  exit 1
fi
"$bin/studio-hub" serve --database "$hub_db" --host 127.0.0.1 --port "$port" \
  > "$data/hub/hub.log" 2>&1 &
hub=$!
trap 'kill $hub 2>/dev/null; wait $hub 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  "$bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/v1/health', timeout=1)" 2>/dev/null && break
  sleep 0.1
done
echo "The Hub is serving http://127.0.0.1:$port (log: $data/hub/hub.log); demo accounts:"
echo "  admin, editor, moderator, coordinator, compliance, member — password studio-demo"

# Sign Studio in as the demo editor (the token goes to the desktop's keyring). Without a keyring
# Studio says why and opens its local demo workspace instead.
workspace=demo
if printf 'studio-demo\n' | "$bin/studio" --data-dir "$data/studio" login \
     --hub "http://127.0.0.1:$port" --user editor; then
  workspace=$("$bin/python" -c "from studio.sync.account import workspace_name_for as w; print(w('http://127.0.0.1:$port', 'editor'))")
else
  echo "Opening the local demo workspace instead (File → Sign in to a Hub… once a keyring runs)."
fi

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display here: starting Studio on a virtual screen (xvfb-run)."
  xvfb-run -a -s "-screen 0 1440x900x24" "$bin/studio" --data-dir "$data/studio" --workspace "$workspace"
else
  "$bin/studio" --data-dir "$data/studio" --workspace "$workspace"
fi
