#!/usr/bin/env bash
# Stop the local Neo4j test server that start.sh started (same TTKG_NEO4J_HOME), and wait for it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
home="${TTKG_NEO4J_HOME:-$root/var/neo4j}"
pid_file="$home/neo4j.pid"

if [[ ! -f $pid_file ]]; then
    echo "neo4j is not running (no $pid_file)"
    exit 0
fi
pid="$(cat "$pid_file")"
if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
    echo "neo4j is not running (stale pid file removed)"
    rm -f "$pid_file"
    exit 0
fi
kill -TERM "$pid"
for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
done
if kill -0 "$pid" 2>/dev/null; then
    echo "neo4j (pid $pid) did not stop within 30s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$pid_file"
echo "neo4j stopped"
