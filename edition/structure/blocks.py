"""Give each block a role: title, byline, body, jump, guide box or quote box.

Roles come from two kinds of evidence kept in separate named functions: what a block
looks like (`looks_like_title`, `parse_byline`, markers) and where it stands
(`resolve_titles`: a title stands next to a byline, another title or an edge; a short
line between two pieces of body text is a column-break fragment).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Byline, Credit
from .lines import Line
from .normalize import display_width, ends_sentence, is_cjk

# Roles a byline credit can have; prefixes such as 本报/特聘/首席 combine with them.
_ROLE_PREFIX = r"(?:本报|特约|特聘|首席|资深|高级|见习|实习|融媒|融媒体|驻[\u3400-\u9fff]{1,4})"
_ROLE_CORE = r"(?:摄影记者|记者|通讯员|实习生|摄影|撰稿|编辑|文/图|文／图|图/文|图／文|文|图)"
ROLE = rf"{_ROLE_PREFIX}*{_ROLE_CORE}"
_NAME = r"[\u3400-\u9fff·]{2,5}"
_ROLE_RE = re.compile(rf"^{ROLE}$")
_CREDIT_TOKEN = re.compile(rf"^({ROLE})[:：]?({_NAME})?$")
_BYLINE_RE = re.compile(rf"^(?:{ROLE}(?:\s*[:：]\s*|\s+){_NAME}(?:[\s、]+{_NAME})*\s*)+$"
                        rf"|^本报{_ROLE_CORE}{_NAME}$")

GUIDE_LABEL = re.compile(r"^(?:本期|今日|本版|要闻)?导读$|^导\s*读$")
ATTRIBUTION = re.compile(r"^\s*(?:——|—|--|－－)")
MAX_TITLE_WIDTH = 40
MAX_LABEL_WIDTH = 8


@dataclass(frozen=True, slots=True)
class GuideBox:
    label: str
    entries: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class QuoteBox:
    label: str
    text: str
    attribution: str


@dataclass(slots=True)
class Block:
    """A run of lines with its role; boxes carry their parsed content."""

    role: str                       # title | title? | byline | body | jump_to | jump_from | guide | quote
    lines: list[Line]
    page_ref: int | None = None
    box: GuideBox | QuoteBox | None = None
    byline: Byline | None = field(default=None)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def first_line(self) -> int:
        return self.lines[0].number


# --- what a block looks like ---------------------------------------------------------

def parse_byline(text: str) -> Byline | None:
    """`特聘首席记者 顾舜丽` → Byline with credits; None when the line is not a byline."""
    text = re.sub(r"\s+", " ", text.strip())
    if not text or display_width(text) > 30 or not _BYLINE_RE.match(text):
        return None
    credits: list[Credit] = []
    role = ""
    for token in re.split(r"[\s、]+", text):
        m = _CREDIT_TOKEN.match(token)
        if m:
            role = m.group(1)
            if m.group(2):
                credits.append(Credit(role=role, name=m.group(2)))
        elif role:
            credits.append(Credit(role=role, name=token))
        else:
            return None
    return Byline(text=text, credits=tuple(credits)) if credits else None


def looks_like_title_line(text: str) -> bool:
    """Short, no sentence-final punctuation, not ending mid-phrase on a comma."""
    width = display_width(text)
    if width < 2 or width > MAX_TITLE_WIDTH or not any(is_cjk(c) for c in text):
        return False
    if "。" in text or ends_sentence(text) and not text.rstrip().endswith(("！", "!", "？", "?")):
        return False
    if text.rstrip()[-1] in "，,、；;：:（(“‘《—":
        return False
    # A headline carries at most one comma; body fragments usually carry more.
    return sum(text.count(c) for c in "，,") <= 1


def looks_like_title(lines: list[Line]) -> bool:
    if len(lines) > 3 or not all(looks_like_title_line(l.text) for l in lines):
        return False
    # A title set on two or three lines has no punctuation inside its lines.
    return len(lines) == 1 or not any(c in l.text for l in lines for c in "，,、；;")


LEAD_START = re.compile(r"^(?:本报讯|\d{1,2}\s*月\s*\d{1,2}\s*日|近日|日前|昨天|昨日|今天|今年|\d{4}\s*年)")


def looks_like_lead(text: str) -> bool:
    """A paragraph that opens a news story: a date, 本报讯, 近日…"""
    return bool(LEAD_START.match(text))


# --- first pass: roles from looks ----------------------------------------------------

def initial_blocks(raw_blocks: list[list[Line]]) -> list[Block]:
    blocks: list[Block] = []
    for lines in raw_blocks:
        first = lines[0]
        if first.kind != "text":
            blocks.append(Block(first.kind, lines, page_ref=first.page_ref))
            continue
        byline = parse_byline(first.text)
        if byline:
            blocks.append(Block("byline", [first], byline=byline))
            lines = lines[1:]
            if not lines:
                continue
        role = "title?" if looks_like_title(lines) else "body"
        blocks.append(Block(role, lines))
    return blocks


# --- boxes ---------------------------------------------------------------------------

def find_guide_boxes(blocks: list[Block]) -> list[Block]:
    """Fold `title` + `刊N版►` pairs (and a 导读 label before them) into guide blocks."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.role == "guide_mark" and out and _can_be_entry(out[-1]):
            entries = []
            consumed: list[Line] = []
            while out and out[-1].role != "guide" and _can_be_entry(out[-1]) and blocks[i].role == "guide_mark":
                title_block = out.pop()
                entries.append((_one_line(title_block.text), blocks[i].page_ref))
                consumed += title_block.lines + blocks[i].lines
                nxt = i + 1
                if nxt + 1 < len(blocks) and blocks[nxt + 1].role == "guide_mark" and _can_be_entry(blocks[nxt]):
                    out.append(blocks[nxt])
                    i = nxt + 1
                else:
                    i = nxt
                    break
            label = ""
            if out and GUIDE_LABEL.match(out[-1].text.strip()):
                label_block = out.pop()
                label = label_block.text.strip()
                consumed = label_block.lines + consumed
            if out and out[-1].role == "guide" and not label:
                prev = out.pop()
                merged = GuideBox(prev.box.label, prev.box.entries + tuple(entries))
                out.append(Block("guide", prev.lines + consumed, box=merged))
            else:
                out.append(Block("guide", consumed, box=GuideBox(label, tuple(entries))))
            continue
        if b.role == "guide_mark":   # a page pointer with no title before it is plain text
            b.role = "body"
        out.append(b)
        i += 1
    return out


