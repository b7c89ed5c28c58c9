"""The `edition` command: thin typer wrappers over the library.

Every EditionError becomes one line on stderr and its exit code, in `_run`; commands
themselves only parse options and call library functions.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Optional

import typer

from . import read_issue
from .config import Config, load_config
from .errors import EditionError, StrictError
from .model import Issue

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn newspaper page text into an EPUB 3 edition and print PDF pages.")

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
    raise typer.Exit(code)


def _issue(inputs: list[Path], title: str | None, date: str | None, config_path: Path | None
           ) -> tuple[Issue, Config]:
    config = load_config(config_path, inputs)
    issue = read_issue(inputs, title=title or config.title or "", date=date,
                       publisher=config.publisher, number=config.number)
    if config.page_names:
        from dataclasses import replace
        pages = tuple(replace(p, name=p.name or config.page_names.get(str(p.number))) for p in issue.pages)
        issue = replace(issue, pages=pages)
    return issue, config


@app.command()
def inspect(inputs: list[Path] = InputsArg, json: bool = typer.Option(False, "--json", help="print the model as JSON"),
            title: Optional[str] = TitleOpt, date: Optional[str] = DateOpt,
            config: Optional[Path] = ConfigOpt,
            strict: bool = typer.Option(False, "--strict", help="exit non-zero when there are warnings")) -> None:
    """Show the structure found in the inputs: pages, articles, boxes and warnings."""
    def action() -> int:
        issue, _ = _issue(inputs, title, date, config)
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


def main() -> None:
    app()
