"""Human-readable output: ``path:line:col: severity rule-id message (→ replacement)``,
grouped by file, then one summary line. Colour only when the stream is a TTY.
Files that could not be read or were skipped are told on stderr by the CLI."""

from __future__ import annotations

from typing import TextIO

import click

from ..model import FileResult, summarize

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


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
    s = summarize(results)
    parts = [
        _plural(s["errors"], "error"),
        _plural(s["warnings"], "warning"),
        _plural(s["infos"], "info"),
    ]
    summary = (
        f"{_plural(s['files'], 'file')} checked: {_plural(s['findings'], 'finding')} "
        f"({', '.join(parts)})"
    )
    if s["file_errors"]:
        summary += f"; {_plural(s['file_errors'], 'file')} could not be read"
    if s["skipped"]:
        summary += f"; {s['skipped']} skipped"
    if not first:
        click.echo("", file=out)
    click.echo(summary, file=out, color=color)