def _can_be_entry(block: Block) -> bool:
    return block.role in ("title?", "title", "body") and len(block.lines) <= 2 \
        and display_width(block.text) <= MAX_TITLE_WIDTH and not ends_sentence(block.text)


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.split("\n"))


def find_quote_boxes(blocks: list[Block]) -> list[Block]:
    """Fold `label` + quotation + `——attribution` into quote blocks."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.role in ("body", "title?") and ATTRIBUTION.match(b.lines[0].text):
            start = _quote_label_index(out)
            if start is not None:
                label_block, text_blocks = out[start], out[start + 1:]
                del out[start:]
                attribution = [b]
                j = i + 1
                if (j < len(blocks) and blocks[j].role in ("body", "title?") and len(blocks[j].lines) == 1
                        and not blocks[j].lines[0].frame_start and not ends_sentence(b.lines[-1].text)
                        and not ends_sentence(blocks[j].text)
                        and (j + 1 == len(blocks) or blocks[j + 1].role == "byline"
                             or blocks[j + 1].lines[0].frame_start)):
                    attribution.append(blocks[j])
                    j += 1
                text = "".join(l.text for tb in text_blocks for l in tb.lines)
                attr = "".join(l.text for ab in attribution for l in ab.lines)
                lines = label_block.lines + [l for tb in text_blocks for l in tb.lines] + \
                    [l for ab in attribution for l in ab.lines]
                out.append(Block("quote", lines, box=QuoteBox(label_block.text.strip(), text, attr)))
                i = j
                continue
        out.append(b)
        i += 1
    return out


def _quote_label_index(before: list[Block]) -> int | None:
    """Index of the quote box label: a short title-like block opening a frame or the page."""
    for back in range(1, min(6, len(before)) + 1):
        k = len(before) - back
        cand = before[k]
        if cand.role == "title?" and len(cand.lines) == 1 and display_width(cand.text) <= MAX_LABEL_WIDTH \
                and back > 1 and (cand.lines[0].frame_start or k == 0):
            return k
        if cand.role not in ("body", "title?"):
            return None
    return None


# --- second pass: titles from position -----------------------------------------------

ANCHORS = ("byline", "title", "jump_to", "jump_from", "guide", "quote", "edge")


def resolve_titles(blocks: list[Block]) -> None:
    """Decide which title-like blocks are titles, from their neighbours, in place.

    A title stands next to a byline, a box, a jump line, another title or the page's
    edge, or right before a story's lead. A title-like line with body text on both
    sides is the end of a column (a paragraph broken by the layout).
    """
    def role(k: int) -> str:
        return "edge" if k < 0 or k >= len(blocks) else blocks[k].role

    changed = True
    while changed:
        changed = False
        for k, b in enumerate(blocks):
            if b.role != "title?":
                continue
            prev_role, next_role = role(k - 1), role(k + 1)
            if prev_role == "byline":
                continue   # right under a byline stands the lead, not a title
            if next_role in ANCHORS or prev_role in ("title", "edge", "jump_to", "guide", "quote") and next_role != "body":
                b.role = "title"
                changed = True
            elif next_role == "body" and prev_role != "byline" and looks_like_lead(blocks[k + 1].lines[0].text):
                b.role = "title"
                changed = True
    # Two title-like blocks side by side with body around them: a title group.
    for k, b in enumerate(blocks):
        if b.role == "title?" and (role(k - 1) == "title?" or role(k + 1) == "title?"):
            b.role = "title"
    for b in blocks:
        if b.role == "title?":
            b.role = "body"


def classify_blocks(raw_blocks: list[list[Line]]) -> list[Block]:
    blocks = initial_blocks(raw_blocks)
    blocks = find_guide_boxes(blocks)
    blocks = find_quote_boxes(blocks)
    resolve_titles(blocks)
    return blocks
