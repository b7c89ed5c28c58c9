"""Evidence about each line of a page, as named features for the line labeller.

Every feature is a small function of a line and its neighbours that says one thing
("ends a sentence", "is shorter than its column", "looks like a bare name"). None of
them decides anything: `labels.py` weighs them all, for every line of the page at once.
Features are strings (present or absent), so the weights stay a small readable table.

The local column width is estimated from the neighbouring lines, so 8-character and
22-character columns look alike to the labeller: what counts is how full a line is.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add, sub
from typing import Iterable, NamedTuple

from .bylines import SURNAMES, byline_shape, has_role_word
from .lines import Line
from .normalize import SPACE_IN_LINES_RE, SPACE_RE, HanFolding, cjk_of_wide, cjk_only, not_wide_in_lines_re

# --- shapes of a single line -----------------------------------------------------------

# A sentence ends on 。！？!?… possibly inside closing quotes and brackets; a full stop (for
# labels.allowed) on 。 or ；, possibly followed by spaces. An ASCII . (or ;) counts after Han
# text: `会议举行.` from a Latin-punctuated extraction. Tested on the end of a line with string
# methods, not searched for with a regular expression along it.
SENTENCE_MARKS = "。！？!?…"
CLOSERS = "”’」』）)]"
FULL_STOP_MARKS = "。；"
OPEN_END = "（(“‘《〈「『【—:："
COMMA_END = "，,、；;"
_COMMA_OR_OPEN_END = COMMA_END + OPEN_END
CLAUSE_MARKS = frozenset("，。、；：！？,;:!?")     # marks that end a clause
_CLAUSE_MARK = re.compile("[" + re.escape("".join(sorted(CLAUSE_MARKS))) + "]")

# 本报杭州3月5日电, 新华社北京3月5日电, 本报讯. Compiled for folded text (normalize.HanFolding),
# so its Han class compiles cheaply: read it with is_dateline.
_DATELINE = r"^[（(【\[]?\s*(?:本报讯|(?:本报|新华社|中新社|人民日报)?[\u3400-\u9fff]{0,8}\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:电|讯))"
DATELINE_FOLDING = HanFolding(_DATELINE)
DATELINE_FOLDED = DATELINE_FOLDING.compile(_DATELINE)
# A paragraph that opens with a date (`8月27日上午，…`): how news stories open (labels.py,
# articles.py).
DATED_OPENING = re.compile(r"^\d{1,2}月\d{1,2}日")
LEAD_OPENING = re.compile(r"^(?:\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*年|近日|日前|昨天|昨日|今天|今年|近期|目前|记者从|记者近日|为进一步|为深入|为了)")
# Openings that refer back to what came before (at the meeting, besides, he…): such a
# paragraph goes on with a story, it never opens one (articles.py cuts no story there).
FOLLOW_ON = re.compile(r"^\s*(?:会上|会议|会前|会后|此外|另外|同时|与此同时|对此|为此|据了解|据介绍|据悉|"
                       r"他们|她们|他|她|其中|随后|此前|此次|这次|下一步|接下来|然而|但是|不过|因此|所以|而且)")
ATTRIBUTION = re.compile(r"^\s*(?:——|—|--|－－)")
GUIDE_WORD = re.compile(r"导\s*读|目\s*录|要\s*目")
FOLIO = re.compile(r"第\s*\d{1,3}\s*版|星期[一二三四五六日天]|周[一二三四五六日]|[A-Z]\d{1,2}\s*版|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|国内统一|刊号|CN\s*\d|邮发代号|责任编辑|版式|校对|（续）|\(续\)")


def is_dateline(text: str) -> bool:
    """Does the text open with a dateline? (Every dateline holds 电 or 讯: the other lines
    are not folded.)"""
    return ("电" in text or "讯" in text) and DATELINE_FOLDED.match(DATELINE_FOLDING.fold(text)) is not None


def ends_sentence(text: str) -> bool:
    """Does the text end a sentence (`会议举行。`, `好吗？”`, `会议举行.`)?"""
    if text.endswith("\n"):
        text = text[:-1]        # (what a regular expression's $ would allow)
    text = text.rstrip(CLOSERS)
    if not text:
        return False
    return text[-1] in SENTENCE_MARKS or text[-1] == "." and _after_han(text)


def ends_full_stop(text: str) -> bool:
    """Does the text end on a full stop (。 or ；, or . or ; after Han text), spaces aside?"""
    text = text.rstrip()
    if not text:
        return False
    return text[-1] in FULL_STOP_MARKS or text[-1] in ".;" and _after_han(text)


def _after_han(text: str) -> bool:
    """Is the last character of the text preceded by a Han character?"""
    return len(text) > 1 and "\u3400" <= text[-2] <= "\u9fff"


def cjk_share(text: str) -> float:
    visible = len(text) - len(SPACE_RE.findall(text))
    return len(cjk_only(text)) / visible if visible else 0.0


class LineFacts(NamedTuple):
    """What is measured once per line and read by several features.

    (A named tuple, not a frozen dataclass: one is made for every line, and a frozen
    dataclass sets each field through object.__setattr__, several times slower.)"""

    text: str
    width: float
    compact: str            # the text without spaces
    end: str                # its last visible character
    sentence_end: bool
    title_shape: bool
    byline_shape: str       # role | bare | place | ""
    cjk: str                # the CJK characters of `compact`, in order
    share: float            # cjk_share(compact): CJK characters among the visible ones


def title_shape(text: str, width: float, share: float | None = None) -> bool:
    """Short, with CJK, no full stop inside, not ending on a comma or an opening mark.
    (`share` is cjk_share(text) when the caller has it already.)"""
    if width < 2 or width > 36 or (cjk_share(text) if share is None else share) < 0.5:
        return False
    if "。" in text[:-1] or text[-1] in _COMMA_OR_OPEN_END:
        return False
    return text.count("，") + text.count(",") <= 2


def facts(line: Line) -> LineFacts:
    text = line.text
    width = line.width
    compact = "".join(text.split())
    cjk = cjk_only(compact)
    # cjk_share(compact), from the CJK characters found once (compact holds no spaces; an
    # empty one is measured as " ", which has no visible character either)
    share = len(cjk) / len(compact) if compact else 0.0
    return LineFacts(text=text, width=width, compact=compact, end=compact[-1:] or " ",
                     sentence_end=ends_sentence(compact), title_shape=title_shape(compact or " ", width, share),
                     byline_shape=byline_shape(text, compact) if compact else "", cjk=cjk, share=share)


def page_facts(lines: list[Line]) -> list[LineFacts]:
    """`facts` of every line of a page.

    The measures made with regular expressions (the text without spaces, its CJK characters,
    its wide characters for Line.width) are made once over all the lines joined by "\n",
    which no line holds, and split again: one pass at C speed instead of three calls a line,
    whose cost on a short line is mostly the call."""
    texts = [line.text for line in lines]
    joined = "\n".join(texts)
    if not lines or joined.count("\n") != len(lines) - 1:    # (no lines, or a line made by hand holds "\n")
        return [facts(line) for line in lines]
    compacts = SPACE_IN_LINES_RE.sub("", joined).split("\n")      # "".join(text.split()) of each
    wide = not_wide_in_lines_re().sub("", joined)
    cjks = cjk_of_wide(wide).split("\n")      # cjk_only of each
    wides = wide.split("\n")                  # what display_width counts as 1
    rows = []
    for text, compact, cjk, wide in zip(texts, compacts, cjks, wides):
        # display_width(text): the spaces are what compact lacks
        w = len(wide)
        width = w + 0.5 * (len(text) - w - (len(text) - len(compact)))
        share = len(cjk) / len(compact) if compact else 0.0
        rows.append(LineFacts(text, width, compact, compact[-1:] or " ", ends_sentence(compact),
                              title_shape(compact or " ", width, share),
                              byline_shape(text, compact) if compact else "", cjk, share))
    return rows


# --- the local column width -------------------------------------------------------------

WINDOW = 15


def column_widths(rows: list[LineFacts]) -> list[float]:
    """Per line, the upper quartile of widths of the body-like lines within ±WINDOW lines."""
    n = len(rows)
    # A title-shaped line counts unless short and without a comma: in 8-character columns
    # most body lines end mid-clause and look like titles, but they hold commas.
    body = [r.width if not r.title_shape or r.width >= 12 or any(c in CLAUSE_MARKS for c in r.compact) else None
            for r in rows]
    out: list[float] = []
    window: list[float] = []
    lo = hi = 0  # window covers [lo, hi)
    for i in range(n):
        while hi < n and hi <= i + WINDOW:
            if body[hi] is not None:
                bisect.insort(window, body[hi])
            hi += 1
        while lo < i - WINDOW:
            if body[lo] is not None:
                del window[bisect.bisect_left(window, body[lo])]
            lo += 1
        if window:
            out.append(window[min(len(window) - 1, (3 * len(window)) // 4)])
        else:
            out.append(max(r.width for r in rows) if rows else 1.0)
    return out


# --- features of a line in its page -----------------------------------------------------

def char_pairs(text: str) -> set[str]:
    return cjk_pairs(cjk_only(text))


def cjk_pairs(cjk: str) -> set[str]:
    """The pairs of consecutive characters of a run of CJK characters."""
    return set(map(add, cjk, cjk[1:]))      # each character and the next one, at C speed


def page_pairs_of(cjks: list[str]) -> list[set[str]]:
    """cjk_pairs of each line's CJK characters, each pair one string object for the page.

    The same pair on many lines is then one object, not one each time: the page's sets and
    dicts of pairs find it by identity, without comparing characters, and hold a fraction of
    the strings (the map at C speed, as cjk_pairs; the dict lives for this call only)."""
    seen: dict[str, str] = {}
    same = seen.setdefault
    out = []
    for cjk in cjks:
        pairs = list(map(add, cjk, cjk[1:]))
        out.append(set(map(same, pairs, pairs)))
    return out


@dataclass(frozen=True, slots=True)
class PageView:
    """A page's lines and what is measured over them, for the feature functions."""

    lines: list[Line]
    rows: list[LineFacts]
    columns: list[float]
    pairs: list[set[str]]
    text: str              # all lines' compact texts, one after another
    offsets: list[int]     # where each line starts in `text` (and where the last ends)
    titles: list[int]      # the title-like lines, whose words a lead may repeat
    all_pairs: list[set[str]]  # every line's character pairs
    fills: list[str]       # each line's fullness bucket
    attributions: list[int]    # lines that open with a dash (a quote's attribution)
    labels_like: list[int]     # short title-like lines not over a byline (a quote box's label)
    guide_words: list[int]     # short lines saying 导读 or the like
    overlaps: list[tuple[float, float]]  # per title-like line: content_overlap below it, above it
    page_pairs: dict[str, int]   # every character pair on the page (→ the last line holding it)
    clauses: list[tuple[int, int]]  # per line: clause carried in, longest clause touching it
    cohesions: list[float] = field(default_factory=list, compare=False, repr=False)  # see cohesion_values
    # Each pair of characters printed across a line break, with how often (see junction_recurs).
    break_pairs: Counter[str] = field(default_factory=Counter, compare=False, repr=False)
    # Per line, what several features read (of this line, of the one before or after it),
    # measured once: is_dateline, LEAD_OPENING, ATTRIBUTION, junction_recurs, and Line.kind.
    datelines: list[bool] = field(default_factory=list, compare=False, repr=False)
    lead_openings: list[bool] = field(default_factory=list, compare=False, repr=False)
    attributed: list[bool] = field(default_factory=list, compare=False, repr=False)
    junctions: list[bool] = field(default_factory=list, compare=False, repr=False)
    kinds: list[str] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        text, offsets, rows = self.text, self.offsets, self.rows
        setattr_ = object.__setattr__
        setattr_(self, "break_pairs", Counter(text[k - 1:k + 1] for k in offsets[1:-1] if k > 0))
        setattr_(self, "datelines", [is_dateline(r.compact) for r in rows])
        setattr_(self, "lead_openings", [LEAD_OPENING.match(r.compact) is not None for r in rows])
        attributed = [False] * len(rows)
        for k in self.attributions:
            attributed[k] = True
        setattr_(self, "attributed", attributed)
        setattr_(self, "junctions", junction_values(self))
        setattr_(self, "kinds", [line.kind for line in self.lines])

    @classmethod
    def of(cls, lines: list[Line]) -> "PageView":
        rows = page_facts(lines)
        offsets = [0, *accumulate(len(r.compact) for r in rows)]
        all_pairs = page_pairs_of([r.cjk for r in rows])
        pairs = [p if r.title_shape else set() for p, r in zip(all_pairs, rows)]
        columns = column_widths(rows)
        text = "".join(r.compact for r in rows)
        overlaps, page_pairs, cohesions = recurrences(pairs, all_pairs)
        return cls(lines, rows, columns, pairs, text, offsets,
                   [k for k, p in enumerate(pairs) if len(p) >= 3], all_pairs,
                   [bucket(r.width / max(c, 1.0)) for r, c in zip(rows, columns)],
                   [k for k, r in enumerate(rows) if ATTRIBUTION.match(r.text)],
                   # (not a title over a byline: that heads a story)
                   [k for k, r in enumerate(rows) if r.title_shape and r.width <= 12
                    and not (k + 1 < len(rows) and rows[k + 1].byline_shape)],
                   [k for k, r in enumerate(rows) if r.width <= 6 and GUIDE_WORD.search(r.compact)],
                   overlaps, page_pairs, clause_lengths(text, offsets), cohesions)


