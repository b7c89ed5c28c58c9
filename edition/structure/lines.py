"""Page text to lines: frame starts, marker splitting, and grouping into blocks.

A *block* is a run of non-blank lines. A line that starts with a space opens a new
block (a new text frame in the PDF). Jump markers (`下转►2版`, `上接►1版`) and guide
markers (`刊2版►`) that share a line with text are split onto lines of their own, so
later passes see one thing per line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import display_width

ARROWS = "►▶→>》▷➤"
_CN_DIGITS = "一二三四五六七八九十"
_PAGE = rf"(?:第\s*)?(\d{{1,3}}|[{_CN_DIGITS}]{{1,3}})\s*版"

# 下转►2版 / 下转第2版 / 转2版 / (下转2版); 上接►1版 / 上接第1版 / 接1版.
JUMP_TO = re.compile(rf"[（(]?\s*(?:下\s*转|转\s*(?=[{ARROWS}第]|\d))\s*[{ARROWS}]?\s*{_PAGE}\s*[）)]?")
JUMP_FROM = re.compile(rf"[（(]?\s*(?:上\s*接|接\s*(?=[{ARROWS}第]))\s*[{ARROWS}]?\s*{_PAGE}\s*[）)]?")
# 刊2版► (the guide box's page pointer), also ►刊2版 and 见2版.
GUIDE_MARK = re.compile(rf"[{ARROWS}]?\s*(?:刊|见)\s*{_PAGE}\s*[{ARROWS}]?")


def page_number(token: str) -> int:
    """'2' → 2, '十二' → 12."""
    if token.isdigit():
        return int(token)
    values = {c: i + 1 for i, c in enumerate(_CN_DIGITS)}
    if token.startswith("十"):
        return 10 + (values.get(token[1:], 0) if len(token) > 1 else 0)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return values[tens] * 10 + (values[ones] if ones else 0)
    return values[token]


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of a page, stripped, with where it came from."""

    text: str
    number: int            # 1-based line number in the page's text
    frame_start: bool = False
    blank_before: bool = False
    kind: str = "text"     # text | jump_to | jump_from | guide_mark
    page_ref: int | None = None

    @property
    def width(self) -> float:
        return display_width(self.text)


def _whole_marker(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    m = pattern.fullmatch(text.strip())
    return m


def split_markers(line: Line) -> list[Line]:
    """Split a jump or guide marker off the text it shares a line with."""
    text = line.text
    for pattern, kind, at_end in ((JUMP_TO, "jump_to", True), (GUIDE_MARK, "guide_mark", True),
                                  (JUMP_FROM, "jump_from", False)):
        m = _whole_marker(pattern, text)
        if m:
            return [Line(text, line.number, line.frame_start, line.blank_before, kind,
                         page_number(m.group(1)))]
        if at_end:
            m = re.search(pattern.pattern + r"\s*$", text)
            # Only a marker set off from the text (space, arrow or bracket) splits: `转2版`
            # inside a sentence is text.
            if m and m.start() > 0 and (text[m.start() - 1] == " " or text[m.start()] in f"（({ARROWS}"
                                         or m.group(0).lstrip().startswith(("下", "刊"))):
                body = text[:m.start()].rstrip()
                return [Line(body, line.number, line.frame_start, line.blank_before),
                        Line(m.group(0).strip(), line.number, False, False, kind,
                             page_number(m.group(1)))]
        else:
            m = re.match(r"\s*" + pattern.pattern, text)
            if m and m.end() < len(text) and m.group(0).strip().startswith(("上", "（", "(")):
                rest = text[m.end():].strip()
                return [Line(m.group(0).strip(), line.number, line.frame_start, line.blank_before,
                             kind, page_number(m.group(1))),
                        Line(rest, line.number, False, False)]
    return [line]


def read_lines(page_text: str) -> list[Line]:
    """Non-blank lines of one page with frame starts and blank-line context."""
    out: list[Line] = []
    blank = False
    for number, raw in enumerate(page_text.split("\n"), start=1):
        if not raw.strip():
            blank = True
            continue
        frame_start = raw[:1] in (" ", "\u3000")
        line = Line(raw.strip(), number, frame_start, blank)
        out.extend(split_markers(line))
        blank = False
    return out


def group_blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of lines not separated by a blank line or a frame start; markers stand alone."""
    blocks: list[list[Line]] = []
    for line in lines:
        starts_new = (not blocks or line.blank_before or line.frame_start or line.kind != "text"
                      or blocks[-1][-1].kind != "text")
        if starts_new:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks
