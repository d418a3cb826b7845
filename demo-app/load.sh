#!/usr/bin/env bash
# Drives one demo scenario for a bounded time: ./demo-app/load.sh SCENARIO [SECONDS] [REQUESTS_PER_SECOND]
# SCENARIO is an endpoint path such as queue/leaky, worker/safe or burst. Targets localhost only.
set -euo pipefail
scenario=${1:?usage: load.sh SCENARIO [SECONDS] [REQUESTS_PER_SECOND]}
seconds=${2:-30}
rate=${3:-2}
base=${LEAKGUARD_DEMO_URL:-http://localhost:8080}
case "$base" in http://localhost:*|http://127.0.0.1:*) ;; *) echo "load.sh only targets localhost" >&2; exit 2;; esac
end=$((SECONDS + seconds))
sent=0
while [ "$SECONDS" -lt "$end" ]; do
  for _ in $(seq 1 "$rate"); do
    curl -s -o /dev/null --max-time 5 "$base/$scenario" &
    sent=$((sent + 1))
  done
  sleep 1
done
wait
echo "sent $sent requests to /$scenario in ${seconds}s"
