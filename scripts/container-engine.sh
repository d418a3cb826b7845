#!/usr/bin/env bash
# Serves Testcontainers from Debian's podman where no Docker engine runs: installs podman and runc if missing,
# configures the runtime this sandbox needs, and starts podman's Docker-compatible API on a socket.
# Idempotent; prints the lines to export. Stop the service with: scripts/container-engine.sh stop
#   eval "$(scripts/container-engine.sh)"   # then: mvn verify
set -euo pipefail
socket=/run/podman/podman.sock
pidfile=/run/podman/leakguard-service.pid

if [ "${1:-}" = "stop" ]; then
  if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; rm -f "$pidfile"; fi
  exit 0
fi

if curl -s --max-time 2 --unix-socket /var/run/docker.sock http://d/_ping >/dev/null 2>&1; then
  echo "# a Docker engine answers on /var/run/docker.sock: nothing to do" >&2
  exit 0
fi

if ! command -v podman >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq podman runc >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq podman runc >/dev/null; }
fi

# runc, not crun: crun refuses hybrid cgroups; ulimits within what an unprivileged sandbox allows
if [ ! -f /etc/containers/containers.conf ]; then
  mkdir -p /etc/containers
  cat > /etc/containers/containers.conf <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
CONF
fi

if ! curl -s --max-time 2 --unix-socket "$socket" http://d/_ping >/dev/null 2>&1; then
  mkdir -p /run/podman
  nohup podman system service --time=0 "unix://$socket" >/run/podman/leakguard-service.log 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 50); do
    curl -s --max-time 1 --unix-socket "$socket" http://d/_ping >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
curl -s --max-time 2 --unix-socket "$socket" http://d/_ping >/dev/null

echo "export DOCKER_HOST=unix://$socket"
