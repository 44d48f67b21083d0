"""Safe YAML loading that keeps line numbers, for errors that name file:line."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from .errors import PhraselintError


class LineDict(dict):
    """A mapping that remembers the source line of itself and of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list


@functools.cache
def _loader() -> type:
    """The line-keeping safe loader, built on first use: a run whose packs
    come from the per-user cache never imports ``yaml`` at all."""
    import yaml

    try:  # libyaml is about 5x faster; fall back to the pure-Python loader
        base = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on the PyYAML build
        base = yaml.SafeLoader

    def construct_mapping(loader, node):
        loader.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "unhashable key", key_node.start_mark
                ) from None
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(loader, node):
        result = LineList(loader.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    class Loader(base):
        pass

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def load_yaml_text(text: str, path: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise PhraselintError(f"invalid YAML: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise PhraselintError(f"invalid YAML: {exc}", path) from None


def load_yaml_file(path: Path | str) -> Any:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PhraselintError("not UTF-8 text", str(p)) from None
    except OSError as exc:
        raise PhraselintError(f"cannot read: {exc.strerror}", str(p)) from None
    return load_yaml_text(text, str(p))
