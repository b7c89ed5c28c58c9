"""Label every line of a page at once: a linear-chain model decoded with Viterbi.

Each line gets one label (see `LABELS`). A label's score for a line is the sum of the
weights of the line's features for that label; a pair of labels on consecutive lines
adds a transition weight, so "this short line ends a paragraph" and "the next line is
a byline" support each other. The best sequence for the whole page is found by dynamic
programming, O(lines × labels²).

A few facts are constraints rather than weights (`allowed`, and in `viterbi` the rule that
an attribution opens with a dash or continues one): a line ending on 。 is no title, a
credit line (`记者 张三`) is a byline or page furniture, a marker line keeps its label.

The weights are fitted on the round-trip corpus with an averaged structured perceptron
(`bench/train_structure.py`) and kept in `weights.json` beside this file: a table of
label → feature → weight that can be read and reviewed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from operator import add
from pathlib import Path

from .features import ATTRIBUTION, COMMA_END, DATED_OPENING, PageView, ends_full_stop, ends_sentence, view_features
from .lines import Line
from .normalize import is_cjk
from .starts import promote_story_starts

LABELS = (
    "title",        # first line of a title (引题, 主题 or 副题)
    "title_cont",   # a later line of the same title, wrapped
    "byline",       # credits on their own line
    "lead",         # first line of a story's first paragraph (a dateline opens one)
    "para_start",   # first line of a later paragraph
    "para_cont",    # a later line of a paragraph
    "guide_label",  # 导读
    "guide_entry",  # a title in the guide box
    "quote_label",  # 强国金句
    "quote_text",   # the quotation
    "quote_attr",   # ——attribution
    "other",        # masthead, running heads, folios: kept, never dropped
    "jump_to",      # 下转►2版 (decided by lines.py)
    "jump_from",    # 上接►1版
    "guide_mark",   # 刊2版►
    "sheet_to",     # 下转►第1版（续）: the story runs on, on this 版's continuation sheet
    "sheet_from",   # 上接►第2页 (edition's own prints say 上接►第1版 there: articles.py)
)
QUOTE_ATTR = LABELS.index("quote_attr")
QUOTE_LABEL = LABELS.index("quote_label")
FILLED = frozenset(("fill_full", "fill_near", "fill_over"))     # a line as wide as its column, or nearly
MARKERS = ("jump_to", "jump_from", "guide_mark", "sheet_to", "sheet_from")
WEIGHTS_FILE = Path(__file__).with_name("weights.json")
NEG = -1e18


@dataclass(frozen=True, slots=True)
class Weights:
    """Emission weights (label → feature → weight) and transitions ((prev, label) → weight)."""

    emit: dict[str, dict[str, float]]
    trans: dict[tuple[str, str], float]
    table: dict[str, tuple[float, ...]] = field(default_factory=dict, compare=False, repr=False)
    # trans_to[b][a]: the weight of label a followed by label b (NEG where it never does).
    trans_to: list[list[float]] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", self.by_feature())
        k = len(LABELS)
        object.__setattr__(self, "trans_to", [
            [self.trans.get((LABELS[a], LABELS[b]), 0.0) if (a, b) not in NEVER_FOLLOWS else NEG for a in range(k)]
            for b in range(k)])

    def to_json(self) -> str:
        emit = {lab: {f: round(w, 3) for f, w in sorted(fs.items()) if abs(w) >= 0.001}
                for lab, fs in self.emit.items()}
        trans = {f"{a}>{b}": round(w, 3) for (a, b), w in sorted(self.trans.items()) if abs(w) >= 0.001}
        return json.dumps({"emit": emit, "trans": trans}, ensure_ascii=False, indent=0, sort_keys=True)

    def by_feature(self) -> dict[str, tuple[float, ...]]:
        """feature → its weight for each label, in LABELS order: the table the decoder reads.
        The vectors stop after the last label that has weights (the marker labels, last in
        LABELS, have none): `emissions` adds up fewer columns and pads the rest with 0.0."""
        width = max((j + 1 for j, lab in enumerate(LABELS) if self.emit.get(lab)), default=0)
        table: dict[str, list[float]] = {}
        for j, lab in enumerate(LABELS):
            for f, w in self.emit.get(lab, {}).items():
                table.setdefault(f, [0.0] * width)[j] = w
        return {f: tuple(v) for f, v in table.items()}

    @classmethod
    def from_json(cls, text: str) -> "Weights":
        data = json.loads(text)
        trans = {tuple(k.split(">", 1)): v for k, v in data["trans"].items()}
        return cls(emit=data["emit"], trans=trans)


@lru_cache(maxsize=1)
def default_weights() -> Weights:
    if not WEIGHTS_FILE.exists():
        return Weights(emit={}, trans={})
    return Weights.from_json(WEIGHTS_FILE.read_text(encoding="utf-8"))


def allowed(line: Line, features: list[str]) -> tuple[int, ...]:
    """Marker lines keep the label lines.py gave them; a line that opens with a dateline is a
    story's lead. A line that ends on a full stop is
    body or box text: no title, byline, label or page furniture ends so; nor does a box's
    label end on ！ or ？ (a title may, but not clauses of a sentence). A credit line is a
    byline, or page furniture when it holds a folio's words; a line with neither a role
    word nor a name's shape (nor a surname opening it) is no byline."""
    if line.kind in MARKERS:
        return (LABELS.index(line.kind),)
    if "dateline" in features:          # `本报杭州3月5日电（记者 王五）…` opens a story
        return LEAD_LABELS
    if ends_full_stop(line.text):
        return SENTENCE_LABELS
    if ends_sentence(text := line.text.strip()):
        clauses = clause_marks(text)
        if clauses >= 2 or clauses and len(text) > LONGEST_EXCLAIMED_TITLE:
            return SENTENCE_LABELS      # clauses that end on ！ or ？: a sentence, no title
        return SAYING_LABELS    # ！？…: a title may end so; page furniture and a box's label do not
    # The byline shape is among the line's features already (features.byline_shape).
    if "byline_role" in features:       # `记者 张三`: never a title or the first words of a paragraph
        return CREDIT_LABELS if "folio" in features else NAME_LABELS     # (`责任编辑 张三` is furniture)
    if "byline_place" in features or "byline_bare" in features and " " in line.text.strip():
        return NAME_LABELS      # `浙江省宁波市 李四`, `张 三`: nor page furniture
    if not CREDIT_FEATURES.intersection(features):
        return NOT_CREDIT_LABELS    # no role, no name: a kicker (`一线`) or a cut line, no byline
    return TEXT_LABELS


