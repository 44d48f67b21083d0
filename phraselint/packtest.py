"""``phraselint packs test``: every rule proves itself on its own examples.

Each ``examples.bad`` sentence must fire its rule and each ``examples.good``
one must not. An example is linted as a document of the pack's locale with
only that pack in force; a one-line example without a speaker label is an
agent turn. A rule without examples fails: a rule nobody has seen fire is a
rule nobody knows works.
"""

from __future__ import annotations

from dataclasses import dataclass

from .engine import lint_text
from .packs import Pack, PackSet
from .rules import kind_module


@dataclass
class ExampleFailure:
    rule: str
    path: str
    line: int
    expected: str  # "fires" | "does not fire" | "has examples"
    example: str
    got: list[str]

    def __str__(self) -> str:
        if self.expected == "has examples":
            return f"{self.path}:{self.line}: {self.rule}: no examples (needs bad and good)"
        got = f" (fired: {', '.join(self.got)})" if self.got else ""
        verb = "fire" if self.expected == "fires" else "not fire"
        return f"{self.path}:{self.line}: {self.rule}: expected to {verb} on {self.example!r}{got}"


def test_pack(pack: Pack) -> tuple[int, list[ExampleFailure]]:
    """Run the examples of one pack; returns (examples run, failures)."""
    packset = PackSet([pack])
    runner_for = {}
    failures: list[ExampleFailure] = []
    count = 0
    for rule in pack.rules:
        if not rule.bad or not rule.good:
            failures.append(ExampleFailure(rule.id, rule.path, rule.line, "has examples", "", []))
        module = kind_module(rule.kind)
        runner = runner_for.setdefault(rule.kind, getattr(module, "lint_example", None))
        for expect, examples in (("fires", rule.bad), ("does not fire", rule.good)):
            for example in examples:
                count += 1
                if runner is not None:
                    findings = runner(example, rule, packset)
                else:
                    findings = lint_text(example, locale=pack.locale, packs=packset)
                fired = [f.rule for f in findings if f.rule == rule.id]
                if bool(fired) != (expect == "fires"):
                    failures.append(
                        ExampleFailure(
                            rule.id,
                            rule.path,
                            rule.line,
                            expect,
                            example,
                            sorted({f.rule for f in findings}),
                        )
                    )
    return count, failures
