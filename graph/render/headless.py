"""How the view is opened in a headless browser: Debian's Chromium, kept off the network.

The browser tests and the view bench both launch it with these settings.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CHROMIUM", "CHROMIUM_ARGS"]

CHROMIUM = Path("/usr/bin/chromium")
"""Installed by ``make browser`` (scripts/install-browser.sh: the ``chromium`` package)."""

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
