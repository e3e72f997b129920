#!/usr/bin/env bash
# After `npm run build`: copies the bundle with package.json and the lock into a temporary folder, installs only the
# runtime dependencies there (npm ci --omit=dev), starts `node dist/server/server.js` on a free port and checks that
# POST /api/optimize of the default preset answers "optimal" and that the app's script is sent brotli-compressed and
# immutable. Exits non-zero otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$dir"' EXIT
cp -r package.json package-lock.json dist "$dir"/
mkdir -p "$dir/data" && cp data/presets/texas-100mw.json "$dir/data/"
(cd "$dir" && npm ci --omit=dev --no-audit --no-fund --prefer-offline >/dev/null)
if [ -e "$dir/node_modules/tsx" ] || [ -e "$dir/node_modules/esbuild" ]; then echo "check-production: a dev dependency was installed"; exit 1; fi
# exec: $pid is the server itself, which the trap stops.
(cd "$dir" && PORT=0 HOST=127.0.0.1 WARM_UP=0 DATA_DIR="$dir/.data" exec node dist/server/server.js >"$dir/server.log" 2>&1) &
pid=$!
for _ in $(seq 300); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/server.log" || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "check-production: the built server did not start"; cat "$dir/server.log"; exit 1; }
status=$(URL="$url" SCENARIO="$dir/data/texas-100mw.json" node -e '
  const body = require("node:fs").readFileSync(process.env.SCENARIO, "utf8");
  fetch(process.env.URL + "/api/optimize", { method: "POST", headers: { "content-type": "application/json" }, body }).then((r) => r.json()).then((a) => console.log(a.status), (e) => console.log(e.message));
')
[ "$status" = optimal ] || { echo "check-production: /api/optimize answered status $status"; cat "$dir/server.log"; exit 1; }
# The app's script as a hashed asset: brotli-compressed and cached as immutable (api/static.ts).
served=$(URL="$url" node -e '
  const u = process.env.URL;
  fetch(u + "/").then((r) => r.text()).then((page) => {
    const js = page.match(/\/assets\/index-[^"]+\.js/)?.[0];
    if (!js) return console.log("no script in the page");
    return fetch(u + js, { headers: { "accept-encoding": "br" } }).then((r) =>
      console.log(`${r.headers.get("content-encoding")} ${r.headers.get("cache-control")}`));
  }, (e) => console.log(e.message));
')
[ "$served" = "br public, max-age=31536000, immutable" ] || { echo "check-production: the app's script was served as: $served"; exit 1; }
echo "check-production: node dist/server/server.js with runtime dependencies only answered /api/optimize: optimal, and sent the app's script brotli-compressed and immutable"
