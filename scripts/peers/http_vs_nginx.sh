#!/usr/bin/env bash
# HTTP serving, guardrank vs nginx in one run (SPEC §7): nginx serves a static file holding a
# real top-10 response body; guardrank serves personalised top-10s for Zipf-drawn users of
# the embedded default model. The same open-loop generator (`guardrank bench`) offers each
# the same constant rates; compare achieved rate and p99 at each rate.
#   bash scripts/peers/http_vs_nginx.sh [RATES] [SECONDS]     (apt-get install nginx)
set -euo pipefail
cd "$(dirname "$0")/../.."
rates=${1:-"2000 4000 6000 8000"}
seconds=${2:-5}
swift build -c release --product guardrank >/dev/null
bin=.build/release/guardrank
work=$(mktemp -d); chmod 755 "$work"   # nginx workers run as nobody
trap 'kill $(jobs -p) 2>/dev/null || true; nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true' EXIT

$bin serve --port 18080 > "$work/serve.out" 2>/dev/null &
until grep -q listening "$work/serve.out" 2>/dev/null; do sleep 0.2; done
curl -s 'http://127.0.0.1:18080/v1/recommendations/u1?k=10' > "$work/rec.json"
cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
error_log $work/error.log;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:18081; root $work; location / { default_type application/json; } }
}
NGINX
nginx -p "$work" -c "$work/nginx.conf"
echo "body: $(wc -c < "$work/rec.json") bytes"
for rate in $rates; do
  for target in "http://127.0.0.1:18081/rec.json" "http://127.0.0.1:18080"; do
    $bin bench --url "$target" --rate "$rate" --duration "$seconds" --json \
      | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%-36s rate %6d  ok/s %8.0f  errors %d  p50 %7.0f us  p99 %8.0f us" % (r["url"], r["target_rate"], r["achieved_rate"], r["transport_errors"]+sum(r["status_errors"].values()), r["p50_us"], r["p99_us"]))'
  done
done