def clause_marks(text: str) -> int:
    """How many clause marks (，、；) the text holds."""
    return sum(map(text.count, COMMA_END))


# A title that exclaims (`撸起袖子加油干，一起向未来！`) holds one clause mark at most, and is short.
LONGEST_EXCLAIMED_TITLE = 16
TEXT_LABELS = tuple(i for i, lab in enumerate(LABELS) if lab not in MARKERS)
# A credit line is a byline, or page furniture when it names an editor's role (`责任编辑
# 张三`): never a title, text or a box's line; a name set as a credit (`张 三`, `浙江省宁波市
# 李四`) is a byline.
CREDIT_LABELS = (LABELS.index("byline"), LABELS.index("other"))
NAME_LABELS = (LABELS.index("byline"),)
CREDIT_FEATURES = frozenset(("byline_role", "byline_bare", "byline_place", "role_word_head", "starts_surname"))
NOT_CREDIT_LABELS = tuple(i for i in TEXT_LABELS if LABELS[i] != "byline")
LEAD_LABELS = (LABELS.index("lead"),)
NOT_FURNITURE = tuple(i for i in TEXT_LABELS if LABELS[i] != "other")
SAYING_LABELS = tuple(i for i in NOT_FURNITURE if LABELS[i] not in ("quote_label", "guide_label"))
SENTENCE_LABELS = tuple(i for i in TEXT_LABELS if LABELS[i] not in
                        ("title", "title_cont", "byline", "guide_label", "guide_entry", "quote_label", "other"))


