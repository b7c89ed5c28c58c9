"""Page text to lines: frame starts, blank-line context, and marker splitting.

A line that starts with a space often opens a new text frame in the PDF; a blank line
before a line is kept as a property of the line, not as a separator. Jump markers
(`下转►2版`, `上接►1版`, `下转►第1版（续）`) and guide markers (`刊2版►`) that share a line with
text are split onto lines of their own, so later passes see one thing per line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .bylines import split_before_dateline, split_glued_byline, split_head_from_name, split_name_from_head
from .normalize import display_width

ARROWS = "►▶→>》▷➤"
_CN_DIGITS = "一二三四五六七八九十"
_PAGE = rf"(?:第\s*)?(\d{{1,3}}|[{_CN_DIGITS}]{{1,3}})\s*版"

# 下转►2版 / 下转第2版 / 转2版 / (下转2版); 上接►1版 / 上接第1版 / 接1版.
JUMP_TO = re.compile(rf"[（(]?\s*(?:下\s*转|转\s*(?=[{ARROWS}第]|\d))\s*[{ARROWS}]?\s*{_PAGE}\s*[）)]?")
JUMP_FROM = re.compile(rf"[（(]?\s*(?:上\s*接|接\s*(?=[{ARROWS}第]))\s*[{ARROWS}]?\s*{_PAGE}\s*[）)]?")
# 下转►第1版（续） (older prints: 下转►第3页 / 上接►第2页): a story run over onto a continuation sheet
# of the same 版 (edition's own print pages say so; the sheet is read back into its 版).
# `上接►第1版` on that sheet is an ordinary jump marker that points at its own 版.
SHEET_TO = re.compile(rf"下\s*转\s*[{ARROWS}]?\s*第\s*(\d{{1,3}})\s*(?:页|版\s*[（(]续[）)])")
SHEET_FROM = re.compile(rf"上\s*接\s*[{ARROWS}]?\s*第\s*(\d{{1,3}})\s*页")
# The running head of a continuation sheet: 第1版（续）.
CONTINUATION_HEAD = re.compile(r"^\s*第\s*(\d{1,3})\s*版\s*[（(]续[）)]", re.M)
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
    kind: str = "text"     # text | jump_to | jump_from | guide_mark | sheet_to | sheet_from
    page_ref: int | None = None

    @property
    def width(self) -> float:
        return display_width(self.text)


def _whole_marker(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    m = pattern.fullmatch(text.strip())
    return m


def _marker_at_end(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """What re.search(pattern.pattern + r"\\s*$", text) finds, without compiling that second
    pattern (each holds the arrow class, whose compiling costs more than the search): the
    leftmost place from which the pattern runs to the text's end, spaces after it aside."""
    end, pos = len(text.rstrip()), 0
    while (m := pattern.search(text, pos, end)) is not None:
        whole = pattern.fullmatch(text, m.start(), end)
        if whole:
            return whole
        pos = m.start() + 1
    return None


# Markers that cannot be read as text wherever they stand in a line (they carry an arrow,
# or name a sheet): `…施行 刊4版►找准…` holds two guide entries and a marker between them.
STRONG = [(re.compile(rf"(?:刊|见)\s*{_PAGE}\s*[{ARROWS}]"), "guide_mark"),
          (re.compile(rf"下\s*转\s*[{ARROWS}]\s*{_PAGE}"), "jump_to"),
          (re.compile(rf"上\s*接\s*[{ARROWS}]\s*{_PAGE}"), "jump_from"),
          (SHEET_TO, "sheet_to"), (SHEET_FROM, "sheet_from")]


# Every marker holds one of these characters: lines without any skip the patterns.
MARKER_CHARS = re.compile("[转接刊见]")


def split_markers(line: Line) -> list[Line]:
    """Split jump and guide markers off the text they share a line with."""
    text = line.text
    if not MARKER_CHARS.search(text):
        return [line]
    for pattern, kind in STRONG:
        m = pattern.search(text)
        if m and (m.start() > 0 or m.end() < len(text)):
            head, tail = text[:m.start()].strip(), text[m.end():].strip()
            out = split_markers(Line(head, line.number, line.frame_start, line.blank_before)) if head else []
            out.append(Line(m.group(0).strip(), line.number, line.frame_start and not head,
                            line.blank_before and not head, kind, page_number(m.group(1))))
            return out + (split_markers(Line(tail, line.number)) if tail else [])
    return split_weak_markers(line)


