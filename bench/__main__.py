"""Run the benchmarks: ``python -m bench [NAME ...]`` (default: all of them);
``python -m bench scale [OPTIONS]`` passes its options to the scale bench."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if argv[:1] == ["scale"]:  # the one bench with options: python -m bench scale --sizes ...
        return int(importlib.import_module("bench.bench_scale").main(argv[1:]))
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = [f"bench_{n.removeprefix('bench_')}" for n in argv] or names
    unknown = sorted(set(wanted) - set(names))
    if unknown:
        print(f"unknown benchmark(s) {unknown}; known: {names}", file=sys.stderr)
        return 2
    for name in wanted:
        print(f"\n## {name}\n", flush=True)
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