# Pairs of labels no page has on consecutive lines: a quote box's label introduces its
# quotation (or a second line of the label), nothing else; a quotation opens its box, never
# runs on from a story's text or its byline, and an attribution follows the quotation; a guide entry is followed by its page pointer or another entry, never by a
# story's byline or text.
NEVER_FOLLOWS = frozenset(
    [(LABELS.index("quote_label"), b) for b in range(len(LABELS)) if LABELS[b] not in ("quote_label", "quote_text")]
    + [(a, QUOTE_ATTR) for a in range(len(LABELS)) if LABELS[a] not in ("quote_text", "quote_attr")]
    + [(LABELS.index(a), LABELS.index("quote_text")) for a in ("lead", "para_start", "para_cont", "byline")]
    + [(LABELS.index("guide_entry"), LABELS.index(b)) for b in ("byline", "lead", "para_start", "para_cont", "title_cont")])


def emissions(features: list[list[str]], weights: Weights) -> list[list[float]]:
    """Per line, the score of each label: the sum of its features' weights."""
    table = weights.table
    width = len(next(iter(table.values()), ()))
    zero = (0.0,) * width           # the sum starts at 0.0 and adds the weights in feature order
    pad = [0.0] * (len(LABELS) - width)     # labels without weights: what their sum would be
    get = table.get
    # (filter drops the features without weights, for which get gives None)
    return [list(map(sum, zip(zero, *filter(None, map(get, fs))))) + pad for fs in features]


# Scores at or below this are NEG plus path weights: a label no path may take there. Sums of
# weights stay far from it (weights are tens, a page has thousands of lines, not 1e16).
DEAD = NEG / 2


def viterbi(lines: list[Line], features: list[list[str]], weights: Weights) -> list[str]:
    """The best label sequence for a page."""
    n = len(lines)
    if n == 0:
        return []
    emit = emissions(features, weights)
    k = len(LABELS)
    trans_to = weights.trans_to
    score = [NEG] * k
    prev_ids = allowed(lines[0], features[0])
    for b in prev_ids:
        if b == QUOTE_ATTR and not ATTRIBUTION.match(lines[0].text):
            continue
        score[b] = weights.trans.get(("<s>", LABELS[b]), 0.0) + emit[0][b]
    # The best predecessor of each label, by branch and bound: the labels the line before
    # allows (the others have score NEG there, and lose), best score first; the search stops
    # where the next score plus the highest weight into the label falls short of the best sum
    # found, which on most lines is after two or three labels, not a dozen. A tie goes to the
    # lowest label, as list.index finds it. A label no allowed one leads to but through NEG is
    # decided over the whole column, as it always was.
    tops_by_ids: dict[tuple[int, ...], list[float]] = {}    # per set of allowed labels (a handful)
    back: list[list[int]] = []
    ids_of = list(map(allowed, lines, features))
    for i in range(1, n):
        row = emit[i]
        new = [NEG] * k
        ptr = [0] * k
        tops = tops_by_ids.get(prev_ids)
        if tops is None:
            tops = tops_by_ids[prev_ids] = [max(trans_to[b][a] for a in prev_ids) for b in range(k)]
        # Sorted by score alone (floats compare fast; tuples of score and label do not): the
        # order of labels with equal scores changes nothing, since the search below goes on
        # through every score that could tie, and a tie goes to the lowest label wherever
        # it stands.
        ranked = sorted(prev_ids, key=score.__getitem__, reverse=True)
        # The first of `ranked` is always taken; the search goes on only when the second could
        # beat it (written out: most labels stop there, and a loop costs more to start).
        a0, rest = ranked[0], ranked[1:]
        s0 = score[a0]
        s1 = score[rest[0]] if rest else 0.0
        ids = ids_of[i]
        # A box's label goes on to a second line only from a line it fills (it wrapped).
        label_ended = QUOTE_LABEL in ids and FILLED.isdisjoint(features[i - 1])
        for b in ids:
            if b == QUOTE_LABEL and label_ended:
                vals = [v + t if a != QUOTE_LABEL else NEG for a, (v, t) in enumerate(zip(score, trans_to[b]))]
                best = max(vals)
                ptr[b], new[b] = vals.index(best), best + row[b]
                continue
            if b == QUOTE_ATTR and not ATTRIBUTION.match(lines[i].text):
                # An attribution opens with a dash; a line without one only continues one
                # that has not ended.
                if not ends_sentence(lines[i - 1].text.strip()):
                    ptr[b], new[b] = b, score[b] + trans_to[b][b] + row[b]
                continue
            into, top = trans_to[b], tops[b]
            best, arg = s0 + into[a0], a0
            if rest and s1 + top >= best:
                for a in rest:
                    s = score[a]
                    if s + top < best:
                        break
                    v = s + into[a]
                    if v > best or v == best and a < arg:
                        best, arg = v, a
            if best <= DEAD:
                vals = list(map(add, score, into))
                best = max(vals)
                arg = vals.index(best)
            ptr[b] = arg
            new[b] = best + row[b]
        score = new
        prev_ids = ids
        back.append(ptr)
    last = score.index(max(score))
    path = [last]
    for ptr in reversed(back):
        path.append(ptr[path[-1]])
    path.reverse()
    return [LABELS[b] for b in path]


