"""Readable views of an Issue for the terminal: the `inspect` tree with warnings inline.

Every piece of text from the model goes through `escape` before it reaches rich markup:
a title, id or warning code such as `[/]` is text, not markup."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from .model import Article, Guide, Headline, Issue, Quote


def _clip(text: str, n: int = 24) -> str:
    flat = text.replace("\n", " ")
    return escape(flat if len(flat) <= n else flat[:n] + "…")


def issue_tree(issue: Issue) -> Tree:
    e = issue.edition
    root = Tree(f"[bold]{escape(e.title or '(untitled)')}[/bold]  {escape(e.date or 'date unknown')}"
                f"  ·  {len(issue.pages)} pages, {len(issue.articles())} articles, "
                f"{len(issue.warnings)} warnings")
    flagged: dict[str, list[str]] = {}
    for w in issue.warnings:
        if w.item:
            flagged.setdefault(w.item, []).append(w.code)
    for page in issue.pages:
        node = root.add(f"[bold cyan]第{page.number}版[/]" + (f" {escape(page.name)}" if page.name else ""))
        for it in page.items:
            marks = "".join(f" [yellow]⚠ {escape(c)}[/]" for c in flagged.get(it.id, []))
            ident = escape(it.id)
            if isinstance(it, Article):
                head = f"[bold]{_clip(it.headline, 40)}[/]" + (" [dim](inferred)[/]" if it.headline_inferred else "")
                a = node.add(f"{ident} {head}{marks}")
                for sub in it.subheadlines:
                    a.add(f"[dim]副/引题[/] {_clip(sub, 40)}")
                if it.byline:
                    a.add(f"[dim]作者[/] {escape(it.byline.text)}")
                first = it.paragraphs[0] if it.paragraphs else ""
                a.add(f"[dim]{len(it.paragraphs)} 段[/] {_clip(first)}")
                if it.continued_from:
                    a.add(f"[green]上接►{it.continued_from}版[/]")
                if it.continued_to:
                    a.add(f"[green]下转►{it.continued_to}版[/]")
            elif isinstance(it, Guide):
                g = node.add(f"{ident} [magenta]{escape(it.label)}[/]{marks}")
                for entry in it.entries:
                    g.add(f"{_clip(entry.title, 40)}  刊{entry.page}版►")
            elif isinstance(it, Quote):
                q = node.add(f"{ident} [magenta]{escape(it.label)}[/]{marks}")
                q.add(_clip(it.text, 40))
                q.add(_clip(it.attribution, 40))
            elif isinstance(it, Headline):
                node.add(f"{ident} [red]orphan title[/] {_clip(it.text, 40)}{marks}")
    if issue.warnings:
        w_node = root.add(f"[yellow]warnings ({len(issue.warnings)})[/]")
        for w in issue.warnings:
            where = f"p{w.page} " if w.page else ""
            w_node.add(f"[yellow]{escape(w.code)}[/] {where}{escape(w.message)}")
    return root


def print_tree(issue: Issue) -> None:
    Console(soft_wrap=False).print(issue_tree(issue))
