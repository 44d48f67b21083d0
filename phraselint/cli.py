"""The ``phraselint`` command: parses options, calls the library, sets the
exit code (0 clean, 1 findings at or above ``--fail-on``, 2 usage, pack,
configuration or input errors). Nothing here decides what a finding is."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

from . import __version__
from .errors import PhraselintError
from .i18n import N_, TranslatedGroup
from .i18n import gettext as _
from .model import SEVERITIES, severity_rank
from .report import FORMATS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _error_line(message: str) -> str:
    return _("phraselint: error: %(message)s") % {"message": message}


def _fail(message: str) -> None:
    click.echo(_error_line(message), err=True)
    sys.exit(EXIT_ERROR)


def _set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    from . import i18n

    if value:
        try:
            i18n.set_language(i18n.resolve(value))
        except PhraselintError as exc:
            raise click.BadParameter(exc.problem, ctx=ctx, param=param) from None


class _Cli(TranslatedGroup):
    """Turns every error into one line on stderr and exit code 2, never a
    traceback (unless ``--debug``), however the command is invoked."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:  # each run starts from the environment's language
            from . import i18n

            i18n.set_language(i18n.from_environment())
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except PhraselintError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            sys.exit(130)
        except BrokenPipeError:  # `phraselint … | head`: the reader left, not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if (ctx.obj or {}).get("debug") or "--debug" in sys.argv[1:]:
                raise
            problem = f"{type(exc).__name__}: {exc}"
            _fail(
                _("internal error: %(problem)s (run with --debug for the traceback)")
                % {"problem": problem}
            )


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="phraselint")
@click.option("--debug", is_flag=True, help=N_("Show tracebacks of unexpected errors."))
@click.option(
    "--lang",
    metavar="LANG",
    is_eager=True,
    expose_value=False,
    callback=_set_language,
    help=N_(
        "Language of phraselint's own messages: en, zh or tl (default: from LC_ALL, "
        "LC_MESSAGES or LANG)."
    ),
)
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Check call-center scripts and transcripts against phrase packs (en, zh, tl)."""
    ctx.obj = {"debug": debug}


def _run_options(command):
    """The options ``check`` and ``fix`` share: which packs, which locale,
    which configuration, who the agent is."""
    options = [
        click.option("--locale", help=N_("Force the document locale (en, zh, tl, zh_TW, fil …).")),
        click.option(
            "--pack", "packs", multiple=True, help=N_("Add a pack file or bundled pack id.")
        ),
        click.option("--only-packs", is_flag=True, help=N_("Use only the --pack packs.")),
        click.option(
            "--agent-speaker",
            "agent_speakers",
            multiple=True,
            help=N_("Speaker name to treat as the agent."),
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(dir_okay=False),
            help=N_("Use this configuration file for every input instead of looking for one."),
        ),
        click.option("--no-config", is_flag=True, help=N_("Read no configuration file.")),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _setup(locale, packs, only_packs, agent_speakers, config_file, no_config, **extra):
    """Packs, options and per-file configuration of a run."""
    from .config import ConfigResolver
    from .engine import Options
    from .packs import PackSet

    if only_packs and not packs:
        raise click.UsageError("--only-packs needs at least one --pack")
    _check_codec_and_format(extra.get("encoding"), extra.get("input_format"))
    packset = PackSet.load(extra=packs, only=only_packs)
    options = Options(speakers={name: "agent" for name in agent_speakers}, **extra)
    if locale:
        from .locales import negotiate

        options.locale = negotiate(locale)
    configs = ConfigResolver(
        explicit=config_file, enabled=not no_config, cli_packs=packs, only_packs=only_packs
    )
    return packset, options, configs


def _check_codec_and_format(encoding: str | None, input_format: str | None) -> None:
    """A misspelt --encoding or --input-format is one usage error, not one
    "could not be read" per file."""
    if encoding:
        from .sources import text_codec

        if text_codec(encoding) is None:
            raise click.BadParameter(f"unknown encoding {encoding!r}", param_hint="--encoding")
    if input_format:
        from .readers import formats

        if input_format not in formats():
            known = ", ".join(formats())
            raise click.BadParameter(
                f"unknown input format {input_format!r} (known: {known})",
                param_hint="--input-format",
            )


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_run_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help=N_("Output format."),
)
@click.option(
    "--fail-on",
    type=click.Choice(list(reversed(SEVERITIES))),
    help=N_(
        "Lowest severity that makes the exit code 1 (default: the configuration's, else error)."
    ),
)
@click.option("--input-format", help=N_("Force the input format (script, vtt, srt, …)."))
@click.option("--encoding", help=N_("Decode input files with this codec."))
@click.option(
    "--color/--no-color", default=None, help=N_("Colour the text output (default: on a TTY).")
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help=N_("Worker processes (default: cores, for many files)."),
)
@click.option("--segmenter", type=click.Choice(["jieba", "rjieba"]), help=N_("Chinese segmenter."))
@click.option("-q", "--quiet", is_flag=True, help=N_("No progress report on stderr."))
@click.option(
    "--report-unused-disables",
    is_flag=True,
    help=N_("Report phraselint-disable directives that silenced nothing (as warnings)."),
)
def check(
    paths,
    locale,
    packs,
    only_packs,
    fmt,
    fail_on,
    input_format,
    encoding,
    config_file,
    no_config,
    agent_speakers,
    color,
    jobs,
    segmenter,
    quiet,
    report_unused_disables,
):
    """Check PATHS (files, directories, or - for stdin)."""
    from . import batch
    from .progress import Progress
    from .report import formatter, render
    from .text import segment

    packset, options, configs = _setup(
        locale,
        packs,
        only_packs,
        agent_speakers,
        config_file,
        no_config,
        input_format=input_format,
        encoding=encoding,
        report_unused_disables=report_unused_disables,
    )
    settings = configs.run_settings(fail_on, segmenter)
    segment.set_backend(settings.segmenter)
    out = sys.stdout
    if color is None:
        color = out.isatty()
    module = formatter(fmt)
    stream = module.Stream(out, color=color) if hasattr(module, "Stream") else None
    kept = []
    progress = Progress(enabled=not quiet and sys.stderr.isatty())
    threshold = severity_rank(settings.fail_on)
    failed = had_error = False
    keep = getattr(module, "NEEDS_DOCUMENTS", False)
    for result in batch.results(
        paths, packset, options, jobs=jobs, configs=configs, keep_documents=keep
    ):
        if stream:
            stream.file(result)
        else:
            kept.append(result)
        progress.update(len(result.findings))
        if result.error or result.skipped:
            progress.clear()
            if result.error:
                click.echo(_error_line(result.error), err=True)
            else:
                skipped = _("phraselint: warning: %(path)s: skipped: %(reason)s")
                click.echo(skipped % {"path": result.path, "reason": result.skipped}, err=True)
        had_error = had_error or result.error is not None
        failed = failed or any(severity_rank(f.severity) >= threshold for f in result.findings)
    progress.clear()
    if stream:
        stream.close()
    else:
        rules = {r.id: r for ps in (packset, *configs.packsets()) for r in ps.rules}
        render(module, kept, out, color=color, fail_on=settings.fail_on, rules=rules.values())
    if not progress.files:
        _nothing_found(paths)
    sys.exit(EXIT_ERROR if had_error else EXIT_FINDINGS if failed else EXIT_OK)


def _nothing_found(paths) -> None:
    """An empty directory (or one of other files) is no error, but a CI job
    pointed at the wrong one should not pass without a word."""
    warning = _("phraselint: warning: no file to check in %(paths)s")
    click.echo(warning % {"paths": ", ".join(paths)}, err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--diff", "show_diff", is_flag=True, help=N_("Show a unified diff; write nothing."))
@click.option(
    "--check", "check_only", is_flag=True, help=N_("Exit 1 if a fix is pending; write nothing.")
)
@_run_options
@click.option("--encoding", help=N_("Decode input files with this codec (and write them back so)."))
def fix(
    paths,
    show_diff,
    check_only,
    locale,
    packs,
    only_packs,
    encoding,
    agent_speakers,
    config_file,
    no_config,
):
    """Apply the replacements of forbidden rules to the script files in PATHS.

    Transcripts are never rewritten. Exit code 1 when a file was changed (or,
    with --diff or --check, would be), as pre-commit fixers do; 2 on errors.
    """
    from .discovery import iter_files
    from .fix import fix_file
    from .readers import SCRIPT_EXTENSIONS

    if "-" in paths:
        raise click.UsageError("fix rewrites files in place; standard input cannot be fixed")
    packset, options, configs = _setup(
        locale, packs, only_packs, agent_speakers, config_file, no_config, encoding=encoding
    )
    write = not (show_diff or check_only)
    pending = had_error = looked = False
    for arg in paths:
        try:
            found = list(iter_files([arg], include_exts=SCRIPT_EXTENSIONS))
        except PhraselintError as exc:
            click.echo(_error_line(str(exc)), err=True)
            had_error = True
            continue
        for path in found:
            applied = configs.apply(path, packset, options)  # None: excluded
            if applied is None:
                continue
            result = fix_file(path, *applied, write=write)
            if result.error:
                click.echo(_error_line(result.error), err=True)
                had_error = True
                continue
            if result.skipped:
                kept_as_is = _("phraselint: %(path)s: not rewritten: %(reason)s")
                click.echo(kept_as_is % {"path": path, "reason": result.skipped}, err=True)
                continue
            for e in result.edits:
                click.echo(e.describe(path, result.written), err=show_diff)
            for u in result.unfixable:
                click.echo(u.describe(path), err=show_diff)
            if show_diff:
                click.echo(result.diff(), nl=False)
            pending = pending or result.changed
        looked = looked or bool(found)
    if not looked and not had_error:
        _nothing_found(paths)
    sys.exit(EXIT_ERROR if had_error else EXIT_FINDINGS if pending else EXIT_OK)


@cli.command("config")
@click.argument("path", default=".")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help=N_("Show this configuration file instead of looking for one."),
)
def config_command(path: str, config_file: str | None) -> None:
    """Print the configuration in force for PATH (a file or directory) as YAML,
    with the file it came from."""
    import os

    from .config import ConfigResolver, effective_yaml

    if path != "-" and not os.path.exists(path):
        _fail(f"{path}: no such file or directory")
    click.echo(effective_yaml(ConfigResolver(explicit=config_file), path), nl=False)


@cli.group()
def packs() -> None:
    """List, show, test and validate locale packs."""


def _load_packs(paths):
    from .packs import bundled_packs, load_pack

    return [load_pack(p) for p in paths] if paths else list(bundled_packs())


@packs.command("list")
def packs_list() -> None:
    """The bundled packs: id, locale, title and rule counts."""
    from .packs import PackSet, bundled_packs

    rows = [("PACK", "LOCALE", "FORBIDDEN", "REQUIRED", "TIMING", "TITLE")]
    for pack in PackSet(bundled_packs()).packs:
        count = {
            k: sum(r.kind == k for r in pack.rules) for k in ("forbidden", "required", "timing")
        }
        rows.append(
            (
                pack.id,
                pack.locale,
                str(count["forbidden"]),
                str(count["required"]),
                str(count["timing"]),
                pack.title,
            )
        )
    _table(rows)


@packs.command("show")
@click.argument("pack_id")
def packs_show(pack_id: str) -> None:
    """The rules of one pack (a bundled id or a pack file), as a table."""
    from pathlib import Path

    from .packs import PackSet, bundled_packs, load_pack

    if Path(pack_id).is_file():
        chosen = PackSet([load_pack(pack_id)]).packs
    else:
        chosen = [p for p in PackSet(bundled_packs()).packs if p.id == pack_id]
    if not chosen:
        _fail(f"no pack {pack_id!r} (see 'phraselint packs list')")
    pack = chosen[0]
    click.echo(f"{pack.id} ({pack.locale}): {pack.title}")
    rows = [("RULE", "KIND", "SEVERITY", "ROLES", "PHRASES", "SAY INSTEAD")]
    for rule in pack.rules:
        phrases = " | ".join(rule.phrases[:3]) + (" …" if len(rule.phrases) > 3 else "")
        rows.append(
            (
                rule.id,
                rule.kind,
                rule.severity,
                ",".join(sorted(rule.roles)),
                phrases,
                " | ".join(rule.replacements),
            )
        )
    _table(rows)


@packs.command("test")
@click.argument("paths", nargs=-1)
def packs_test(paths) -> None:
    """Run every rule's examples (bundled packs, or the given pack files)."""
    from .packs import PackSet
    from .packtest import test_pack

    total, failed = 0, []
    for pack in PackSet(_load_packs(paths)).packs:
        count, failures = test_pack(pack)
        total += count
        failed.extend(failures)
        status = "ok" if not failures else f"{len(failures)} failed"
        click.echo(f"{pack.id}: {count} examples, {status}")
    for failure in failed:
        click.echo(f"FAIL {failure}")
    click.echo(f"{total} examples, {len(failed)} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@packs.command("validate")
@click.argument("paths", nargs=-1, required=True)
def packs_validate(paths) -> None:
    """Check pack files against the schema and compile them."""
    from .packs import PackSet, load_pack

    for path in paths:
        pack = load_pack(path)
        packset = PackSet([pack])
        for locale in packset.locales():
            packset.compiled(locale)
        click.echo(f"{path}: ok ({pack.id}, {len(pack.rules)} rules)")


def _table(rows: list[tuple[str, ...]]) -> None:
    from unicodedata import east_asian_width

    def width(s: str) -> int:
        return sum(2 if east_asian_width(c) in "WF" else 1 for c in s)

    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)]
        click.echo("  ".join(cells).rstrip())


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point.

    Run as the process's command (no ``argv``), it ends the process with
    ``os._exit`` once its output is flushed, rather than returning into the
    interpreter's teardown, which frees every object one at a time (packs,
    automata, jieba's dictionary) and took 10-15 ms of a 70-ms pre-commit
    run. Nothing of phraselint's needs that teardown: every file it writes is
    closed and renamed before the command returns. Called with ``argv``
    (by another program, or a test), it raises ``SystemExit`` as click does.
    """
    if argv is not None:
        cli.main(args=argv, prog_name="phraselint")
        return
    try:
        cli.main(prog_name="phraselint")
        code: object = EXIT_OK
    except SystemExit as exc:
        code = exc.code
    _leave(code)


def _leave(code: object) -> NoReturn:
    """Exit with ``code`` as ``SystemExit(code)`` would, without the teardown."""
    if code is None:
        code = EXIT_OK
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader left (see _Cli.invoke): not an error
            if stream is sys.stdout:
                code = EXIT_OK
        except (OSError, ValueError):  # closed or unwritable: nothing more to say
            pass
    os._exit(code)


if __name__ == "__main__":
    main()