def label_lines(lines: list[Line], weights: Weights | None = None) -> list[str]:
    return label_view(PageView.of(lines), weights)


def label_view(view: PageView, weights: Weights | None = None) -> list[str]:
    """label_lines, for a page whose PageView is made already."""
    labels = viterbi(view.lines, view_features(view), weights or default_weights())
    labels = promote_story_starts(view, labels)     # a second look, paragraph by paragraph
    labels = dated_paragraph_opens_a_story(view, same_story_goes_on(view, labels))
    labels = guide_entries_run_back_to_the_last_pointer(view, labels)
    return quotation_runs_back_from_its_attribution(view, labels)


# A story boundary is where the words change: text that repeats this much of the lines just
# before it goes on with their story (on the corpus no lead after body text reaches 0.3,
# and only one later paragraph in a hundred does).
SAME_STORY_COHESION = 0.3
BODY = ("lead", "para_start", "para_cont")


def same_story_goes_on(view: PageView, labels: list[str]) -> list[str]:
    """A lead right after body text, whose words that text keeps repeating, is a later
    paragraph of the same story (a chronicle whose paragraphs all open with a date)."""
    out = list(labels)
    for i in range(1, len(out)):
        if out[i] == "lead" and out[i - 1] in BODY and view.cohesions[i] >= SAME_STORY_COHESION \
                and not view.datelines[i]:      # (a dateline opens a story, whatever its words)
            out[i] = "para_start"
    return out


# A paragraph opening with a date (`8月27日上午，…`) or a dateline, after body text whose
# words it does not go on with, is a story's lead: news stories open so, a story's later
# paragraphs seldom do (on seven train-split dev sets, of the 64 lines the labeller took for
# such a later paragraph's first, 56 were leads, 8 lines inside a paragraph, none a later
# paragraph's first).
def dated_paragraph_opens_a_story(view: PageView, labels: list[str]) -> list[str]:
    """A paragraph after body text that opens with a date or a dateline and shares less
    than SAME_STORY_COHESION of the words of the lines before it opens a story (the
    counterpart of same_story_goes_on)."""
    out = list(labels)
    for i in range(1, len(out)):
        if out[i] == "para_start" and out[i - 1] in BODY and view.cohesions[i] < SAME_STORY_COHESION \
                and (view.datelines[i] or DATED_OPENING.match(view.rows[i].compact)):
            out[i] = "lead"
    return out


