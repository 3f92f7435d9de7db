"""``ttkg``'s entry point: the language is chosen before the commands are built.

typer reads each command's help when its module is imported, so ``ttkg --lang en match
--help`` can show English help only if the language is known before :mod:`api.cli` is
imported. :func:`main` reads ``--lang xx`` or ``--lang=xx`` from the options before the
command (where the CLI's callback takes it) and sets ``TTKG_LANG`` to it, then imports the CLI
and runs it. An unknown language is left to the callback, which refuses it in both languages
(exit 2); an unknown ``TTKG_LANG`` likewise.

>>> language_argument(["--store", "g.db", "--lang=en", "match", "--help"])
'en'
>>> language_argument(["match", "partners", "--need", "--lang en"]) is None
True
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from contextlib import suppress

from graph.i18n import UnknownLanguage, check_language

__all__ = ["language_argument", "main"]

VALUED_OPTIONS = ("--store", "--lang")
"""The options before the command that take a value (``--store PATH``, ``--lang xx``)."""


def language_argument(argv: Sequence[str]) -> str | None:
    """The ``--lang`` given before the command in ``argv`` (the arguments after ``ttkg``)."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        option, equals, value = argv[i].partition("=")
        if option == "--lang":
            if equals:
                return value
            return argv[i + 1] if i + 1 < len(argv) else None
        skip_value = option in VALUED_OPTIONS and not equals
        i += 2 if skip_value else 1
    return None


def main() -> None:
    """Run ``ttkg`` with its help and messages in the language ``--lang`` or ``TTKG_LANG`` names."""
    chosen = language_argument(sys.argv[1:])
    if chosen is not None:
        # An unknown one is left as it is: api.cli's callback refuses it, naming the choices.
        with suppress(UnknownLanguage):
            os.environ["TTKG_LANG"] = check_language(chosen)
    from api.cli import app

    app()


if __name__ == "__main__":
    main()
