"""Write the synthetic half of the district demo set: ``*_synthetic.csv`` and
``district_synthetic.xlsx``. Run from anywhere: ``python data/district/generate.py``.

Deterministic (seeded): running it twice writes the same bytes. The real rows (the
hand-written CSVs beside this script) are read, never written: the synthetic enterprises
fill the district out to the 92 above-scale industrial enterprises of the work plan, and
their needs, cooperations, memberships, the institutions' results, the agencies and two
policies are invented examples. Every row it writes says ``synthetic=true``.

The names it draws from (industries, needs, institutions, agencies, policies ...) are in
``vocabulary.yaml`` beside this script; how rows are drawn and written is the one generator
shared with the scale bench, ``bench/scale/generator.py`` (which also writes the city and
province sets: ``python -m bench.scale generate``). ``--vocabulary`` and ``--out`` point it at
another vocabulary and folder; the folder must hold the real ``enterprises.csv`` the synthetic
ones complement.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # the repository root, where bench/ lives

from bench.scale.generator import Vocabulary, generate  # noqa: E402


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the synthetic rows of a demo set.")
    parser.add_argument(
        "--vocabulary",
        type=Path,
        default=HERE / "vocabulary.yaml",
        help="the YAML file of names to draw from (default: vocabulary.yaml beside this script)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=HERE,
        help="the folder to write into, holding the real enterprises.csv (default: this one)",
    )
    args = parser.parse_args(argv)
    generate(Vocabulary.read(args.vocabulary), args.out)


if __name__ == "__main__":
    main()
