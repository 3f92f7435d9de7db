"""The scale bench at district, city and province size, on the embedded store and on Neo4j.

Run: ``python -m bench scale [--sizes district,city,province] [--stores embedded,neo4j]
[--budget SECONDS] [--out FILE]``. The generator and the runner live in :mod:`bench.scale`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scale import runner


def main(argv: Sequence[str] | None = None) -> int:
    """Run the scale bench with ``argv`` (default: no options: every size, both stores)."""
    return runner.main(list(argv) if argv is not None else [])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
