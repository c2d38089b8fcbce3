#!/usr/bin/env bash
# Incident drills against the real binary on loopback (docs/drills.md):
#   bash scripts/drill.sh [short|all|NAME] [--release]
# Trains a small demo model, starts `serve --allow-fault-injection` with the short-dwell
# policy (Config/rollback_policy_drill.json), runs `guardrank drill`, stops the server (and
# the one the restart drill relaunched). Exit status: the drill's. CI runs `short` on the
# debug binary; the table in docs/drills.md comes from `all --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-short}"
config=debug
[ "${2:-}" = "--release" ] && config=release
swift build -c "$config" >/dev/null
bin=".build/$config/guardrank"
work=$(mktemp -d /tmp/guardrank-drill.XXXXXX)
server=""
cleanup() {
  [ -n "$server" ] && kill -9 "$server" 2>/dev/null || true
  if [ -f "$work/report.json" ]; then
    restarted=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(str(int(r["measurements"]["restarted_pid"])) for r in d["drills"] if "restarted_pid" in r.get("measurements",{})))' "$work/report.json" 2>/dev/null || true)
    for pid in $restarted; do kill -9 "$pid" 2>/dev/null || true; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Small enough that a debug build trains it in seconds, big enough for 5,000 Zipf users.
"$bin" demo --items 500 --users 1000 --out "$work/data" >/dev/null
"$bin" train --dataset "$work/data" --out "$work/model.grk" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
token="drill-operator-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export GUARDRANK_ADMIN_TOKENS="{\"tokens\":[{\"token\":\"$token\",\"role\":\"operator\",\"name\":\"drill\"}]}"
"$bin" serve --port "$port" --model "$work/model.grk" --allow-fault-injection --events "$work/events" \
  --rollback-policy Config/rollback_policy_drill.json >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 600); do grep -qs "listening on" "$work/serve.log" && break; sleep 0.1; done
grep -q "listening on" "$work/serve.log" || { echo "drill.sh: the server did not start" >&2; cat "$work/serve.log" >&2; exit 1; }

status=0
GUARDRANK_DRILL_TOKEN="$token" "$bin" drill "$which" --url "http://127.0.0.1:$port" --pid "$server" --json >"$work/report.json" || status=$?
python3 - "$work/report.json" <<'PY' || true
import json, sys
report = json.load(open(sys.argv[1]))
for d in report["drills"]:
    f = lambda v: "-" if v is None else f"{v:.1f}"
    print(f'{"PASS" if d["passed"] else "FAIL"} {d["name"]:16} P1 {f(d.get("first_p1_s"))} s  pending {f(d.get("rollback_pending_s"))} s  '
          f'rolled back {f(d.get("rolled_back_s"))} s  stages {">".join(d["stages"]) or "-"}  NORMAL {f(d.get("normal_after_lift_s"))} s after lift  '
          f'| {d["requests"]} requests, {d["client_5xx"]} 5xx, {d["transport_errors"]} no answer, {d["short_lists"]} short, '
          f'p99 {f(d.get("incident_p99_ms"))} ms (before {f(d.get("baseline_p99_ms"))})')
    for x in d["failures"]: print("    failed:", x)
    for x in d["notes"]: print("    note:", x)
    if d.get("measurements"): print("    measured:", json.dumps(d["measurements"], sort_keys=True))
PY
exit $status
