"""``python -m bench.scale generate --size NAME --out FOLDER [--seed N] [--enterprises N]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bench.scale.generator import SEED


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="write a data set of one size")
    make.add_argument("--size", choices=["district", "city", "province"], required=True)
    make.add_argument("--out", type=Path, required=True)
    make.add_argument("--seed", type=int, default=SEED)
    make.add_argument("--enterprises", type=int, help="override the size's enterprise count")
    args = parser.parse_args(argv)
    from bench.scale.sizes import write_size

    write_size(args.size, args.out, seed=args.seed, enterprises=args.enterprises)
    print(f"wrote {args.size} into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
