"""How CI formats name a file: relative to the working directory, with ``/``.

Code-scanning services and workflow annotations resolve paths against the
checkout, which is where CI runs phraselint; a path the user gave relative
stays as given (minus ``./``), an absolute one inside the working directory
becomes relative, and one outside it stays absolute.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from ..discovery import STDIN

STDIN_NAMES = (STDIN, "<stdin>")


def relative_posix(path: str) -> str:
    """``path`` relative to the working directory where it lies inside it."""
    if path in STDIN_NAMES:
        return path
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.getcwd()) if os.path.isabs(path) else os.path.normpath(path)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return absolute.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def uri(path: str) -> tuple[str, bool]:
    """A URI reference for ``path`` and whether it is relative (to the
    working directory): percent-encoded UTF-8, so 通话/一.md stays readable
    by any SARIF consumer."""
    shown = relative_posix(path)
    if os.path.isabs(shown) or shown.startswith("/"):
        absolute = shown if shown.startswith("/") else "/" + shown
        return "file://" + quote(absolute, safe="/:"), False
    return quote(shown, safe="/"), True
