"""``--format github``: GitHub Actions workflow commands, one line per finding.

``::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE (→ REPLACEMENT)``
(``warning`` for warnings, ``notice`` for infos). The runner turns each line
into an annotation on the pull request. Values are escaped as the runner
unescapes them: ``%``, CR and LF everywhere, and ``:`` and ``,`` in the
properties too, since they separate properties there. A file that could not
be read is an ``error`` on the file; a skipped one a ``notice``. Lines are
written as files are checked (the format streams).
"""

from __future__ import annotations

from typing import TextIO

from ..model import FileResult, Finding
from .paths import relative_posix

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    """One workflow command line; properties whose value is None are left out."""
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return (
        f"::{name} {props}::{escape_data(message)}"
        if props
        else f"::{name}::{escape_data(message)}"
    )


def finding_line(path: str, f: Finding) -> str:
    message = f.message
    if f.replacements:
        message += f" (→ {' | '.join(f.replacements)})"
    return command(
        COMMANDS[f.severity],
        message,
        file=path,
        line=f.line,
        col=f.column,
        endLine=f.end_line,
        endColumn=f.end_column,
        title=f.rule,
    )


def result_lines(result: FileResult) -> list[str]:
    path = relative_posix(result.path)
    lines = []
    if result.error:
        lines.append(command("error", result.error, file=path, title="phraselint"))
    if result.skipped:
        lines.append(command("notice", f"skipped: {result.skipped}", file=path, title="phraselint"))
    lines.extend(finding_line(path, f) for f in result.findings)
    return lines


class Stream:
    def __init__(self, out: TextIO, color: bool = False):
        self.out = out

    def file(self, result: FileResult) -> None:
        for line in result_lines(result):
            self.out.write(line + "\n")
        self.out.flush()

    def close(self) -> None:
        pass


def render(results: list[FileResult], out: TextIO, color: bool = False) -> None:
    stream = Stream(out)
    for result in results:
        stream.file(result)
    stream.close()