def clause_lengths(text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """Per line: how many characters of an unpunctuated stretch run into it from the lines
    above, and the longest unpunctuated stretch it is part of, counted across line ends.

    Prose breaks into clauses of ten or twenty characters with a comma or a stop; titles,
    bylines and mastheads carry none, so a stretch of thirty characters without one, taken
    across lines, is a title group (and what follows it a lead) in columns of any width."""
    marks = [m.start() for m in _CLAUSE_MARK.finditer(text)]   # in order, found at C speed
    n, m = len(text), len(marks)
    out = []
    j = 0                           # the first mark at or after the line's start
    for lo, hi in zip(offsets, offsets[1:]):
        while j < m and marks[j] < lo:
            j += 1
        began = marks[j - 1] + 1 if j else 0         # where the stretch holding `lo` began
        longest = (marks[j] if j < m else n) - began
        k, at = lo, j
        while k < hi:               # each stretch that starts or runs in the line
            start = marks[at - 1] + 1 if at else 0
            stop = marks[at] if at < m else n
            longest = max(longest, stop - start)
            k, at = stop + 1, at + 1
        out.append((lo - began, longest))
    return out


def clause_bucket(n: int) -> str:
    return "0" if n == 0 else "le12" if n <= 12 else "le20" if n <= 20 else "le30" if n <= 30 else "gt30"


def bucket(ratio: float) -> str:
    return "over" if ratio >= 1.2 else "full" if ratio >= 0.97 else "near" if ratio >= 0.85 else \
        "half" if ratio >= 0.5 else "short"


def fullness_bucket(view: PageView, i: int) -> str:
    return view.fills[i]


def any_within(indices: list[int], lo: int, hi: int) -> bool:
    """Is any index in [lo, hi)?"""
    k = bisect.bisect_left(indices, lo)
    return k < len(indices) and indices[k] < hi


WIDTH_BOUNDS = (3, 5, 8, 12, 18, 26, 36)
WIDTH_NAMES = tuple(f"w{b}" for b in WIDTH_BOUNDS) + ("w_long",)


def width_bucket(width: float) -> str:
    """w3 for widths up to 3, w5 up to 5, … w36, and w_long."""
    return WIDTH_NAMES[bisect.bisect_left(WIDTH_BOUNDS, width)]     # the first bound >= width


def content_overlap(view: PageView, i: int, start: int, stop: int) -> float:
    """Share of a title-like line's character pairs found in lines [start, stop) (other
    than line i). The features read it from `view.overlaps`, made for every line at once."""
    mine = view.pairs[i]
    if not mine:
        return 0.0
    start, stop = max(0, start), min(len(view.rows), stop)
    others = set().union(*view.all_pairs[start:min(i, stop)], *view.all_pairs[max(start, i + 1):stop])
    return len(mine & others) / len(mine)


# The windows content_overlap is taken over for the features: lines [i + 1, i + TITLE_AHEAD)
# below a title-like line i and [i - TITLE_BEHIND, i) above it.
TITLE_AHEAD = 20
TITLE_BEHIND = 30
_FAR = 1 << 40      # a line number no page reaches


def recurrences(pairs: list[set[str]], all_pairs: list[set[str]]) -> tuple[list[tuple[float, float]],
                                                                           dict[str, int], list[float]]:
    """For every line: content_overlap(view, i, i + 1, i + TITLE_AHEAD) and (view, i,
    i - TITLE_BEHIND, i); every pair on the page with the last line that holds it; and
    `cohesion` of every line (see cohesion_values).

    All three come from how far above a line each of its character pairs was last seen,
    found in one pass down the page with a dict (pair → last line holding it); the windows
    are neither searched line by line nor their unions made as sets, which costs several
    times more on a long page (each line's pairs would go into a dozen sets).

    A pair of line i last seen on line j = i - d (d > 0) is above line i within
    TITLE_BEHIND lines when d <= TITLE_BEHIND, and line i is where it is next seen below
    line j, within TITLE_AHEAD lines when d < TITLE_AHEAD. (Both that test and the one for
    cohesion, d < 2 * COHESION_SPAN, are made only when d <= TITLE_BEHIND: the longest reach.)"""
    n = len(all_pairs)
    last: dict[str, int] = {}
    get = last.get
    held = [0] * n          # per line: how many of its pairs the TITLE_BEHIND lines above hold
    ahead = [0] * n         # per line: how many of its pairs the TITLE_AHEAD lines below hold
    reach, behind, within = 2 * COHESION_SPAN, TITLE_BEHIND, TITLE_AHEAD
    gaps = [0] * (n * reach)    # gaps[i * reach + d]: pairs of line i last seen d lines above it
    never = -_FAR
    for i, every in enumerate(all_pairs):
        # The loop every pair of the page goes through, kept to a few operations on local
        # names: most pairs were not seen within TITLE_BEHIND lines (j < nearest) and only
        # take the line's number.
        h, base, nearest = 0, i * reach, i - behind
        for p in every:
            j = get(p, never)
            if j >= nearest:
                h += 1
                d = i - j
                if d < within:
                    ahead[j] += 1
                if d < reach:
                    gaps[base + d] += 1
            last[p] = i
        held[i] = h
    overlaps = [(ahead[i] / len(mine), held[i] / len(mine)) if mine else (0.0, 0.0) for i, mine in enumerate(pairs)]
    return overlaps, last, cohesion_values(all_pairs, gaps)


def overlap_bucket(value: float) -> str:
    return "hi" if value >= 0.5 else "mid" if value >= 0.25 else "lo"


COHESION_SPAN = 6


def cohesion(view: PageView, i: int) -> float:
    """How much the text from this line on shares with the text just before it (as in
    TextTiling): a story boundary is where the words change."""
    return view.cohesions[i]


def cohesion_values(all_pairs: list[set[str]], gaps: list[int]) -> list[float]:
    """`cohesion` of every line of a page: of the character pairs of the COHESION_SPAN lines
    from line i on (the set b) and those of the COHESION_SPAN lines before it (a), the share
    of the smaller set the other holds, len(a & b) / min(len(a), len(b)), or 0.0 when one is
    empty.

    Counted, not made as sets, from `gaps` (made by `recurrences`): gaps[i * 2 * COHESION_SPAN
    + d] is how many pairs of line i were last seen d lines above it (0 < d < 2 *
    COHESION_SPAN). A span of lines holds as many different pairs as its lines hold pairs
    not seen on the lines of the span above them; a pair is in a and b both when it is seen
    last above line i on a line of a, and next, at or below line i, on a line of b."""
    n, span = len(all_pairs), COHESION_SPAN
    reach = 2 * span
    # upto[k][i]: how many pairs of line i were last seen at most k lines above it (the
    # columns of `gaps`, added up at C speed with map).
    upto = [[0] * n]
    for d in range(1, reach):
        upto.append(list(map(add, upto[-1], gaps[d::reach])))
    sizes = list(map(len, all_pairs))
    pad = [0] * span
    # Line i + k (k < span) adds to b its pairs not seen on the k lines above it, and to both
    # a and b those last seen more than k lines above it, on a line of a (k + span at most).
    new = [list(map(sub, sizes, upto[k]))[k:] + pad[:k] for k in range(span)]
    shared = [list(map(sub, upto[k + span], upto[k]))[k:] + pad[:k] for k in range(span)]
    b = list(map(sum, zip(*new)))
    both = list(map(sum, zip(*shared)))
    # a is the b of line i - span; above line span it is the lines from the first on.
    a = [sum(sizes[k] - upto[k][k] for k in range(i)) for i in range(min(span, n))] + b[:max(0, n - span)]
    return [x / min(y, z) if y and z else 0.0 for x, y, z in zip(both, a, b)]


def cohesion_bucket(value: float) -> str:
    return "lo" if value < 0.06 else "mid" if value < 0.14 else "hi"


JUNCTION_REACH = 3000     # characters each side: a story and its neighbours, not a whole archive


def junction_recurs(view: PageView, i: int) -> bool:
    """Do the last character of the line before and the first of this one form a pair that
    the page prints elsewhere? Then the break is likely inside a word (`县域特` / `色产业`)."""
    return view.junctions[i]


def junction_values(view: PageView) -> list[bool]:
    """junction_recurs of every line of a page (False for the first)."""
    rows, text, o = view.rows, view.text, view.offsets
    page_pairs, break_pairs = view.page_pairs, view.break_pairs
    out = [False] * len(rows)
    for i in range(1, len(rows)):
        before, after = rows[i - 1], rows[i]
        a, b = before.compact[-1:], after.compact[:1]
        # Both characters CJK (is_cjk), read off the lines' CJK characters: the last character
        # of a line is CJK when it is the last of them, the first when it is the first.
        if not a or not b or before.cjk[-1:] != a or after.cjk[:1] != b:
            continue
        pair = a + b
        if pair not in page_pairs and break_pairs[pair] < 2:
            # Printed elsewhere, the pair would stand inside a line, and so among that line's
            # character pairs (both are CJK), or across another break: it is not, so no search.
            continue
        lo, hi = max(0, o[i] - JUNCTION_REACH), o[i] + JUNCTION_REACH
        # str.find with bounds looks in the same slices without copying them out; above the
        # break from the break up (rfind), where the words of the same story are, so that a
        # pair the text repeats is found after a few lines, not after all of JUNCTION_REACH.
        out[i] = text.rfind(pair, lo, o[i] - 1) >= 0 or text.find(pair, o[i] + 1, hi) >= 0
    return out


ECHO_SPAN = 4
ECHO_REACH = 1600         # characters each side where a story's title may have been printed


def title_echo(view: PageView, i: int) -> float:
    """How much more of some title's words the text from this line on repeats than the
    text just before it: a story's lead repeats its title, wherever the title was printed."""
    n = len(view.rows)
    after = set().union(*view.all_pairs[i:min(n, i + ECHO_SPAN)])
    before = set().union(*view.all_pairs[max(0, i - ECHO_SPAN):i])
    best = 0.0
    # The reach is counted in characters, not lines: a narrow column's story runs to many
    # more lines than a wide one's.
    o = view.offsets
    lo = bisect.bisect_left(o, o[i] - ECHO_REACH)
    hi = bisect.bisect_right(o, o[i] + ECHO_REACH)
    near = bisect.bisect_left(view.titles, lo)
    for k in view.titles[near:bisect.bisect_right(view.titles, hi)]:
        mine = view.pairs[k]
        # A title none of whose pairs come after gains nothing (at most 0.0, where best starts):
        # isdisjoint stops at the first shared pair, and makes no set.
        if abs(k - i) <= 1 or mine.isdisjoint(after):
            continue
        gain = (len(mine & after) - len(mine & before)) / len(mine)
        best = max(best, gain)
    return best


def starts_paragraph_candidate(view: PageView, i: int) -> bool:
    if i == 0 or view.lines[i].blank_before or view.lines[i].frame_start:
        return True
    prev = view.rows[i - 1]
    return prev.sentence_end or view.lines[i - 1].kind != "text"


def self_features(view: PageView, i: int) -> list[str]:
    """What the line itself looks like (self_columns, for one line)."""
    return [name for column in self_columns(view) if (name := column[i])]


def self_columns(view: PageView) -> list[list[str | None]]:
    """What each line of the page looks like, as columns: one list per feature (or per set
    of features a line has one of at most), holding the name each line has, or None.

    Made column by column over the whole page, each a comprehension over lists measured
    once: a line's features made one by one in a function of the line cost several times
    more (a call, and lookups of the page's lists, for each of a few dozen features)."""
    rows, kinds, n = view.rows, view.kinds, len(view.rows)
    compacts = [r.compact for r in rows]
    guide_words = [None] * n
    for k in view.guide_words:      # r.width <= 6 and GUIDE_WORD.search(r.compact)
        guide_words[k] = "guide_word"
    datelines = view.datelines      # is_dateline(compact)
    wrapped = [None if dateline or k + 1 == n or not is_dateline(compact + compacts[k + 1]) else "dateline_wrapped"
               for k, (dateline, compact) in enumerate(zip(datelines, compacts))]
    text_only = [
        ["end_sentence" if r.sentence_end else "end_comma" if r.end in COMMA_END else
         "end_open" if r.end in OPEN_END else "end_plain" for r in rows],
        [COMMA_NAMES[min(2, c.count("，") + c.count(",") + c.count("、"))] for c in compacts],
        ["stop_inside" if "。" in c[:-1] else None for c in compacts],
        ["title_shape" if r.title_shape else None for r in rows],
        [BYLINE_NAMES[r.byline_shape] if r.byline_shape else
         "role_word_head" if r.width <= 30 and has_role_word(r.text.lstrip()[:10]) else None for r in rows],
        ["dateline" if d else w for d, w in zip(datelines, wrapped)],   # (dateline_wrapped: 新华社济南 / 7月13日电（记者…)
        ["lead_opening" if x else None for x in view.lead_openings],
        ["attribution" if x else None for x in view.attributed],       # ATTRIBUTION.match(r.text)
        guide_words,
        ["folio" if FOLIO.search(r.text) else None for r in rows],
        ["few_cjk" if r.share < 0.4 else None for r in rows],          # cjk_share(r.compact)
        ["inner_space" if " " in (s := r.text.strip()) or "\u3000" in s else None for r in rows],
        ["starts_quote" if c[:1] in "“「『" else None for c in compacts],
        ["starts_surname" if c[:1] in SURNAMES else None for c in compacts],
    ]
    for k, kind in enumerate(kinds):
        if kind != "text":          # a marker line: the first features and its kind, no more
            for column in text_only:
                column[k] = None
    return [["bias"] * n, named("fill_", view.fills), [width_bucket(r.width) for r in rows],
            named("marker_", [None if kind == "text" else kind for kind in kinds]), *text_only]


COMMA_NAMES = ("commas_0", "commas_1", "commas_many")
BYLINE_NAMES = {shape: "byline_" + shape for shape in ("role", "bare", "place")}
MARKER_NAMES = {kind: "prev_marker_" + kind for kind in ("jump_to", "jump_from", "guide_mark", "sheet_to", "sheet_from")}


def named(prefix: str, values: Iterable[str | None]) -> list[str | None]:
    """prefix + each value (None where the value is None), each different name made once.

    The names of a column are then a handful of string objects, not one a line: the
    decoder's table finds them by identity, with their hash kept, and in a few cache lines
    (a line's names made column by column would otherwise lie far apart in memory)."""
    values = list(values)
    names = {value: None if value is None else prefix + value for value in set(values)}
    return list(map(names.__getitem__, values))


def context_features(view: PageView, i: int) -> list[str]:
    """Where the line stands (context_columns, for one line)."""
    return [name for column in context_columns(view) if (name := column[i])]


def context_columns(view: PageView) -> list[list[str | None]]:
    """Where each line of the page stands: blank lines, frames, and what its neighbours look
    like; columns as self_columns makes them. (`prev` and `nxt` are the lists shifted by a line,
    with None past the page's ends.)"""
    lines, rows, kinds, fills, n = view.lines, view.rows, view.kinds, view.fills, len(view.lines)
    if not n:
        return []
    title = [r.title_shape for r in rows]
    prev_rows, next_rows = [None, *rows[:-1]], [*rows[1:], None]
    prev_kinds, next_kinds = [None, *kinds[:-1]], [*kinds[1:], None]
    prev_fills, next_fills = [None, *fills[:-1]], [*fills[1:], None]
    blank = [line.blank_before for line in lines]
    frame = [line.frame_start for line in lines]
    next_blank, next_frame = [*blank[1:], True], [*frame[1:], False]     # (no next line: a break after)
    attributed = view.attributed
    prev_attributed, next_attributed = [False, *attributed[:-1]], [*attributed[1:], False]
    last = [None] * n
    last[-1] = "last_line"
    near_end = [None] * n
    for k in range(max(0, n - 3), n):
        near_end[k] = "near_end"
    echo = [None] * n
    for k in range(n):
        if not title[k] and starts_paragraph_candidate(view, k):
            value = title_echo(view, k)
            echo[k] = "title_echo_hi" if value >= 0.5 else "title_echo_mid" if value >= 0.25 else "title_echo_lo"
    after_title = [None] * n        # the features of a title-shaped line after another
    for k in range(1, n):
        if title[k] and title[k - 1]:
            before, width = rows[k - 1].width, rows[k].width
            after_title[k] = ("title_shape&prev_longer" if before > width + 0.5 else
                              "title_shape&prev_shorter" if before < width - 0.5 else "title_shape&prev_same")
    prev_end = [None if p is None else MARKER_NAMES[pk] if pk != "text" else "prev_end_sentence"
                if p.sentence_end else "prev_end_comma" if p.end in COMMA_END else "prev_end_plain"
                for p, pk in zip(prev_rows, prev_kinds)]
    next_text = [nk == "text" for nk in next_kinds]     # (False past the last line)
    attributions, guide_words, labels_like = view.attributions, view.guide_words, view.labels_like
    ahead = [None] * n              # the first attribution within 30 lines below
    short_label = [None] * n
    between = [None] * n
    for k in range(n):
        j = bisect.bisect_left(attributions, k + 1)
        a = attributions[j] if j < len(attributions) else None
        if a is not None and a < k + 30:
            ahead[k] = "attribution_ahead" if a - k < 10 else "attribution_ahead_far"
            if title[k] and rows[k].width <= 12 and not attributed[k]:
                short_label[k] = "short_title_over_attribution"    # a quote box's label
            if a - k < 10 and any_within(labels_like, k - 10, k):
                between[k] = "between_label_and_attribution"     # inside a quote box
    guide_behind = [None] * n       # any_within(guide_words, k - 3, k)
    for g in guide_words:
        for k in range(g + 1, min(n, g + 4)):
            guide_behind[k] = "guide_word_behind"
    guide_mark = [None] * n         # the nearest guide mark within three lines below
    for g, kind in enumerate(kinds):
        if kind == "guide_mark":
            for k in range(max(0, g - 3), g):
                if guide_mark[k] is None or int(guide_mark[k][-1]) > g - k:
                    guide_mark[k] = f"guide_mark_ahead_{g - k}"
    junctions = view.junctions
    return [
        ["blank_before" if b else None for b in blank],
        ["frame_start" if f else None for f in frame],
        last,
        near_end,
        named("cohesion_", map(cohesion_bucket, view.cohesions)),
        named("clause_in_", [clause_bucket(carried) for carried, _ in view.clauses]),
        named("clause_", [clause_bucket(longest) for _, longest in view.clauses]),
        ["junction_recurs" if pk == "text" and j else None for pk, j in zip(prev_kinds, junctions)],
        echo,
        ["title_shape&last_line" if t and x else None for t, x in zip(title, last)],
        ["title_shape&prev_end_sentence" if t and p is not None and p.sentence_end else None
         for t, p in zip(title, prev_rows)],
        ["title_shape&blank_before" if t and b else None for t, b in zip(title, blank)],
        ["title_shape&prev_title_shape" if x else None for x in after_title],
        after_title,
        ["break_after" if b or f else None for b, f in zip(next_blank, next_frame)],
        ["frame_after" if f else None for f in next_frame],     # the next line opens another text frame
        named("end_sentence&", [fill if r.sentence_end else None for r, fill in zip(rows, fills)]),
        ["end_sentence&break_after" if r.sentence_end and b else None for r, b in zip(rows, next_blank)],
        named("prev_fill_", prev_fills),
        prev_end,
        named("prev_end_sentence&", [pf if e == "prev_end_sentence" else None for e, pf in zip(prev_end, prev_fills)]),
        ["prev_title_shape" if p is not None and p.title_shape else None for p in prev_rows],
        ["prev_byline" if p is not None and p.byline_shape else None for p in prev_rows],
        ["same_width_prev" if p is not None and abs(p.width - r.width) <= 0.5 else None
         for p, r in zip(prev_rows, rows)],
        ["prev_attribution" if a else None for a in prev_attributed],
        # a full attribution line runs on to this one
        ["prev_attribution&wraps" if a and not p.sentence_end and pf in ("full", "near", "over") else None
         for a, p, pf in zip(prev_attributed, prev_rows, prev_fills)],
        named("next_marker_", [None if nk == "text" else nk for nk in next_kinds]),
        ["next_title_shape" if t and q.title_shape else None for t, q in zip(next_text, next_rows)],
        ["next_byline" if t and q.byline_shape else None for t, q in zip(next_text, next_rows)],
        ["next_lead_opening" if t and (d or o) else None
         for t, d, o in zip(next_text, [*view.datelines[1:], False], [*view.lead_openings[1:], False])],
        ["next_attribution" if t and a else None for t, a in zip(next_text, next_attributed)],
        ["same_width_next" if t and abs(q.width - r.width) <= 0.5 else None
         for t, q, r in zip(next_text, next_rows, rows)],
        named("next_fill_", [nf if t else None for t, nf in zip(next_text, next_fills)]),
        # content_overlap over TITLE_AHEAD, TITLE_BEHIND lines
        named("next_text_overlap_", [overlap_bucket(below) if t else None for t, (below, _) in zip(title, view.overlaps)]),
        named("prev_text_overlap_", [overlap_bucket(above) if t else None for t, (_, above) in zip(title, view.overlaps)]),
        guide_mark,
        ahead,
        short_label,
        between,
        guide_behind,
    ]


def line_features(view: PageView, i: int) -> list[str]:
    """The features of one line (view_features makes those of every line at once)."""
    return view_features(view)[i]


def page_features(lines: list[Line]) -> list[list[str]]:
    return view_features(PageView.of(lines))


def view_features(view: PageView) -> list[list[str]]:
    """Every line's features, in order: self_columns, then context_columns, with the Nones left out."""
    return [list(filter(None, names)) for names in zip(*self_columns(view), *context_columns(view))]
