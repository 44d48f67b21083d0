"""Human-readable output: ``path:line:col: severity rule-id message (→ replacement)``,
grouped by file, then one summary line. Colour only when the stream is a TTY.
Files that could not be read or were skipped are told on stderr by the CLI."""

from __future__ import annotations

from typing import TextIO

import click

from ..i18n import gettext as _
from ..i18n import ngettext
from ..model import FileResult, summarize

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def summary_line(s: dict[str, int]) -> str:
    """The last line, in the user's language (see :mod:`phraselint.i18n`)."""
    files = ngettext("%(count)d file", "%(count)d files", s["files"]) % {"count": s["files"]}
    counts = {
        key: ngettext(singular, plural, s[key]) % {"count": s[key]}
        for key, singular, plural in (
            ("findings", "%(count)d finding", "%(count)d findings"),
            ("errors", "%(count)d error", "%(count)d errors"),
            ("warnings", "%(count)d warning", "%(count)d warnings"),
            ("infos", "%(count)d info", "%(count)d infos"),
        )
    }
    line = _("%(files)s checked: %(findings)s (%(errors)s, %(warnings)s, %(infos)s)") % {
        "files": files,
        **counts,
    }
    if s["file_errors"]:
        unread = ngettext("%(count)d file", "%(count)d files", s["file_errors"]) % {
            "count": s["file_errors"]
        }
        line += _("; %(files)s could not be read") % {"files": unread}
    if s["skipped"]:
        line += _("; %(count)d skipped") % {"count": s["skipped"]}
    return line


def render(results: list[FileResult], out: TextIO, color: bool = False) -> None:
    first = True
    for result in results:
        lines = []
        for f in result.findings:
            sev = click.style(f.severity, fg=_COLOURS[f.severity], bold=f.severity == "error")
            where = click.style(f"{result.path}:{f.line}:{f.column}:", bold=True)
            text = f"{where} {sev} {f.rule} {f.message}"
            if f.replacement:
                alts = " | ".join(f.replacements)
                text += f" (→ {alts})"
            lines.append(text)
        if not lines:
            continue
        if not first:
            click.echo("", file=out)
        first = False
        for line in lines:
            click.echo(line, file=out, color=color)
    summary = summary_line(summarize(results))
    if not first:
        click.echo("", file=out)
    click.echo(summary, file=out, color=color)
