"""``--format sarif``: SARIF 2.1.0, for code-scanning services.

One run whose ``tool.driver.rules`` describes every rule in force (id, short
description, help, default level, and ``properties`` with the rule's kind,
locale, pack and source), and one result per finding. Choices worth knowing:

- ``run.columnKind`` is ``unicodeCodePoints``: phraselint counts columns in
  characters (a Chinese character or an emoji is one column), not in UTF-16
  code units, and says so, so consumers do not shift columns after non-BMP
  characters.
- Paths are URI references relative to the working directory (``uriBaseId``
  ``%SRCROOT%``, which ``originalUriBaseIds`` gives as that directory) or
  absolute ``file://`` URIs for files outside it.
- Levels: error → ``error``, warning → ``warning``, info → ``note``.
- A forbidden finding in a *script* with exactly one replacement gets a
  ``fixes`` entry: the text ``phraselint fix`` would write there (case and
  punctuation fitted, see :mod:`phraselint.fitting`), over the region that fix
  would rewrite, which may reach past the finding's (over the mark that ends
  the sentence, for one). Transcripts never get one
  (a record of a call is not edited), nor do findings with several
  replacements (a person chooses).
- Files that could not be read are ``toolExecutionNotifications`` of level
  ``error`` (and ``executionSuccessful`` is false); skipped files are notes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .. import __version__
from ..model import FileResult, Finding
from .jsontext import dumps
from .paths import STDIN_NAMES, relative_posix, uri

if TYPE_CHECKING:
    from ..fix import Edit
    from ..packs import Rule

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# Documents need to travel with the results: fixes are fitted to the source.
NEEDS_DOCUMENTS = True


def _first_sentence(text: str) -> str:
    for end in (". ", "。", "! ", "? "):
        i = text.find(end)
        if 0 < i < 200:
            return text[: i + len(end)].strip()
    return text if len(text) <= 200 else text[:199] + "…"


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    help_lines = [rule.message]
    if rule.replacements:
        help_lines.append("Say instead: " + " | ".join(rule.replacements))
    if rule.phrases:
        label = "Phrases that satisfy it: " if rule.kind == "required" else "Phrases: "
        help_lines.append(label + " | ".join(rule.phrases))
    if rule.source:
        help_lines.append("Source: " + rule.source)
    properties: dict[str, Any] = {
        "kind": rule.kind,
        "locale": rule.locale,
        "pack": rule.pack,
        "tags": [rule.kind, rule.locale],
    }
    if rule.source:
        properties["source"] = rule.source
    return {
        "id": rule.id,
        "shortDescription": {"text": _first_sentence(rule.message)},
        "fullDescription": {"text": rule.message},
        "help": {"text": "\n".join(help_lines)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": properties,
    }


def _finding_descriptor(f: Finding) -> dict[str, Any]:
    """For a finding whose rule was not handed over (a library caller, or a
    finding about directives such as ``phraselint.unused-disable``)."""
    return {
        "id": f.rule,
        "shortDescription": {"text": _first_sentence(f.message)},
        "defaultConfiguration": {"level": LEVELS[f.severity]},
        "properties": {"kind": f.kind, "tags": [f.kind]},
    }


def _artifact(path: str) -> dict[str, Any]:
    if path in STDIN_NAMES:
        return {"description": {"text": "standard input"}}
    ref, relative = uri(path)
    return {"uri": ref, "uriBaseId": SRCROOT} if relative else {"uri": ref}


def _region(f: Finding, snippet: bool = True) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
    }
    if snippet and f.text:
        region["snippet"] = {"text": f.text}
    return region


def _fix_edits(result: FileResult) -> dict[tuple[int, str], Edit]:
    """The edit ``phraselint fix`` would make for each finding it would fix,
    by the finding's offset and rule (the edit may end past the finding)."""
    doc = result.document
    if doc is None or doc.kind != "script":
        return {}
    from ..fix import plan

    edits, _ = plan(doc, result.findings)
    return {(e.offset, e.rule): e for e in edits}


def _fingerprint(path: str, f: Finding, seen: dict[str, int]) -> str:
    """Stable across runs and unaffected by lines moving: the rule, the file,
    the text matched and how many times the same appeared before it."""
    key = f"{path}\0{f.rule}\0{f.text}"
    seen[key] = seen.get(key, 0) + 1
    return hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()[:32]


def _result(
    path: str, f: Finding, index: int, fixes: dict[tuple[int, str], Edit], seen: dict
) -> dict[str, Any]:
    message = f.message
    if f.replacements:
        message += f" (→ {' | '.join(f.replacements)})"
    location = {"physicalLocation": {"artifactLocation": _artifact(path), "region": _region(f)}}
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "kind": "fail",
        "message": {"text": message},
        "locations": [location],
        "partialFingerprints": {"phraselintFinding/v1": _fingerprint(path, f, seen)},
    }
    properties = {
        "kind": f.kind,
        "severity": f.severity,
        "speaker": f.speaker,
        "start": f.start,
        "end": f.end,
    }
    if f.replacements:
        properties["replacements"] = list(f.replacements)
    out["properties"] = {k: v for k, v in properties.items() if v is not None}
    edit = fixes.get((f.offset, f.rule)) if len(f.replacements) == 1 else None
    if edit is not None:
        end_line, end_column = edit.end
        deleted = {
            "startLine": edit.line,
            "startColumn": edit.column,
            "endLine": end_line,
            "endColumn": end_column,
        }
        out["fixes"] = [
            {
                "description": {"text": f"Replace with “{edit.new}”"},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact(path),
                        "replacements": [
                            {
                                "deletedRegion": deleted,
                                "insertedContent": {"text": edit.new},
                            }
                        ],
                    }
                ],
            }
        ]
    return out


def _notification(result: FileResult) -> dict[str, Any]:
    level, text = ("error", result.error) if result.error else ("note", result.skipped)
    if result.skipped:
        text = f"{result.path}: skipped: {text}"
    return {
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(result.path)}}],
    }


def document(results: list[FileResult], rules: Iterable[Rule] = ()) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule in sorted(rules, key=lambda r: r.id):
        if rule.id not in index:
            index[rule.id] = len(descriptors)
            descriptors.append(_rule_descriptor(rule))
    for result in results:
        for f in result.findings:
            if f.rule not in index:
                index[f.rule] = len(descriptors)
                descriptors.append(_finding_descriptor(f))
    sarif_results = []
    for result in results:
        fixes = _fix_edits(result)
        seen: dict[str, int] = {}
        path = relative_posix(result.path)
        for f in result.findings:
            sarif_results.append(_result(path, f, index[f.rule], fixes, seen))
    notifications = [_notification(r) for r in results if r.error or r.skipped]
    root = Path(os.getcwd()).as_uri().rstrip("/") + "/"
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "phraselint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not any(r.error for r in results),
                "toolExecutionNotifications": notifications,
            }
        ],
        "originalUriBaseIds": {SRCROOT: {"uri": root}},
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


def render(
    results: list[FileResult], out: TextIO, color: bool = False, rules: Iterable[Rule] = ()
) -> None:
    out.write(dumps(document(results, rules), indent=2) + "\n")