OPENING_MARKS = "《〈“「『（("


def dashed_words(text: str) -> bool:
    """An attribution set after its quotation: a dash and then words (`——习近平在…`, or a
    publication's name, `——《某某日报》评论员文章`), not a folio (`— 3 —`)."""
    rest = text.lstrip()
    return rest.startswith("——") and is_cjk(rest[2:].lstrip().lstrip(OPENING_MARKS)[:1] or " ")


# What the lines of a guide entry may have been read as (a short line of a title), or are.
ENTRY_LINES = frozenset(("guide_entry", "title", "title_cont", "para_start", "para_cont", "lead"))


def guide_entries_run_back_to_the_last_pointer(view: PageView, labels: list[str]) -> list[str]:
    """In a guide box every entry ends on its page pointer (`刊2版►`), so the lines between
    two pointers are the second entry, however they read alone (a wrapped entry's pieces look
    like a title's): title-like lines there, ending no sentence, are guide entries."""
    out = list(labels)
    lines = view.lines
    last_mark = None
    for i, label in enumerate(out):
        if label == "guide_label":
            last_mark = None        # a new box
        elif label == "guide_mark":
            between = range(last_mark + 1, i) if last_mark is not None else range(0)
            if between and all(out[k] in ENTRY_LINES and lines[k].kind == "text"
                               and not ends_sentence(lines[k].text.strip()) for k in between):
                for k in between:
                    out[k] = "guide_entry"
            last_mark = i
        elif label not in ENTRY_LINES:
            last_mark = None        # the box has ended
    return out


# What the lines of a quotation may have been read as, when its box's label went unseen.
QUOTATION_READ_AS = frozenset(("quote_text", "para_cont", "para_start", "lead", "guide_entry", "title", "title_cont"))
LABEL_READ_AS = frozenset(("para_start", "para_cont", "lead", "title", "other", "guide_label"))
QUOTE_LABEL_WIDTH = 12


def quotation_runs_back_from_its_attribution(view: PageView, labels: list[str]) -> list[str]:
    """A quote box reads quotation, then attribution. Where the labeller took a box's label
    or quotation for a story's text (a label it has not met, a quotation of several
    sentences), the attribution still marks the box: a dashed line read as page furniture or
    a byline is an attribution (with the lines it runs on to), the paragraph right above an
    attribution is its quotation, and a short title-like line right above that is the box's
    label."""
    out = list(labels)
    lines = view.lines
    for i in range(1, len(out)):
        if out[i] in ("other", "byline") and out[i - 1] != "quote_attr" and dashed_words(lines[i].text):
            out[i] = "quote_attr"
            k = i + 1
            while k < len(out) and out[k] in ("other", "byline") and lines[k].kind == "text" \
                    and not lines[k].blank_before and not ends_sentence(lines[k - 1].text.strip()):
                out[k] = "quote_attr"       # the attribution runs on
                k += 1
        if out[i] != "quote_attr" or out[i - 1] in ("quote_attr", "quote_label"):
            continue
        # Up from the attribution to the line that opens the quotation's paragraph.
        start, j = None, i - 1
        while j >= 0 and out[j] in QUOTATION_READ_AS and lines[j].kind == "text":
            start = j
            if out[j] in ("lead", "para_start", "title") or lines[j].blank_before or lines[j].frame_start:
                break
            j -= 1
        if start is None:
            continue
        if start < i - 1 and quote_label_like(view, start):
            start += 1      # the paragraph opened with the box's label, read as its first line
        out[start:i] = ["quote_text"] * (i - start)
        above = start - 1
        if above >= 0 and out[above] in LABEL_READ_AS and quote_label_like(view, above):
            out[above] = "quote_label"
    return out


def quote_label_like(view: PageView, i: int) -> bool:
    """A quote box's label: a short title-like line that ends no sentence."""
    row = view.rows[i]
    return row.title_shape and row.width <= QUOTE_LABEL_WIDTH and not ends_sentence(view.lines[i].text.strip())

