"""Pango's line breaks, asked directly, must be the ones WeasyPrint lays out."""
from __future__ import annotations

import html

import pytest

from edition import read_issue
from edition.render.linebreak import PX_PER_PT, LineBreaker
from edition.render.punctuation import compressed_punctuation, halved, unbreakable

FAMILY = "Noto Serif CJK SC,serif"
MIXED = ("ABC 12345 hello world，“测试”引号。——破折号……省略号、（括号）《书名》2025年3月13日，GDP增长5.2%。"
         "网址https://www.example.com/a/very/long/path/that/cannot/fit/in/one/column/index.html见附件。"
         "Pneumonoultramicroscopicsilicovolcanoconiosis一词很长。") * 3
# Punctuation pairs, which are set half width (punctuation.py) where lines are counted and drawn.
PAIRS = "他说：“开放是活力之源。”这是“第一要务”、“第二要务”（见附件）。《条例》（草案）。8月26日有15家。" * 6


def weasyprint_line_counts(paragraphs: list[str], pt: float, width_mm: float) -> list[int]:
    """Lines of each paragraph as WeasyPrint lays them out, punctuation compressed as in the PDF."""
    from weasyprint import HTML
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    with compressed_punctuation():
        doc = HTML(string=f"<html lang='zh-CN'><style>@page{{size:A3;margin:0}} body{{margin:0;width:{width_mm}mm;"
                   f"font-family:'Noto Serif CJK SC',serif;font-size:{pt}pt;line-height:1.4;text-align:justify}}"
                   f"p{{margin:0;text-indent:2em;orphans:1;widows:1;overflow-wrap:anywhere}}</style><body>{body}</body></html>").render()
    counts: dict[object, int] = {}

    def walk(box):
        yield box
        for child in getattr(box, "children", ()):
            yield from walk(child)
    for page in doc.pages:          # a paragraph may run over a page: count its pieces together
        for box in walk(page._page_box):
            if type(box).__name__ == "BlockBox" and getattr(box, "element_tag", None) == "p":
                counts[box.element] = counts.get(box.element, 0) + sum(
                    type(c).__name__ == "LineBox" for c in box.children)
    return list(counts.values())


@pytest.mark.parametrize("pt", [9.0, 10.0])
def test_predicted_line_counts_match_weasyprint(seed_paths, pt):
    paragraphs = [p for a in read_issue(list(seed_paths), title="x").articles() for p in a.paragraphs] + [MIXED, PAIRS]
    width_mm = (277 - 5 * 4) / 6
    breaker = LineBreaker(FAMILY, pt)
    predicted = [len(breaker.line_starts(p, width_mm * 96 / 25.4, 2 * pt * PX_PER_PT)) for p in paragraphs]
    assert predicted == weasyprint_line_counts(paragraphs, pt, width_mm)


def test_line_starts_cover_the_text_in_order():
    breaker = LineBreaker(FAMILY, 10)
    starts = breaker.line_starts(MIXED, 160, 26)
    assert starts[0] == 0 and starts == sorted(set(starts)) and starts[-1] < len(MIXED)
    assert len(starts) > 5
    assert breaker.line_starts("", 160) == [0]
    # a narrower first line never holds more than the others
    plain = "区里举行春季植树活动" * 10
    indented = breaker.line_starts(plain, 160, 26)
    assert indented[1] < breaker.line_starts(plain, 160)[1]


def test_punctuation_pairs_set_half_width():
    assert halved("汉。”汉") == [1]            # a closing mark before another mark
    assert halved("“战略胜地”、区位") == [5]
    assert halved("（见附件）。") == [4]
    assert halved("他说，“好”") == [2]
    assert halved("（“第一”）") == [1, 4]       # the second of two opening marks; a closing before a closing
    assert halved("汉，汉。") == [] and halved("“汉”") == []
    assert unbreakable("附件。（草案）") == [2]  # a closing before an opening bracket stays on its line
    assert unbreakable("他说，“好”") == []       # no break next to a quote mark anyway
    assert unbreakable("8月26日，增长15%") == [0, 3]   # a number keeps its unit
    assert unbreakable("青听·16日") == [1, 2, 4]       # a middle dot stays with both neighbours


def test_compressed_pairs_are_narrower():
    breaker = LineBreaker(FAMILY, 10)
    em = breaker.size_px
    assert abs(breaker.width("汉。”汉") - 3.5 * em) < 0.05 * em
    assert abs(breaker.width("汉，汉") - 3 * em) < 0.05 * em


def test_han_latin_boundaries():
    from edition.render.autospace import boundaries
    assert boundaries("8月26日上午") == [1, 2, 4]
    assert boundaries("GDP增长5.2%。") == [3, 5]
    assert boundaries("2025 年") == [] and boundaries("，3") == [] and boundaries("汉字") == []


def test_the_marks_set_on_a_layout_are_those_of_its_text():
    """`punctuation._marks` (kept for texts WeasyPrint sets again) gives, as UTF-8 offsets,
    exactly the characters `halved`, `unbreakable` and `reserving` name, whatever was asked
    before it."""
    from edition.render.punctuation import _marks, reserving
    texts = ["他说：“好。”（完）3月·A版共15家，“青听·16日”。", "中国GDP增长5.2%，", "无标点", "）。（《“", ""]
    for text in texts * 2:
        data = text.encode("utf-8")

        def chars(places):
            return [data[a:b].decode("utf-8") for a, b in places]
        for autospace in (False, True):
            half, whole, reserved = _marks(text, autospace)
            assert chars(half) == [text[i] for i in halved(text)]
            assert chars(whole) == [text[i:i + 2] for i in unbreakable(text)]
            assert chars(reserved) == ([text[i] for i in reserving(text)] if autospace else [])
    assert _marks(texts[0], True)[0] and _marks(texts[0], True)[1] and _marks(texts[1], True)[2]
