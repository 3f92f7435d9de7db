#!/usr/bin/env bash
# Start the local Neo4j test server unless it already runs, wait until Bolt answers, print its URI.
#
# Neo4j Community 5.26 LTS comes from Maven Central (pom.xml beside this script; the jars land
# in scripts/neo4j/target/lib) and runs through its own entry point, CommunityEntryPoint, on
# 127.0.0.1 only: auth off, HTTP off, usage reporting off. Data and logs live in var/neo4j/.
#
# Environment (all optional):
#   TTKG_NEO4J_PORT       Bolt port (7687)
#   TTKG_NEO4J_HOME       server home: data, logs, pid file (var/neo4j)
#   TTKG_NEO4J_HEAP       JVM heap (2g)
#   TTKG_NEO4J_PAGECACHE  page cache (1g; a graph of 100,000 nodes and 500,000 edges
#                         takes about 560 MB of store files)
#   TTKG_NEO4J_WAIT       seconds to wait for Bolt (120)
#   TTKG_NEO4J_JAVA_OPTS  extra JVM options (e.g. -XX:TieredStopAtLevel=1 starts faster, runs slower)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${TTKG_NEO4J_PORT:-7687}"
home="${TTKG_NEO4J_HOME:-$root/var/neo4j}"
heap="${TTKG_NEO4J_HEAP:-2g}"
pagecache="${TTKG_NEO4J_PAGECACHE:-1g}"
wait_s="${TTKG_NEO4J_WAIT:-120}"
read -r -a java_opts <<<"${TTKG_NEO4J_JAVA_OPTS:-}"
uri="bolt://127.0.0.1:$port"
lib="$here/target/lib"
pid_file="$home/neo4j.pid"
python="$root/.venv/bin/python"
[[ -x $python ]] || python=python3

mkdir -p "$home/logs"
# One start at a time: `make test` and a developer's `make neo4j` may race.
exec 9>"$home/start.lock"
flock 9

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

bolt_answers() {
    port_open || return 1
    "$python" - "$uri" <<'PY' >/dev/null 2>&1
import sys
from neo4j import GraphDatabase
with GraphDatabase.driver(sys.argv[1], auth=None, connection_timeout=3) as driver:
    driver.verify_connectivity()
    driver.execute_query("RETURN 1")
PY
}

running_pid() {
    [[ -f $pid_file ]] || return 1
    local pid
    pid="$(cat "$pid_file")"
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

build() {
    if [[ ! -f $lib/.complete || $here/pom.xml -nt $lib/.complete ]]; then
        command -v mvn >/dev/null || { echo "neo4j: Maven (mvn) is needed to fetch Neo4j" >&2; exit 1; }
        command -v java >/dev/null || { echo "neo4j: Java 17 is needed to run Neo4j" >&2; exit 1; }
        echo "fetching Neo4j from Maven Central (first run only)" >&2
        rm -rf "$lib"
        (cd "$here" && mvn -B -q package dependency:copy-dependencies) >&2
        touch "$lib/.complete"
    fi
}

launch() {
    # The JVM must outlive make and the shell: setsid detaches it from the caller's process
    # group, and it must not hold the start lock (fd 9).
    setsid java -Xms256m -Xmx"$heap" -XX:+UseG1GC "${java_opts[@]}" \
        --add-opens=java.base/java.nio=ALL-UNNAMED \
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
        --add-opens=java.base/java.io=ALL-UNNAMED \
        --add-opens=java.base/java.lang=ALL-UNNAMED \
        -cp "$lib/*" org.neo4j.server.CommunityEntryPoint \
        --home-dir="$home" \
        -c server.default_listen_address=127.0.0.1 \
        -c server.bolt.listen_address="127.0.0.1:$port" \
        -c server.http.enabled=false \
        -c server.https.enabled=false \
        -c dbms.security.auth_enabled=false \
        -c dbms.usage_report.enabled=false \
        -c server.memory.pagecache.size="$pagecache" \
        -c db.tx_log.rotation.retention_policy=keep_none \
        </dev/null >"$home/logs/console.log" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$pid_file"
    echo "starting Neo4j (pid $pid, logs in $home/logs)" >&2
}

# Wait until Bolt answers (0), the server exits (1) or the deadline passes (2).
wait_for_bolt() {
    local deadline=$((SECONDS + wait_s))
    until bolt_answers; do
        kill -0 "$pid" 2>/dev/null || return 1
        ((SECONDS < deadline)) || return 2
        sleep 1
    done
}

if bolt_answers; then  # running already (started here or by anyone else)
    echo "$uri"
    exit 0
fi
if pid="$(running_pid)"; then
    echo "neo4j (pid $pid) runs but Bolt does not answer on $uri yet; waiting" >&2
    if wait_for_bolt; then
        echo "$uri"
        exit 0
    fi
fi
build
launch
wait_for_bolt && waited=0 || waited=$?
if ((waited == 0)); then
    echo "$uri"
    exit 0
elif ((waited == 1)); then
    echo "neo4j: the server exited before Bolt answered; the end of its logs:" >&2
    tail -n 30 "$home/logs/console.log" "$home/logs/neo4j.log" 2>/dev/null >&2 || true
    rm -f "$pid_file"
else
    echo "neo4j: Bolt did not answer on $uri within ${wait_s}s (logs in $home/logs)" >&2
fi
exit 1
