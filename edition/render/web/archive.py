"""The archive front of a batch's web editions: `OUT/index.html`.

Issues by date (latest first), a month calendar whose days with an issue are links, and a
full-text search across all issues that needs no server: `search-index.js` holds every
story's title and text (a script, so it loads from the file system too, where `fetch` of
JSON is refused) and `archive.js` finds a query as a substring, which needs no word
segmentation for Chinese.

Each built issue leaves a small record in its site (`OUT/<name>/archive-entry.json`: date,
title, each story's page, title and text), written by the web renderer, so an issue built
with `edition build -f web -o OUT` has one too; the front is rebuilt from all records on
every batch run, so an unchanged issue is not rebuilt but is still listed and searched.
An issue's date is its edition date, else a date in its name (`2025-03-13.txt`, `20250313/`).
"""
from __future__ import annotations

import calendar
import datetime
import json
import re
import shutil
from pathlib import Path
from typing import Any

from ...model import Issue
from ...output import write_text_atomic
from ..context import chinese_date
from ..templates import environment, layout_file

RECORD = "archive-entry.json"
ASSETS = ("archive.css", "archive.js")
INDEX_SCRIPT = "search-index.js"
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")


def issue_date(issue: Issue, name: str) -> str | None:
    """The issue's ISO date: its edition's, else one in its name, else None."""
    if issue.edition.date:
        return issue.edition.date
    m = _NAME_DATE.search(name)
    if m:
        try:
            return datetime.date(*map(int, m.groups())).isoformat()
        except ValueError:
            return None
    return None


def issue_record(issue: Issue, name: str, ctx: dict[str, Any]) -> dict[str, Any]:
    """What the archive front needs of one issue, from the site's `issue_context`; story
    hrefs are relative to OUT/."""
    stories = [{"href": f"{name}/{a['href']}", "title": a["headline"].replace("\n", " "),
                "text": "\n".join(a["paragraphs"]), "page": p["label"]}
               for p in ctx["pages"] for a in p["articles"]]
    return {"name": name, "date": issue_date(issue, name), "title": ctx["edition"]["title"],
            "number": ctx["edition"]["number"], "language": ctx["edition"]["language"], "stories": stories}


def write_record(issue: Issue, site: Path, name: str, ctx: dict[str, Any]) -> Path:
    """Write the issue's record into its site folder."""
    path = site / RECORD
    write_text_atomic(path, json.dumps(issue_record(issue, name, ctx), ensure_ascii=False))
    return path


def recorded(outdir: Path) -> list[str]:
    """The names of the sites in `outdir` that hold a record."""
    return sorted(p.parent.name for p in outdir.glob(f"*/{RECORD}") if p.is_file())


def read_records(outdir: Path, names: list[str]) -> list[dict[str, Any]]:
    """The records of the issues named that have one, latest first (undated last, by name)."""
    records = []
    for name in names:
        try:
            data = json.loads((outdir / name / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("stories"), list):
            data["name"] = name
            records.append(data)
    dated = sorted((r for r in records if r.get("date")), key=lambda r: (r["date"], r["name"]), reverse=True)
    return dated + sorted((r for r in records if not r.get("date")), key=lambda r: r["name"])


def months(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A calendar per month that has an issue, latest month first: weeks of days (Monday
    first), each day None (outside the month) or {day, href, title}."""
    by_day: dict[str, dict[str, Any]] = {}
    for r in reversed(records):           # the first issue of a day (by name) wins
        if r.get("date"):
            by_day[r["date"]] = r
    out = []
    for ym in sorted({d[:7] for d in by_day}, reverse=True):
        year, month = map(int, ym.split("-"))
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
            days = []
            for day in week:
                if not day:
                    days.append(None)
                    continue
                r = by_day.get(f"{year:04d}-{month:02d}-{day:02d}")
                days.append({"day": day, "href": f"{r['name']}/index.html" if r else None,
                             "label": chinese_date(r["date"]) if r else ""})
            weeks.append(days)
        out.append({"id": f"m{year:04d}-{month:02d}", "label": f"{year}年{month}月", "weeks": weeks})
    return out


def write_front(outdir: Path, names: list[str], layout: str | Path | None = None) -> Path:
    """(Re)write OUT/index.html, the search index and the front's CSS/JS from the records."""
    records = read_records(outdir, names)
    env = environment(layout, "web")
    issues = [{"name": r["name"], "href": f"{r['name']}/index.html", "date": r.get("date"),
               "date_cn": chinese_date(r.get("date")) or r["name"], "number": r.get("number"),
               "stories": len(r["stories"])} for r in records]
    title = next((r["title"] for r in records if r.get("title")), "数字报")
    language = next((r["language"] for r in records if r.get("language")), "zh-CN")
    html = env.get_template("archive.html.j2").render(title=title, language=language, issues=issues,
                                                       months=months(records), index_script=INDEX_SCRIPT)
    index = [{"issue": r["name"], "date": chinese_date(r.get("date")) or r["name"],
              "stories": [[s["href"], s["title"], s["text"]] for s in r["stories"]]} for r in records]
    # `</` never appears inside the script, whatever a story holds.
    data = json.dumps(index, ensure_ascii=False).replace("</", "<\\/")
    write_text_atomic(outdir / INDEX_SCRIPT, f"window.EDITION_ARCHIVE = {data};\n")
    for asset in ASSETS:
        shutil.copyfile(layout_file(layout, f"web/{asset}"), outdir / asset)
    write_text_atomic(outdir / "index.html", html)
    return outdir / "index.html"
