"""Which path a copy into Neo4j takes, and the bulk path itself (``ttkg copy``).

The offline importer (:mod:`graph.stores.neo4j_import`) is chosen by itself for a first load
into an empty database of a local server this checkout runs (``scripts/neo4j/start.sh``, a
server home on this machine); everything else (a graph already there, a remote server, a
cluster, Aura) takes the transactional path. The choice and its reason are printed.

The bulk path stops the local server, imports into its home, starts it again on the same port
and opens the store (which creates the constraints and the text index).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from graph.errors import StoreError, StoreUnavailable
from graph.i18n import _
from graph.stores.base import GraphStore
from graph.stores.neo4j import Neo4jStore
from graph.stores.neo4j_import import BulkImport, bulk_import

__all__ = ["BulkPlan", "plan_bulk", "run_bulk"]

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts" / "neo4j"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DEFAULT_PORT = 7687  # start.sh's


@dataclass(frozen=True)
class BulkPlan:
    """The path a copy takes: ``bulk`` or not, why, and the server home and port if bulk."""

    bulk: bool
    reason: str
    home: Path | None = None
    port: int = DEFAULT_PORT


def server_home(given: Path | None) -> Path | None:
    """The local server's home: ``--neo4j-home``, else ``TTKG_NEO4J_HOME`` (as start.sh reads
    it). Never guessed: the bulk path stops that server, so it must be named."""
    if given is not None:
        return given
    env = os.environ.get("TTKG_NEO4J_HOME")
    return Path(env) if env else None


def plan_bulk(target: GraphStore, uri: str, home: Path | None, mode: str) -> BulkPlan:
    """Decide between the importer and transactions (``mode``: auto, always or never)."""
    if mode == "never":
        return BulkPlan(False, _("按要求使用事务写入（--bulk never）"))
    plan = _plan(target, uri, home)
    if mode == "always" and not plan.bulk:
        raise StoreError(_("不能使用批量导入：{reason}").format(reason=plan.reason))
    return plan


def _plan(target: GraphStore, uri: str, home: Path | None) -> BulkPlan:
    if not isinstance(target, Neo4jStore):
        return BulkPlan(False, _("目标是嵌入式存储：直接写入"))
    parts = urlsplit(uri)
    if parts.hostname not in LOOPBACK:
        return BulkPlan(
            False, _("目标服务器不在本机（远程、集群或托管库）：批量导入只能在数据库所在机器上运行")
        )
    port = parts.port or DEFAULT_PORT
    home = server_home(home)
    if not (SCRIPTS / "target" / "lib" / ".complete").exists():
        return BulkPlan(False, _("本机没有 Neo4j 的程序包（先运行一次 scripts/neo4j/start.sh）"))
    if home is None:
        return BulkPlan(
            False, _("不知道本机服务器的目录（用 --neo4j-home 或 TTKG_NEO4J_HOME 指定）")
        )
    try:
        nodes = target.stats().nodes
    except StoreUnavailable:
        nodes = 0 if not (home / "data" / "databases" / "neo4j").exists() else -1
    if nodes != 0:
        why = _("目标库已有数据：增量写入走事务路径") if nodes > 0 else _("目标库无法读取")
        return BulkPlan(False, why)
    reason = _("首次写入本机空库：使用离线批量导入（neo4j-admin database import full）")
    return BulkPlan(True, reason, home, port)


def _script(name: str, plan: BulkPlan) -> None:
    assert plan.home is not None
    env = {
        **os.environ,
        "TTKG_NEO4J_HOME": str(plan.home),
        "TTKG_NEO4J_PORT": str(plan.port),
    }
    done = subprocess.run(
        ["bash", str(SCRIPTS / name)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise StoreError(
            _("{script} 失败：{output}").format(script=name, output=done.stderr.strip()[-800:])
        )


def run_bulk(source: GraphStore, target: Neo4jStore, plan: BulkPlan) -> BulkImport:
    """Stop the local server, import ``source`` into its home, start it and open ``target``."""
    assert plan.home is not None
    target.close()
    _script("stop.sh", plan)
    probe = Neo4jStore(target.uri, connection_timeout=2)
    try:
        probe.open()
        still = True
    except StoreUnavailable:
        still = False
    finally:
        probe.close()
    if still:
        raise StoreError(
            _("端口 {port} 上的服务器不是 {home} 里的那台：没有导入").format(
                port=plan.port, home=plan.home
            )
        )
    lib = SCRIPTS / "target" / "lib"
    result = bulk_import(
        source.iter_nodes(),
        source.iter_edges(),
        home=plan.home,
        lib=lib,
        work=plan.home / "import",
    )
    _script("start.sh", plan)
    target.open()
    return result
