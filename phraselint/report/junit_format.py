"""``--format junit``: JUnit XML, for CI systems that show test reports.

One ``<testsuite name="phraselint">`` (inside ``<testsuites>``) with one
``<testcase>`` per checked file. Each finding at or above ``--fail-on`` is a
``<failure>`` of that testcase (``type`` is the rule id, ``message`` the
rule's message, the text ``path:line:col: severity rule message (→ say
instead)`` and the words found); findings below it are listed in the
testcase's ``<system-out>`` and do not fail it. A file that could not be read
is an ``<error>``, a skipped one ``<skipped>``.

Counts are of testcases, as JUnit readers expect: ``tests`` files,
``failures`` files with at least one failure, ``errors`` files that could not
be read, ``skipped`` files passed over; the number of findings is the suite
property ``findings``. Characters XML 1.0 cannot carry (control characters
from a broken transcript) are written as U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from ..model import FileResult, Finding, severity_rank
from .paths import relative_posix

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _line(path: str, f: Finding) -> str:
    text = f"{path}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}"
    if f.replacements:
        text += f" (→ {' | '.join(f.replacements)})"
    return text


def _testcase(result: FileResult, threshold: int) -> tuple[ET.Element, bool]:
    path = _clean(relative_posix(result.path))
    case = ET.Element("testcase", {"classname": "phraselint", "name": path, "file": path})
    if result.error:
        ET.SubElement(
            case, "error", {"message": _clean(result.error), "type": "input"}
        ).text = _clean(result.error)
    if result.skipped:
        ET.SubElement(case, "skipped", {"message": _clean(result.skipped)})
    failing = [f for f in result.findings if severity_rank(f.severity) >= threshold]
    passing = [f for f in result.findings if severity_rank(f.severity) < threshold]
    for f in failing:
        body = _line(path, f)
        if f.text:
            body += f"\n{f.text}"
        attrs = {"message": _clean(f.message), "type": _clean(f.rule)}
        ET.SubElement(case, "failure", attrs).text = _clean(body)
    if passing:
        out = ET.SubElement(case, "system-out")
        out.text = _clean("\n".join(_line(path, f) for f in passing))
    return case, bool(failing)


def document(results: list[FileResult], fail_on: str = "error") -> ET.Element:
    threshold = severity_rank(fail_on)
    suite = ET.Element("testsuite", {"name": "phraselint"})
    props = ET.SubElement(suite, "properties")
    findings = sum(len(r.findings) for r in results)
    ET.SubElement(props, "property", {"name": "findings", "value": str(findings)})
    ET.SubElement(props, "property", {"name": "fail_on", "value": fail_on})
    failures = 0
    for result in results:
        case, failed = _testcase(result, threshold)
        failures += failed
        suite.append(case)
    counts = {
        "tests": len(results),
        "failures": failures,
        "errors": sum(r.error is not None for r in results),
        "skipped": sum(r.skipped is not None for r in results),
    }
    for key, value in counts.items():
        suite.set(key, str(value))
    root = ET.Element("testsuites", {"name": "phraselint"})
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, suite.get(key))
    root.append(suite)
    return root


def render(
    results: list[FileResult], out: TextIO, color: bool = False, fail_on: str = "error"
) -> None:
    root = document(results, fail_on)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
