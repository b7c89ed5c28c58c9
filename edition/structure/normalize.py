"""Character classes, width measure, and punctuation/spacing normalisation of CJK text.

Extractors emit ASCII `, ( ) ! : ; ?` between Chinese characters where print had
full-width forms, and stray spaces inside dates and numbers (`8月 26日`). We restore
the print forms next to CJK text and leave Latin text, decimals and codes alone.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache


def is_cjk(ch: str) -> bool:
    """A Han character (BMP and supplementary planes) or a kana/hangul letter."""
    o = ord(ch)
    return (0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF
            or 0x3040 <= o <= 0x30FF or 0xAC00 <= o <= 0xD7AF)


# The same classes as regular expressions, for counting over whole texts at C speed: the
# complement of the wide ones, since removing what is not wide and measuring what is left
# counts the same characters as findall, several times faster (findall makes a string per
# character). It keeps line ends: run once over many lines joined by "\n" and split again,
# it measures each line without a call per line; for one text, the line ends left are
# dropped or not counted. A class spanning the Han and Hangul blocks costs the compiler a
# millisecond and a half (it walks every code point): this is the only one, compiled when
# first used; the CJK characters are the wide ones without the wide punctuation, which is
# none of them (is_wide: is_cjk or is_wide_punct), so they need no class of their own.
NOT_WIDE_IN_LINES = ("[^\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff\u3040-\u30ff\uac00-\ud7af"
                     "\u3000-\u303f\uff00-\uff65“”‘’—…·\n]+")
WIDE_PUNCT = "[\u3000-\u303f\uff00-\uff65“”‘’—…·]+"
SPACE_RE = re.compile(r"\s")
SPACE_RUN_RE = re.compile("[ \u3000]+")
ASCII_PUNCT_RE = re.compile(r"[(),!:;?]")
SPACE_IN_LINES_RE = re.compile(r"[^\S\n]+")


@cache
def not_wide_in_lines_re() -> re.Pattern[str]:
    return re.compile(NOT_WIDE_IN_LINES)


@cache
def wide_punct_re() -> re.Pattern[str]:
    return re.compile(WIDE_PUNCT)


def cjk_of_wide(wide: str) -> str:
    """The CJK characters (and line ends) of what not_wide_in_lines_re left of a text."""
    return wide_punct_re().sub("", wide)


def cjk_only(text: str) -> str:
    """The CJK characters of a text, in order (what findall of one CJK character finds, joined)."""
    return cjk_of_wide(not_wide_in_lines_re().sub("", text)).replace("\n", "")


def cjk_counts(text: str) -> Counter[str]:
    """Counter(cjk_only(text)), the same counts in the same order: counting every character
    and keeping the CJK ones is quicker over a whole issue than removing the others first."""
    return Counter({ch: n for ch, n in Counter(text).items() if is_cjk(ch)})


# --- Han classes that compile cheaply ------------------------------------------------------
# A class spanning the Han block makes the regular expression compiler walk its 27,648 code
# points, a millisecond or so each time; a class of scattered characters (the role words'
# and provinces' ones) costs it a bitmap. Patterns that want "any Han character" beside Han
# characters they spell out (role words, provinces, 本报讯) are compiled for folded text
# instead. Folding turns each Han character they spell out into a code point of its own right
# after FOLD, in the patterns and in the text alike, and every other Han character into FOLD:
# "any Han character" becomes the short range from FOLD to the last of those code points.
# Folding keeps each character's position, so the span of a match in the folded text is its
# span in the text.
HAN = r"\u3400-\u9fff"      # the Han block, as patterns spell it inside a class
FOLD = "\u3400"             # 㐀


class HanFolding:
    """The folding for a few patterns, made from their sources: `compile` compiles one of them
    (its classes saying HAN for any Han character) for folded text, `fold` folds a text."""

    def __init__(self, *sources: str) -> None:
        spelled = sorted({c for source in sources for c in source if "\u3400" <= c <= "\u9fff"})
        self.codes = {c: chr(ord(FOLD) + 1 + k) for k, c in enumerate(spelled)}
        self._spell = str.maketrans(self.codes)
        self._any_han = f"{FOLD}-{chr(ord(FOLD) + len(spelled))}"

    def compile(self, source: str) -> re.Pattern[str]:
        return re.compile(source.translate(self._spell).replace(HAN, self._any_han))

    def fold(self, text: str) -> str:
        # Character by character: the few short strings that get this far (cheap tests come
        # first) cost less than a regular expression over the whole Han block to compile.
        codes = self.codes
        return "".join(codes.get(c, FOLD) if "\u3400" <= c <= "\u9fff" else c for c in text)


def is_wide_punct(ch: str) -> bool:
    """Full-width CJK punctuation: 。，、；：？！“”‘’（）《》【】—…·"""
    o = ord(ch)
    return (0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFF65 or ch in "“”‘’—…·")


def is_wide(ch: str) -> bool:
    return is_cjk(ch) or is_wide_punct(ch)


def display_width(text: str) -> float:
    """Printed width in em: CJK and full-width characters 1, others ½, spaces 0."""
    kept = not_wide_in_lines_re().sub("", text)
    wide = len(kept) - kept.count("\n")
    spaces = len(SPACE_RE.findall(text))
    return wide + 0.5 * (len(text) - wide - spaces)


# (A source, compiled by `re` when first searched: structuring asks features.ends_sentence.)
SENTENCE_END = r"[。！？!?…]+[”’」』）)\]]*$"


def ends_sentence(text: str) -> bool:
    """True when the line closes a sentence (。！？ or … possibly inside closing quotes)."""
    return bool(re.search(SENTENCE_END, text.rstrip()))


FULLWIDTH = {",": "，", "!": "！", ":": "：", ";": "；", "?": "？", "(": "（", ")": "）"}


def _touches_cjk(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return bool(before and is_wide(before)) or bool(after and is_wide(after))


def fullwidth_punctuation(text: str) -> str:
    """Turn ASCII punctuation that touches CJK text into its full-width form.

    `3:30` and `1,000` stay as they are (digits on both sides); brackets convert as a
    pair when either of them touches CJK text.
    """
    if not ASCII_PUNCT_RE.search(text):
        return text     # the usual case: nothing to convert, skip the walk over every character
    chars = list(text)
    open_stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            open_stack.append(i)
        elif ch == ")" and open_stack:
            j = open_stack.pop()
            if _touches_cjk(text, i) or _touches_cjk(text, j):
                chars[i], chars[j] = "）", "（"
        elif ch in ",!:;?":
            before = text[i - 1] if i > 0 else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if before.isdigit() and after.isdigit():
                continue
            if is_wide(before or "a") or (is_wide(after or "a") and not before.isalnum()):
                chars[i] = FULLWIDTH[ch]
    return "".join(chars)


def remove_cjk_spaces(text: str) -> str:
    """Drop spaces that stand next to CJK text (`8 月 27 日` → `8月27日`)."""
    # A run of spaces has one character before it and one after it: the whole run goes
    # when either of them is missing (the text's ends) or wide.
    def run(m: re.Match[str]) -> str:
        start, end = m.span()
        if start == 0 or end == len(text) or is_wide(text[start - 1]) or is_wide(text[end]):
            return ""
        return m.group(0)
    return SPACE_RUN_RE.sub(run, text)


def normalize_body(text: str) -> str:
    """Print forms for a body paragraph, quote or byline-free text."""
    return remove_cjk_spaces(fullwidth_punctuation(text)).strip()


def normalize_title(text: str) -> str:
    """Print forms for a title line: punctuation only; its deliberate spaces stay."""
    text = fullwidth_punctuation(text)
    return re.sub(r"[ \u3000]+", " ", text).strip()


def join_wrapped(left: str, right: str) -> str:
    """Join two wrapped lines: no space for CJK, one space between two Latin words."""
    if not left:
        return right
    if not right:
        return left
    a, b = left[-1], right[0]
    if a.isascii() and a.isalpha() and b.isascii() and b.isalpha():
        return f"{left} {right}"
    return left + right
