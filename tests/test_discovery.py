"""Finding files: what a directory walk yields, skips and in which order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from phraselint.discovery import DEFAULT_EXTS, is_excluded, iter_files
from phraselint.errors import InputError

# Created in reverse order so that the walk cannot rely on creation order.
TREE = [
    "zeta.md",
    "scripts/zh/opening.txt",
    "scripts/zh/closing.TXT",
    "scripts/en/Opening.md",
    "scripts/en/notes.py",
    "scripts/drafts/wip.md",
    "scripts/archive/2023/old.md",
    "scripts/x/archive/2023/kept.md",
    "calls/call-1.vtt",
    "calls/call-1.srt",
    "calls/call-1.json",
    "calls/export.csv",
    "calls/export.tsv",
    "calls/agent.log",
    "calls/readme.markdown",
    "calls/plain.text",
    "calls/audio.wav",
    "calls/noext",
    ".git/COMMIT_EDITMSG.txt",
    ".hg/x.md",
    ".svn/x.md",
    "node_modules/pkg/README.md",
    "__pycache__/x.txt",
    ".tox/py311/log.txt",
    ".mypy_cache/x.json",
    ".venv/lib/x.md",
    "venv/lib/x.md",
    "env311/pyvenv.cfg",
    "env311/lib/site-packages/pkg/README.md",
    "alpha.md",
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    for rel in reversed(TREE):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Agent: hello\n", encoding="utf-8")
    return root


def rel(paths, root: Path) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


def test_walk_is_sorted_filtered_and_skips_tool_directories(tree):
    assert rel(iter_files([str(tree)]), tree) == [
        "alpha.md",
        "calls/agent.log",
        "calls/call-1.json",
        "calls/call-1.srt",
        "calls/call-1.vtt",
        "calls/export.csv",
        "calls/export.tsv",
        "calls/plain.text",
        "calls/readme.markdown",
        "scripts/archive/2023/old.md",
        "scripts/drafts/wip.md",
        "scripts/en/Opening.md",
        "scripts/x/archive/2023/kept.md",
        "scripts/zh/closing.TXT",
        "scripts/zh/opening.txt",
        "zeta.md",
    ]


def test_paths_keep_the_directory_argument_as_typed(tree, monkeypatch):
    monkeypatch.chdir(tree)
    assert list(iter_files(["scripts/zh/"])) == [
        os.path.join("scripts/zh/", "closing.TXT"),
        os.path.join("scripts/zh/", "opening.txt"),
    ]


def test_exclude_patterns(tree):
    files = rel(
        iter_files([str(tree)], exclude=["drafts", "archive/2023", "*.log", "calls/*.?sv"]), tree
    )
    assert "scripts/drafts/wip.md" not in files
    assert "calls/agent.log" not in files
    assert "calls/export.csv" not in files and "calls/export.tsv" not in files
    # "archive/2023" is anchored at the walked directory ...
    assert "scripts/archive/2023/old.md" in files
    assert "scripts/x/archive/2023/kept.md" in files
    files = rel(iter_files([str(tree)], exclude=["**/archive/2023"]), tree)
    # ... and "**/" lets it match at any depth
    assert "scripts/archive/2023/old.md" not in files
    assert "scripts/x/archive/2023/kept.md" not in files


def test_exclude_also_matches_the_path_as_shown(tree, monkeypatch):
    monkeypatch.chdir(tree)
    files = list(iter_files(["scripts"], exclude=["scripts/zh"]))
    assert os.path.join("scripts", "zh", "opening.txt") not in files
    assert os.path.join("scripts", "en", "Opening.md") in files


def test_explicit_files_are_always_yielded(tree):
    wav = str(tree / "calls" / "audio.wav")
    noext = str(tree / "calls" / "noext")
    wip = str(tree / "scripts" / "drafts" / "wip.md")
    assert list(iter_files([wav, noext, wip], exclude=["drafts", "*.wav"])) == [wav, noext, wip]


def test_stdin_dash_is_passed_through(tree):
    zeta = str(tree / "zeta.md")
    assert list(iter_files(["-", zeta, "-"])) == ["-", zeta]


def test_each_file_once(tree):
    zh = tree / "scripts" / "zh"
    found = list(iter_files([str(zh / "opening.txt"), str(zh), str(tree / "scripts" / "zh" / ".")]))
    assert rel(found, tree) == ["scripts/zh/opening.txt", "scripts/zh/closing.TXT"]


def test_missing_path_fails_before_anything_is_yielded(tree):
    files = iter_files([str(tree / "zeta.md"), str(tree / "nope.md")])
    with pytest.raises(InputError) as exc:
        next(files)
    assert exc.value.path == str(tree / "nope.md")
    assert str(exc.value).endswith(": no such file or directory")


def test_include_exts(tree):
    found = rel(iter_files([str(tree / "calls")], include_exts=["vtt", ".SRT"]), tree)
    assert found == ["calls/call-1.srt", "calls/call-1.vtt"]
    assert ".md" in DEFAULT_EXTS and ".py" not in DEFAULT_EXTS


def test_an_explicit_venv_directory_is_walked(tree):
    # Only directories found by the walk are skipped, not the ones the user names.
    assert rel(iter_files([str(tree / "env311")]), tree) == [
        "env311/lib/site-packages/pkg/README.md"
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symlinked_directories_are_not_followed(tree):
    try:
        os.symlink(tree, tree / "scripts" / "loop", target_is_directory=True)
    except OSError:
        pytest.skip("cannot create symbolic links here")
    found = rel(iter_files([str(tree / "scripts")]), tree)
    assert not any("loop" in f for f in found)
    assert "scripts/zh/opening.txt" in found


@pytest.fixture
def link_loop(tmp_path: Path) -> Path:
    """A script and two links to each other, which no one can follow."""
    (tmp_path / "a.md").write_text("Agent: I don't know.\n", "utf-8")
    try:
        os.symlink("l1.md", tmp_path / "l2.md")
        os.symlink("l2.md", tmp_path / "l1.md")
    except (OSError, NotImplementedError):
        pytest.skip("cannot create symbolic links here")
    return tmp_path


def test_a_loop_of_links_is_yielded_for_its_reading_to_fail(link_loop):
    assert rel(iter_files([str(link_loop)]), link_loop) == ["a.md", "l1.md", "l2.md"]


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_loop_of_links_is_an_error_of_its_own_and_the_run_goes_on(link_loop, command):
    """The contract: a file that cannot be read gives exit 2, and the others
    are still checked (and fixed)."""
    from click.testing import CliRunner

    from phraselint.cli import cli

    pack = Path(__file__).parent / "data" / "engine" / "en.yaml"
    args = [command, "--no-config", "--only-packs", "--pack", str(pack), str(link_loop)]
    if command == "check":
        args += ["--format", "json"]
    result = CliRunner().invoke(cli, args, env={"LC_ALL": "C", "LANG": "C"})
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    for name in ("l1.md", "l2.md"):
        assert f"{link_loop / name}: Too many levels of symbolic links" in result.output
    if command == "check":
        files = json.loads(result.stdout)["files"]
        assert [f["findings"][0]["rule"] for f in files[:1]] == ["test.en.dont-know"]
        assert [bool(f.get("error")) for f in files] == [False, True, True]
    else:
        assert (link_loop / "a.md").read_text("utf-8") == "Agent: Let me find out.\n"


@pytest.mark.parametrize(
    ("path", "pattern", "excluded"),
    [
        ("a/drafts/b.md", "drafts", True),
        ("a/drafts.md", "drafts", False),
        ("a/b.log", "*.log", True),
        ("a.log/b.md", "*.log", True),  # a component, whether file or directory
        ("a/b.md", "a/*.md", True),
        ("a/c/b.md", "a/*.md", False),  # "*" stops at "/"
        ("a/c/b.md", "a/**/*.md", True),
        ("a/b.md", "a/**/*.md", True),  # "**/" may match no directory
        ("a/b/c.md", "a", True),
        ("a/b/c.md", "a/b", True),  # a leading part of the path
        ("x/a/b/c.md", "a/b", False),  # anchored at the start
        ("x/a/b/c.md", "**/a/b", True),
        ("a/b/c.md", "/a/b/", True),  # leading and trailing "/" ignored
        ("./a/b.md", "./a", True),
        ("a/B.md", "b.md", False),  # case-sensitive
        ("a/b1.md", "b[0-9].md", True),
        ("a/bx.md", "b[!0-9].md", True),
        ("a/b?.md", "b[?].md", True),
        ("a/bc.md", "b?.md", True),
        ("a/b/c.md", "a?b", False),  # "?" does not match "/"
        ("a/b.md", "", False),
    ],
)
def test_is_excluded(path, pattern, excluded):
    assert is_excluded(path, [pattern]) is excluded


def test_is_excluded_accepts_os_separators():
    assert is_excluded(os.path.join("a", "drafts", "b.md"), ["a/drafts"])
