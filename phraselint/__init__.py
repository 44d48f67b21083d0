"""phraselint: a multilingual phrase-compliance linter for call-center
scripts and transcripts.

Library first::

    import phraselint
    for f in phraselint.lint_text("Agent: I don't know.", locale="en"):
        print(f.line, f.column, f.rule, f.replacement)

``lint_text`` and ``lint_paths`` return findings without touching the
terminal; the ``phraselint`` command is a thin layer over them.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Finding", "FileResult", "lint_paths", "lint_text", "__version__"]


def __getattr__(name: str):
    # Lazy, so that ``import phraselint`` costs nothing before it is used.
    if name in ("lint_text", "lint_paths", "lint_document", "Options"):
        from . import engine

        return getattr(engine, name)
    if name in ("Finding", "FileResult", "Document", "Turn"):
        from . import model

        return getattr(model, name)
    raise AttributeError(name)
