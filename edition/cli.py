"""The `edition` command: thin typer wrappers over the library.

Every EditionError becomes one line on stderr and its exit code, in `_run`; a wrong
command line (unknown option, missing argument) becomes one line with a `--help` hint, in
`_OneLineErrors`, instead of click's framed box. Commands themselves only parse options
and call library functions.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Optional

import typer
import typer.core

try:   # typer ≥ 0.24 carries its own copy of click; its errors are not click's
    from typer._click import exceptions as click_errors
    from typer._click import echo
except ImportError:  # pragma: no cover - older typer on plain click
    from click import echo
    from click import exceptions as click_errors

from . import load_issue_with_config
from .errors import EditionError, StrictError, UsageError

def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(value)
    return value


try:   # typer ≥ 0.26 converts every option value through a pydantic TypeAdapter
    from dataclasses import dataclass as _dataclass

    from typer import core as _typer_core
    from typer._coercion import RuntimeParam as _RuntimeParam

    @_dataclass(frozen=True)
    class _PlainValue(_RuntimeParam):
        """Converts a str, int, Path or flag value (or a list of Paths) directly: importing
        pydantic and building its adapters costs more than the rest of an `edition inspect`,
        for conversions that are one call each."""
        convert: Callable = str
        many: bool = False

        def _coerce_value(self, value, param, ctx):
            try:
                return [self.convert(v) for v in value] if self.many else self.convert(value)
            except (TypeError, ValueError):
                kind = {int: "integer", Path: "path", _flag: "flag"}.get(self.convert, "text")
                raise click_errors.BadParameter(f"{value!r} is not a valid {kind}.", ctx=ctx, param=param) from None

    def _plain_value(desc):
        """Our converter for a plain parameter type, or typer's own for anything else."""
        import typing
        info = desc.parameter_info
        if not (desc.is_choice or desc.is_ranged or desc.is_file or info.parser is not None):
            annotation, many = desc.annotation, False
            if typing.get_origin(annotation) is list and len(typing.get_args(annotation)) == 1:
                annotation, many = typing.get_args(annotation)[0], True
            convert = _flag if annotation is bool and not many else annotation
            if convert in (str, int, Path, _flag):
                return _PlainValue(parameter_info=info, annotation=desc.annotation, convert=convert, many=many)
        return _typer_build_runtime_param(desc)

    _typer_build_runtime_param = _typer_core.build_runtime_param
    _typer_core.build_runtime_param = _plain_value
except (ImportError, AttributeError):  # pragma: no cover - a typer that converts with click's own types
    pass


class _OneLineErrors(typer.core.TyperGroup):
    """Runs the command line without click's standalone handling, so that usage errors
    are reported as one line (the project's rule for every error), with a hint."""

    def main(self, args=None, prog_name=None, **extra):   # type: ignore[override]
        standalone = extra.pop("standalone_mode", True)
        try:
            code = super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as e:
            echo(e.ctx.get_help())
            code = UsageError.exit_code
        except click_errors.UsageError as e:
            where = e.ctx.command_path if e.ctx else "edition"
            message = " ".join(e.format_message().split())
            echo(f"edition: error: {message} (see `{where} --help`)", err=True)
            code = UsageError.exit_code
        except click_errors.ClickException as e:
            echo(f"edition: error: {' '.join(e.format_message().split())}", err=True)
            code = e.exit_code
        except typer.Abort:
            echo("edition: interrupted", err=True)
            code = 130
        code = code if isinstance(code, int) else 0
        if standalone:
            sys.exit(code)
        return code


app = typer.Typer(cls=_OneLineErrors, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,   # plain help: rendering it with rich costs more than the rest of a `--help`
                  help="Turn newspaper page text into an EPUB 3 edition, print PDF pages and a web edition.")

InputsArg = typer.Argument(..., help="page text files (one page each, or pages split by form feeds), "
                                     "or one edition-issue/1 JSON file")
TitleOpt = typer.Option(None, "--title", help="the paper's title (报名); default from edition.toml")
DateOpt = typer.Option(None, "--date", help="issue date, YYYY-MM-DD")
ConfigOpt = typer.Option(None, "--config", help="edition.toml to use (default: ./edition.toml, "
                                                "then next to the first input)")


@app.callback()
def _root() -> None:
    """Turn newspaper page text into an EPUB 3 edition and print PDF pages."""


