#!/usr/bin/env bash
# Latency and response size of /actuator/leaks beside Boot's /actuator/threaddump, in the same run,
# with N extra platform threads parked in the demo app (default 10000). Loopback only.
# Usage: benchmarks/endpoint-latency.sh [THREADS] [ROUNDS]   (after: mvn -q install -DskipTests)
set -euo pipefail
threads=${1:-10000}
rounds=${2:-20}
cd "$(dirname "$0")/.."
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
port=18080
base=http://127.0.0.1:$port
"$java_bin" -Xss256k -jar demo-app/target/leakguard-demo-app-0.1.0-SNAPSHOT.jar --server.port=$port \
  --server.address=127.0.0.1 --management.endpoints.web.exposure.include=leaks,threaddump,health \
  --server.tomcat.threads.max=50 > /tmp/leakguard-latency.log 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "$base/actuator/health" >/dev/null && break; sleep 0.5; done
seq 1 "$threads" | xargs -P 16 -I{} curl -s -o /dev/null "$base/background/leaky"
"$java_bin" -version 2>&1 | head -1
echo "parked threads: $threads, rounds: $rounds"
measure() {
  local name=$1 url=$2 accept=$3
  for _ in $(seq 1 3); do curl -s -o /dev/null -H "Accept: $accept" "$url"; done   # warm up
  for _ in $(seq 1 "$rounds"); do
    curl -s -o /dev/null -H "Accept: $accept" -w '%{time_total} %{size_download}\n' "$url"
    sleep 0.6   # past leakguard's 500ms snapshot cache: every call takes a fresh dump
  done | sort -n | awk -v name="$name" '{t[NR]=$1; s=$2} END {printf "%-34s p50=%6.0fms p90=%6.0fms max=%6.0fms size=%d bytes\n", name, t[int(NR*0.5)+1]*1000, t[int(NR*0.9)]*1000, t[NR]*1000, s}'
}
measure "leaks (json, defaults)" "$base/actuator/leaks" application/json
measure "leaks (text, defaults)" "$base/actuator/leaks" text/plain
measure "threaddump (json)" "$base/actuator/threaddump" application/json
measure "threaddump (text)" "$base/actuator/threaddump" text/plain
