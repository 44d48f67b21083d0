"""The pre-commit hooks, run by pre-commit itself in a throw-away git repository.

Most tests use a ``repo: local`` configuration built from this repository's
``.pre-commit-hooks.yaml`` (same ids, entries, file patterns and types, with
``language: system`` and the entry pointing at the ``phraselint`` of the running
interpreter), so they check the real manifest without installing anything.
One test runs ``pre-commit try-repo`` on this repository's last commit, which
builds a fresh environment and installs phraselint from the registry: it needs
the network (set PHRASELINT_OFFLINE=1 to skip it) and takes about ten seconds.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
PACK = ROOT / "tests" / "data" / "fix" / "pack_en.yaml"
VIOLATION = "Agent: I don't know.\n"
FIXED = "Agent: Let me find out.\n"
CLEAN = "Agent: Let me find out where your parcel is.\n"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def phraselint_executable() -> str:
    exe = shutil.which("phraselint", path=str(Path(sys.executable).parent))
    assert exe, "phraselint is not installed next to the running interpreter"
    return exe


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=_git_env()
    )


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    # The user's own git configuration (hooks, templates, signing) stays out.
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return env


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    git(project, "config", "user.email", "agent@example.com")
    git(project, "config", "user.name", "Test Agent")
    git(project, "config", "commit.gpgsign", "false")
    (project / "call.md").write_text(VIOLATION, encoding="utf-8")
    (project / "clean.md").write_text(CLEAN, encoding="utf-8")
    return project


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "pre-commit-home"


def local_config(repo: Path) -> None:
    """A ``repo: local`` copy of our hooks, limited to the test pack."""
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    for hook in hooks:
        program, *rest = shlex.split(hook["entry"])
        assert program == "phraselint"
        hook["entry"] = shlex.join([phraselint_executable(), *rest])
        hook["language"] = "system"
        hook["args"] = ["--pack", str(PACK), "--only-packs"]
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(repo, "add", ".pre-commit-config.yaml")


def pre_commit(
    repo: Path, home: Path, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess:
    env = _git_env()
    env["PRE_COMMIT_HOME"] = str(home)
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def test_manifest_is_valid(tmp_path: Path) -> None:
    done = pre_commit(tmp_path, tmp_path / "home", "validate-manifest", str(MANIFEST))
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = {h["id"]: h for h in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}
    assert hooks["phraselint"]["entry"] == "phraselint check"
    assert hooks["phraselint-fix"]["entry"] == "phraselint fix"
    assert all(h["language"] == "python" and h["require_serial"] is False for h in hooks.values())


def test_check_hook_fails_on_a_violation_and_names_file_and_line(repo: Path, home: Path) -> None:
    local_config(repo)
    git(repo, "add", "call.md")
    done = pre_commit(repo, home, "run", "phraselint", "--files", "call.md")
    assert done.returncode != 0
    assert "call.md:1:8: error test.fix.dont-know" in done.stdout
    assert (repo / "call.md").read_text(encoding="utf-8") == VIOLATION


def test_check_hook_passes_a_clean_file(repo: Path, home: Path) -> None:
    local_config(repo)
    git(repo, "add", "clean.md")
    done = pre_commit(repo, home, "run", "phraselint", "--files", "clean.md")
    assert done.returncode == 0, done.stdout
    assert "Passed" in done.stdout


def test_fix_hook_rewrites_and_fails_then_passes(repo: Path, home: Path) -> None:
    local_config(repo)
    git(repo, "add", "call.md")
    first = pre_commit(repo, home, "run", "phraselint-fix", "--files", "call.md")
    assert first.returncode == 1
    assert "files were modified by this hook" in first.stdout
    assert (repo / "call.md").read_text(encoding="utf-8") == FIXED
    git(repo, "add", "call.md")
    second = pre_commit(repo, home, "run", "phraselint-fix", "--files", "call.md")
    assert second.returncode == 0, second.stdout
    assert (repo / "call.md").read_text(encoding="utf-8") == FIXED


def test_hooks_choose_files_by_name(repo: Path, home: Path) -> None:
    local_config(repo)
    (repo / "CALL.MD").write_text(VIOLATION, encoding="utf-8")  # case does not matter
    (repo / "call.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Agent>I don't know.\n", encoding="utf-8"
    )
    (repo / "notes.py").write_text(f"# {VIOLATION}", encoding="utf-8")
    git(repo, "add", "CALL.MD", "call.vtt", "notes.py")

    skipped = pre_commit(repo, home, "run", "phraselint", "--files", "notes.py")
    assert skipped.returncode == 0
    assert "no files to check" in skipped.stdout

    transcript = pre_commit(repo, home, "run", "phraselint", "--files", "call.vtt")
    assert transcript.returncode != 0
    assert "call.vtt:4:10: error test.fix.dont-know" in transcript.stdout

    # A repository's own documents are no call scripts: neither hook reads them.
    docs = ["README.md", "CHANGELOG.md", "docs/LICENSE.txt", "requirements-dev.txt"]
    for name in docs:
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_text(f"# Acme call scripts\n\n{VIOLATION}", encoding="utf-8")
    for hook in ("phraselint", "phraselint-fix"):
        left_out = pre_commit(repo, home, "run", hook, "--files", *docs)
        assert left_out.returncode == 0, left_out.stdout
        assert "no files to check" in left_out.stdout
    assert all(VIOLATION in (repo / name).read_text(encoding="utf-8") for name in docs)

    # The fixer is not even given transcripts.
    fixer = pre_commit(repo, home, "run", "phraselint-fix", "--files", "call.vtt", "CALL.MD")
    assert fixer.returncode == 1
    assert (repo / "CALL.MD").read_text(encoding="utf-8") == FIXED
    assert "I don't know" in (repo / "call.vtt").read_text(encoding="utf-8")
    assert "call.vtt" not in fixer.stdout


def test_git_commit_is_stopped_until_the_fix_is_staged(repo: Path, home: Path) -> None:
    local_config(repo)
    installed = pre_commit(repo, home, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git(repo, "add", "call.md", "clean.md")
    env = _git_env()
    env["PRE_COMMIT_HOME"] = str(home)
    blocked = subprocess.run(
        ["git", "commit", "-q", "-m", "scripts"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert blocked.returncode != 0
    assert "call.md:1:8: error test.fix.dont-know" in blocked.stdout + blocked.stderr
    assert (repo / "call.md").read_text(encoding="utf-8") == FIXED  # fixed, not yet staged
    git(repo, "add", "call.md")
    done = subprocess.run(
        ["git", "commit", "-q", "-m", "scripts"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(repo, "show", "HEAD:call.md").stdout == FIXED


@pytest.mark.skipif(
    os.environ.get("PHRASELINT_OFFLINE") == "1",
    reason="try-repo installs phraselint and its dependencies from the registry",
)
def test_try_repo_installs_and_runs_both_hooks(repo: Path, home: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("try-repo needs this project as a git checkout")
    git(repo, "add", "call.md")
    # The committed state: uncommitted edits of a working tree are not what a
    # user of the hooks would install.
    head = git(ROOT, "rev-parse", "HEAD").stdout.strip()
    done = pre_commit(
        repo, home, "try-repo", str(ROOT), "--ref", head, "--files", "call.md", timeout=300
    )
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    assert "call.md:1:8: error en.ffp.i-dont-know" in out  # the check hook, bundled packs
    assert "files were modified by this hook" in out  # the fix hook
    assert (repo / "call.md").read_text(encoding="utf-8") == FIXED