def _run(action: Callable[[], int | None]) -> None:
    try:
        code = action() or 0
    except EditionError as e:
        typer.echo(f"edition: error: {e.message}", err=True)
        raise typer.Exit(e.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("edition: interrupted", err=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:
        # The reader of our stdout went away (`edition inspect … | head`): not an error of
        # ours; stop quietly, as other command-line tools do.
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(141) from None
    raise typer.Exit(code)


@app.command()
def inspect(inputs: list[Path] = InputsArg, json: bool = typer.Option(False, "--json", help="print the model as JSON"),
            title: Optional[str] = TitleOpt, date: Optional[str] = DateOpt,
            config: Optional[Path] = ConfigOpt,
            strict: bool = typer.Option(False, "--strict", help="exit non-zero when there are warnings")) -> None:
    """Show the structure found in the inputs: pages, articles, boxes and warnings."""
    def action() -> int:
        issue, _ = load_issue_with_config(inputs, title, date, config)
        if json:
            from .serialize import dumps
            sys.stdout.write(dumps(issue))
        else:
            from .report import print_tree
            print_tree(issue)
        if strict and issue.warnings:
            raise StrictError(f"{len(issue.warnings)} warnings (--strict)")
        return 0
    _run(action)


def _formats(value: str) -> tuple[str, ...]:
    from .render.registry import FORMATS, RENDERERS
    if value == "all":
        return FORMATS
    parts = tuple(v.strip() for v in value.split(","))
    bad = [p for p in parts if p not in RENDERERS]
    if bad:
        raise typer.BadParameter(f"unknown format {bad[0]!r}; use {', '.join(RENDERERS)} or all")
    return parts


def _size(path: Path) -> str:
    n = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


@app.command()
def build(inputs: list[Path] = InputsArg,
          outdir: Path = typer.Option(Path("out"), "-o", "--outdir", help="where to write the files"),
          format: str = typer.Option("epub", "--format", "-f", help="epub, pdf, web (comma-separated) or all"),
          title: Optional[str] = TitleOpt, date: Optional[str] = DateOpt,
          layout: Optional[str] = typer.Option(None, "--layout", help="layout name or folder"),
          no_embed_fonts: bool = typer.Option(False, "--no-embed-fonts", help="EPUB without embedded fonts"),
          print_ready: bool = typer.Option(False, "--print", help="PDF/X-4 with bleed and crop marks"),
          tagged: bool = typer.Option(False, "--tagged", help="tagged PDF (PDF/UA-1)"),
          each: bool = typer.Option(False, "--each", help="build every input file as an issue of its own"),
          name: Optional[str] = typer.Option(None, "--name", help="output file name without extension"),
          config: Optional[Path] = ConfigOpt,
          strict: bool = typer.Option(False, "--strict", help="fail when the issue has warnings"),
          workers: Optional[int] = typer.Option(None, "--workers",
                                                help="processes rendering the PDF's sheets (default: 2 when a core is idle, else 1)")
          ) -> None:
    """Build the EPUB and/or print PDF of an issue."""
    from .build import build_issue, output_name, settings_from
    from .output import check_name, output_lock, unique_name
    formats = _formats(format)

    def action() -> int:
        if name is not None:
            check_name(name)
        if workers is not None and not 1 <= workers <= 64:
            raise UsageError(f"--workers {workers}: give a number of processes from 1 to 64")
        groups = [[p] for p in inputs] if each else [list(inputs)]
        used: set[str] = set()
        with output_lock(outdir):
            for group in groups:
                issue, cfg = load_issue_with_config(group, title, date, config)
                if strict and issue.warnings:
                    raise StrictError(f"{group[0].name}: {len(issue.warnings)} warnings (--strict); "
                                      "see `edition inspect`")
                settings = settings_from(cfg, formats=formats, layout=layout, embed_fonts=not no_embed_fonts,
                                         print_ready=print_ready, tagged=tagged, pdf_workers=workers)
                gaps = ""
                if settings.embed_fonts or "pdf" in formats:
                    from .render.fonts import describe, uncovered
                    gaps = describe(uncovered(issue.text(), settings.font_overrides))
                    if gaps and strict:
                        raise StrictError(f"{group[0].name}: no glyph in the role fonts or their fallbacks for: {gaps} "
                                          "(--strict)")
                wanted = name if name and not each else output_name(cfg.output_name, issue, group[0].stem)
                # Two inputs of one run must not write the same file (mon/page.txt, tue/page.txt).
                out_name = unique_name(wanted, used, (f"{group[0].parent.name}-{wanted}",) if each else ())
                result = build_issue(issue, settings, outdir, out_name, group)
                n_art = len(issue.articles())
                typer.echo(f"{group[0].name}: {len(issue.pages)} pages, {n_art} articles, "
                           f"{len(issue.warnings)} warnings, {result.seconds:.2f} s")
                if out_name != wanted:
                    typer.echo(f"  named {out_name}: '{wanted}' is taken by an earlier input of this run")
                for path in result.outputs:
                    typer.echo(f"  wrote {path} ({_size(path)})")
                for note in result.notes:
                    typer.echo(f"  {note}")
                if gaps:
                    typer.echo(f"  no glyph in the role fonts or their fallbacks for: {gaps} (printed as "
                               "empty boxes; install a face that has them, see fonts/roles.toml)")
        return 0
    _run(action)


@app.command()
def batch(indir: Path = typer.Argument(..., help="folder with one .txt/.json file or one folder of pages per issue"),
          outdir: Path = typer.Option(Path("out"), "-o", "--outdir", help="where to write the files"),
          format: str = typer.Option("epub", "--format", "-f", help="epub, pdf, web (comma-separated) or all"),
          jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="worker processes (default: CPU count)"),
          layout: Optional[str] = typer.Option(None, "--layout", help="layout name or folder"),
          dask: Optional[str] = typer.Option(None, "--dask", help="address of a Dask scheduler to run the issues on"),
          config: Optional[Path] = ConfigOpt) -> None:
    """Build every issue in a folder in parallel, skipping issues that have not changed."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    from rich.table import Table

    from .batch import run_batch
    formats = _formats(format)

    def action() -> int:
        console = Console(stderr=True)
        failed = 0
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[failed]} failed"), TimeRemainingColumn(), console=console,
                      transient=True, disable=not console.is_terminal) as bar:   # stderr is for errors otherwise
            task = bar.add_task("issues", total=None, failed=0)

            def progress(outcome, done, total):
                nonlocal failed
                failed += not outcome.ok
                bar.update(task, completed=done, total=total, failed=failed)
                if not outcome.ok:
                    # One line however long the path in it: rich would wrap it at 80 columns.
                    bar.console.print(f"[red]failed[/] {escape(outcome.name)}: {escape(outcome.message)}",
                                      soft_wrap=True)
            notes: list[str] = []
            outcomes = run_batch(indir, outdir, formats, jobs, config, layout, progress, dask, notes)
        table = Table("issue", "result", "warnings", "seconds")
        for o in outcomes:
            table.add_row(escape(o.name), "[green]unchanged[/]" if o.skipped else
                          ("[green]built[/]" if o.ok else f"[red]{escape(o.message)}[/]"),
                          str(o.warnings), f"{o.seconds:.2f}")
        Console().print(table)
        for note in notes:
            typer.echo(f"note: {note}")
        typer.echo(f"{len(outcomes)} issues: {sum(o.ok and not o.skipped for o in outcomes)} built, "
                   f"{sum(o.skipped for o in outcomes)} unchanged, {failed} failed")
        return 1 if failed else 0
    _run(action)


@app.command()
def validate(files: list[Path] = typer.Argument(..., help="EPUB files to check")) -> None:
    """Check EPUB files with EPUBCheck and print its findings."""
    from .errors import ValidationFailed
    from .validate import run_epubcheck

    def action() -> int:
        failed = 0
        for path in files:
            report = run_epubcheck(path)
            for f in report.findings:
                typer.echo(f"{f.severity} {f.code} {f.location}: {f.message}")
            typer.echo(f"{path}: EPUBCheck {report.version}: {report.count('FATAL')} fatals, "
                       f"{report.count('ERROR')} errors, {report.count('WARNING')} warnings")
            failed += not report.clean
        if failed:
            raise ValidationFailed(f"{failed} of {len(files)} files did not pass EPUBCheck")
        return 0
    _run(action)


@app.command()
def doctor() -> None:
    """Report what this machine has: fonts per role, HarfBuzz subsetting, Java, PDF tools, print profile."""
    from .doctor import checks

    def action() -> int:
        bad = 0
        for ok, what, detail in checks():
            typer.echo(f"{'ok ' if ok else 'MISSING'}  {what}: {detail}")
            bad += not ok
        return 1 if bad else 0
    _run(action)


@app.command()
def serve(folder: Path = typer.Argument(Path("out"), help="an output folder (or one issue's site) to preview"),
          port: int = typer.Option(8000, "--port", "-p", help="port to listen on (0: any free port)"),
          bind: str = typer.Option("127.0.0.1", "--bind", help="address to listen on")) -> None:
    """Preview the web edition: serve a folder over HTTP (the standard library's server)."""
    from .errors import InputError

    def action() -> int:
        import functools
        from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
        if not folder.is_dir():
            raise InputError(f"{folder}: not a folder; build one with `edition build … -f web -o {folder}`")
        handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
        try:
            server = ThreadingHTTPServer((bind, port), handler)
        except OSError as e:
            raise UsageError(f"cannot listen on {bind}:{port} ({e.strerror})") from None
        sites = sorted(p.parent.name for p in folder.glob("*/index.html"))
        typer.echo(f"serving {folder} at http://{bind}:{server.server_address[1]}/"
                   + (f"{sites[0]}/" if sites else "") + " (Ctrl-C stops)", err=True)
        with server:
            server.serve_forever()
        return 0
    _run(action)


@app.command("check-typography")
def check_typography(files: list[Path] = typer.Argument(..., help="print PDFs made by `edition build`"),
                     verbose: bool = typer.Option(False, "--verbose", "-v", help="list the lines found")) -> None:
    """Check a print PDF's typography: justified lines, line-start rules, headline breaks, continuation fill, outline."""
    from .typography import check_pdf

    def action() -> int:
        bad = 0
        for path in files:
            report = check_pdf(path)
            typer.echo("\n".join(report.summary() + (report.details() if verbose else [])))
            bad += not report.ok
        return 1 if bad else 0
    _run(action)

def main() -> None:
    import signal
    # SIGTERM unwinds like Ctrl-C, so half-written outputs are removed.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    app()
