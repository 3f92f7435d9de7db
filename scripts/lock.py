"""Write constraints.txt from the installed environment, refusing anything but ``name==version``.

``make lock`` runs this. A lock line must name a release on the package index: a local wheel
(``name @ file:///...``), a URL or a path installs only on the machine that wrote it, so the
lock is refused with the offending lines quoted instead of written.

Usage: ``python scripts/lock.py [constraints.txt]`` (``--check`` only checks the file).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

__all__ = ["LOCK_LINE", "bad_lines"]

# A distribution name (PEP 508) pinned to one version: nothing else installs anywhere.
LOCK_LINE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?==[A-Za-z0-9.+!_-]+$")
# The project itself and the installer's own tools are not pinned by the lock.
SKIPPED = ("tech-transfer-kg", "tech_transfer_kg", "pip", "setuptools", "wheel")


def bad_lines(text: str) -> list[tuple[int, str]]:
    """The (line number, line) pairs of ``text`` that are not ``name==version``.

    Examples
    --------
    >>> bad_lines("fastapi==0.165.0\\nx @ file:///tmp/x.whl\\n")
    [(2, 'x @ file:///tmp/x.whl')]
    """
    return [
        (number, line)
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not LOCK_LINE.match(line.strip())
    ]


def frozen() -> str:
    """What ``pip freeze`` lists, without the project and the installer's tools."""
    out = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable", "--all"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    keep = [
        line
        for line in out.splitlines()
        if line.strip() and re.split(r"[=@ ]", line, maxsplit=1)[0].lower() not in SKIPPED
    ]
    return "\n".join(sorted(keep, key=str.lower)) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [a for a in argv if not a.startswith("--")]
    path = Path(paths[0] if paths else "constraints.txt")
    text = path.read_text(encoding="utf-8") if check else frozen()
    bad = bad_lines(text)
    if bad:
        print(
            f"{path}: only name==version lines from the package index may be locked:",
            file=sys.stderr,
        )
        for number, line in bad:
            print(f"  line {number}: {line}", file=sys.stderr)
        print(
            "install these from the index (pip install NAME==VERSION) and lock again",
            file=sys.stderr,
        )
        return 1
    if not check:
        path.write_text(text, encoding="utf-8")
        print(f"{path}: {len(text.splitlines())} pins")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