def split_weak_markers(line: Line) -> list[Line]:
    """Markers without an arrow (`下转第2版`, `转2版`) split only at a line's end or start."""
    text = line.text
    for pattern, kind, at_end in ((SHEET_TO, "sheet_to", True), (SHEET_FROM, "sheet_from", False),
                                  (JUMP_TO, "jump_to", True), (GUIDE_MARK, "guide_mark", True),
                                  (JUMP_FROM, "jump_from", False)):
        m = _whole_marker(pattern, text)
        if m:
            return [Line(text, line.number, line.frame_start, line.blank_before, kind,
                         page_number(m.group(1)))]
        if at_end:
            m = _marker_at_end(pattern, text)
            # Only a marker set off from the text (space, arrow or bracket) splits: `转2版`
            # inside a sentence is text.
            if m and m.start() > 0 and (text[m.start() - 1] == " " or text[m.start()] in f"（({ARROWS}"
                                         or m.group(0).lstrip().startswith(("下", "刊"))):
                body = text[:m.start()].rstrip()
                return [Line(body, line.number, line.frame_start, line.blank_before),
                        Line(m.group(0).strip(), line.number, False, False, kind,
                             page_number(m.group(1)))]
        else:
            # (what `\s*` + the pattern matches, without compiling that second pattern)
            m = pattern.match(text, len(text) - len(text.lstrip()))
            if m and m.end() < len(text) and m.group(0).strip().startswith(("上", "（", "(")):
                rest = text[m.end():].strip()
                return [Line(m.group(0).strip(), line.number, line.frame_start, line.blank_before,
                             kind, page_number(m.group(1))),
                        Line(rest, line.number, False, False)]
    return [line]


# A jump marker wrapped inside: `…抢抓晴好下转` / `►3版`, `…接到呼叫下转→5` / `版`; a guide
# box's page pointer likewise in a narrow column: `…招生政策发布 刊` / `2版►`.
_MARKER_CUT_AT_END = re.compile(rf"(?:下\s*转|上\s*接|刊|见|下|上)[{ARROWS}\s第\d]*$")
# The guide pointer, whole once rejoined, with its arrow (without one, `见2版` may be text).
_GUIDE_MARK_WHOLE = re.compile(rf"(?:刊|见)\s*{_PAGE}\s*[{ARROWS}]")


def rejoin_wrapped_markers(raw_lines: list[str]) -> list[str]:
    """Move the start of a marker that ends one line onto the next when that line opens with
    the rest of it (an arrow and a page, or only 版), so the marker is whole on one line."""
    out = list(raw_lines)
    for k in range(len(out) - 1):
        if "转" not in out[k] and "接" not in out[k] and "刊" not in out[k] and "见" not in out[k] \
                and out[k].rstrip()[-1:] not in "下上":
            continue        # most lines: no search (a marker may be cut after its first character)
        m = _MARKER_CUT_AT_END.search(out[k])
        if not m:
            continue
        head = m.group(0).rstrip()
        joined = head + out[k + 1].lstrip()
        whole = JUMP_TO.match(joined) or JUMP_FROM.match(joined) or _GUIDE_MARK_WHOLE.match(joined)
        if whole and whole.end() > len(head):
            out[k], out[k + 1] = out[k][:m.start()].rstrip(), joined
    return out


# A page written a block to a line (PyMuPDF's blocks): most lines stand between blank lines,
# and its paragraphs run to long lines.
BLOCK_SHARE = 0.8
BLOCK_PARAGRAPH = 30


def written_in_blocks(raws: list[str]) -> bool:
    """Is the page written a block to a line, each block between blank lines?"""
    lines = [k for k, raw in enumerate(raws) if raw.strip()]
    if not lines:
        return False
    apart = sum(1 for k in lines if (k == 0 or not raws[k - 1].strip()) and (k + 1 == len(raws) or not raws[k + 1].strip()))
    lengths = sorted(len(raws[k].strip()) for k in lines)
    return apart >= BLOCK_SHARE * len(lines) and lengths[len(lengths) // 2] >= BLOCK_PARAGRAPH


def _split_before_datelines(parts: list[Line]) -> list[Line]:
    """The parts, each text part parted before a dateline that other words run into."""
    out: list[Line] = []
    for part in parts:
        split = split_before_dateline(part.text) if part.kind == "text" else None
        if split:
            out += [Line(split[0], part.number, part.frame_start, part.blank_before), Line(split[1], part.number)]
        else:
            out.append(part)
    return out


def read_lines(page_text: str) -> list[Line]:
    """Non-blank lines of one page with frame starts and blank-line context."""
    out: list[Line] = []
    blank = False
    raws = rejoin_wrapped_markers(page_text.split("\n"))
    blocks = written_in_blocks(raws)
    for number, raw in enumerate(raws, start=1):
        if not raw.strip():
            blank = True
            continue
        frame_start = raw[:1] in (" ", "\u3000")
        line = Line(raw.strip(), number, frame_start, blank)
        if out and out[-1].kind != "text" and all(c in ARROWS or c.isspace() for c in line.text):
            # The arrow of a marker wrapped onto a line of its own: `刊4版` / `►`.
            last = out[-1]
            out[-1] = Line(f"{last.text}{line.text}", last.number, last.frame_start, last.blank_before,
                           last.kind, last.page_ref)
            blank = False
            continue
        # A block of one line (blank lines, or the page's ends, around it).
        alone = blocks and (blank or not out) and (number == len(raws) or not raws[number].strip())
        for part in _split_before_datelines(split_markers(line)):
            glued = split_glued_byline(part.text, page_text) if part.kind == "text" else None
            if glued is None and alone and part.kind == "text":
                glued = split_name_from_head(part.text, page_text)
            if glued is None and part.kind == "text":
                glued = split_head_from_name(part.text, page_text)
            if glued:
                out.append(Line(glued[0], number, part.frame_start, part.blank_before))
                out += [Line(piece, number) for piece in glued[1:]]
            else:
                out.append(part)
        blank = False
    return out
