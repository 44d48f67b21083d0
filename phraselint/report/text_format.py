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
    """The last line, in the user's language (see :mod:`phraselint.i18n`).
    Each count is its own message, so that each language can inflect it."""

    def files(n: int) -> str:
        return ngettext("%(count)d file", "%(count)d files", n) % {"count": n}

    n = s["findings"], s["errors"], s["warnings"], s["infos"]
    line = _("%(files)s checked: %(findings)s (%(errors)s, %(warnings)s, %(infos)s)") % {
        "files": files(s["files"]),
        "findings": ngettext("%(count)d finding", "%(count)d findings", n[0]) % {"count": n[0]},
        "errors": ngettext("%(count)d error", "%(count)d errors", n[1]) % {"count": n[1]},
        "warnings": ngettext("%(count)d warning", "%(count)d warnings", n[2]) % {"count": n[2]},
        "infos": ngettext("%(count)d info", "%(count)d infos", n[3]) % {"count": n[3]},
    }
    if s["file_errors"]:
        line += _("; %(files)s could not be read") % {"files": files(s["file_errors"])}
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
