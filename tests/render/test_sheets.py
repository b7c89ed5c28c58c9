"""Sheet planning: exact module heights, splits at line boundaries, continuation sheets."""
from __future__ import annotations

import math
from collections import defaultdict

from edition import structure_text
from edition.model import Article, Byline, Credit, Edition, Issue, Page
from edition.render.context import issue_context
from edition.render.sheets import (SPARE_MM, Geometry, Heights, ModuleSpec, Typeset, plan_sheets,
                                   sheet_fill, split_body)

GEO = Geometry(297, 420, (10, 10, 16, 10), 6, 4.0, 40, 16, ((10.0, 1.45), (9.0, 1.3)))
FRAME_MM = 20.0


class FixedWidthBreaker:
    """A stand-in for Pango: `per_line` characters a line, two fewer on an indented first line."""

    def __init__(self, per_line: int = 12):
        self.per_line = per_line

    def line_starts(self, text: str, width_px: float, indent_px: float = 0.0) -> list[int]:
        first = self.per_line - (2 if indent_px else 0)
        if len(text) <= first:
            return [0]
        return [0] + list(range(first, len(text), self.per_line))


def heights(ts: Typeset = Typeset(10, 1.45), slack: dict[str, int] | None = None) -> Heights:
    return Heights(defaultdict(lambda: FRAME_MM), ts, FixedWidthBreaker(), GEO.grid(False).column_width, slack)


def article(paragraphs: list[str]) -> ModuleSpec:
    item = {"type": "article", "id": "p1-1", "paragraphs": paragraphs, "jump_to": None}
    return ModuleSpec(anchor="p1-1", item=item, span=2,
                      paragraphs=[{"text": p, "cont": False} for p in paragraphs])


def test_height_is_frame_plus_lines_per_column():
    h = heights()
    spec = article(["字" * 50, "字" * 25])      # 5 + 3 lines (indented first lines hold 10)
    assert h.lines(spec) == 8
    for span in (1, 2, 3):
        expected = FRAME_MM + math.ceil(8 / span) * h.ts.line + SPARE_MM
        assert abs(h.height(spec, span) - expected) < 1e-9


def test_slack_adds_a_line_a_column_and_takes_it_from_capacity():
    spec = article(["字" * 50])
    tight, loose = heights(), heights(slack={"p1-1": 1})
    assert abs(loose.height(spec, 2) - tight.height(spec, 2) - tight.ts.line) < 1e-9
    assert loose.capacity(spec, 2, 100) == tight.capacity(spec, 2, 100) - 2


def test_split_body_cuts_at_a_line_boundary_and_keeps_every_character():
    h = heights()
    paragraphs = [{"text": f"{k}" + "甲乙丙丁戊己庚辛壬癸" * 4, "cont": False} for k in range(5)]
    first, rest = split_body(paragraphs, 7, h.starts)
    assert sum(len(h.starts(p)) for p in first) == 7
    assert "".join(p["text"] for p in first + rest) == "".join(p["text"] for p in paragraphs)
    assert first[-1].get("broken") and rest[0]["cont"]
    # the cut piece's lines are the original's remaining lines
    whole = h.starts(paragraphs[1])
    assert len(h.starts(first[-1])) + len(h.starts(rest[0])) == len(whole)


def test_split_body_at_a_paragraph_end_breaks_nothing():
    h = heights()
    paragraphs = [{"text": "字" * 10, "cont": False}, {"text": "字" * 10, "cont": False}]
    first, rest = split_body(paragraphs, 1, h.starts)
    assert first == paragraphs[:1] and rest == paragraphs[1:]


def long_page() -> list[dict]:
    body = "\n\n".join(f"第{i}段，区里举行春季植树活动，志愿者种下银杏树苗三百棵，大家干劲十足。" * 4 for i in range(1, 90))
    issue = structure_text(f"春季植树活动举行\n\n记者 张三\n\n{body}\n\n社区图书馆开放\n\n记者 李四\n\n新建的社区图书馆开放。",
                           title="测试报")
    return issue_context(issue, href=lambda a: f"#{a}")["pages"]


def test_an_overflowing_page_continues_on_linked_sheets_with_all_its_text():
    pages = long_page()
    sheets = plan_sheets(pages, [heights()], GEO)
    assert len(sheets) >= 2 and sheets[0]["first"] and all(s["continued"] for s in sheets[1:])
    modules = [m for s in sheets for m in s["modules"]]
    story = pages[0]["contents"][0]
    parts = [m for m in modules if m.item["id"] == story["id"]]
    assert parts[0].part == "first" and parts[-1].part == "cont"
    for a, b in zip(parts, parts[1:]):      # each part names the next, and the next points back
        assert a.next_anchor == b.anchor and b.back_anchor == a.anchor
        assert a.next_page == b.back_page + 1
    assert "".join(p["text"] for m in parts for p in m.paragraphs) == "".join(story["paragraphs"])


def test_planned_modules_stay_inside_the_sheet_and_do_not_overlap():
    for sheet_no, sheet in enumerate(plan_sheets(long_page(), [heights(Typeset(9, 1.3))], GEO)):
        grid = GEO.grid(front=sheet_no == 0)
        boxes = [(m.left, m.top, m.left + m.width, m.top + m.height) for m in sheet["modules"]]
        for box in boxes:
            assert box[0] >= 0 and box[2] <= grid.width + 0.01 and box[3] <= grid.height + 0.01
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert a[2] <= b[0] + 0.01 or b[2] <= a[0] + 0.01 or a[3] <= b[1] + 0.01 or b[3] <= a[1] + 0.01


def test_a_split_part_holds_exactly_what_its_body_height_fits():
    h = heights()
    for sheet in plan_sheets(long_page(), [h], GEO):
        for m in sheet["modules"]:
            if m.part in ("first", "cont-first"):
                per_column = int((m.body_height + 1e-6) / h.ts.line)
                assert h.lines(m) <= per_column * m.span


def test_sheets_are_full_before_a_page_continues_and_a_cut_story_reaches_the_foot():
    story = "\n\n区里举行第{k}次植树活动\n\n记者 张三\n\n" + "3月12日，区里举行春季植树活动，志愿者种下银杏树苗三百棵。\n\n" * 8
    issue = structure_text("".join(story.replace("{k}", str(k)) for k in range(30)), title="测试报")
    pages = issue_context(issue, href=lambda a: f"#{a}")["pages"]
    for sheets in (plan_sheets(pages, [heights()], GEO), plan_sheets(long_page(), [heights()], GEO)):
        assert len(sheets) >= 2
        for k, sheet in enumerate(sheets[:-1]):
            grid = GEO.grid(front=k == 0)
            assert sheet_fill(sheet, grid) > 0.85, k
            for m in sheet["modules"]:
                if m.part in ("first", "cont-first"):
                    assert abs(m.top + m.height - grid.height) < 0.05


def test_sheet_fill_is_the_mean_depth_of_the_columns():
    grid = GEO.grid(front=False)
    half = ModuleSpec(anchor="a", item={"type": "article", "id": "a"}, span=3, left=0.0, top=0.0, height=grid.height)
    assert abs(sheet_fill({"modules": [half]}, grid) - 0.5) < 1e-9
    banner = ModuleSpec(anchor="b", item={"type": "article", "id": "b"}, span=6, left=0.0, top=0.0,
                        height=grid.height / 4)
    assert abs(sheet_fill({"modules": [banner]}, grid) - 0.25) < 1e-9


def page_of(stories: list[int], title: str = "区里举行第{k}次植树活动") -> list[dict]:
    """One page of stories of the given numbers of paragraphs of one sentence each (about 3
    lines each with FixedWidthBreaker), made as a model: sheet planning is what is tested,
    not how the structurer reads text this alike."""
    byline = Byline(text="记者 张三", credits=(Credit(role="记者", name="张三"),))
    items = tuple(Article(id=f"p1-{k + 1}", headline=title.replace("{k}", str(k)), byline=byline, paragraphs=tuple(
        f"第{k}篇第{i}段，区里举行春季植树活动，志愿者种下银杏树苗三百棵，大家干劲十足。" for i in range(n)))
        for k, n in enumerate(stories))
    issue = Issue(edition=Edition(title="测试报"), pages=(Page(number=1, items=items),))
    return issue_context(issue, href=lambda a: f"#{a}")["pages"]


def test_a_story_runs_only_as_wide_as_keeps_its_columns_deep():
    from edition.render.sheets import DEEP_LINES, spans_for
    spec = article(["字" * 50])
    assert spans_for(spec, 6) == [2, 3]                       # without a line count: the page's own spans
    assert spans_for(spec, 6, lines=6 * DEEP_LINES) == [2, 3, 4, 5, 6]
    assert spans_for(spec, 6, lines=3 * DEEP_LINES) == [2, 3]
    assert spans_for(spec, 6, lines=10) == [2]                # too short for any: the narrowest
    spec.part = "cont"                                        # a story's rest may stand in one column
    assert spans_for(spec, 6, continued=True, lines=10) == [1]
    assert spans_for(spec, 6, continued=True, lines=2 * DEEP_LINES) == [1, 2]


def test_a_page_that_runs_over_fills_both_its_sheets_and_keeps_every_column_deep():
    """Thirteen stories, about one and two thirds of a sheet: stories go on whole to the
    continuation sheet until both sheets are well filled, no story there stands in shallow
    columns (planned before, the continuation sheet was 92% full, its six stories strips of 2
    to 9 lines across the sheet), and a story is cut only at the foot of a sheet that is full."""
    from edition.render.sheets import MIN_REST_LINES, MIN_SPLIT_MM, column_feet
    h = heights(Typeset(10, 1.45))
    pages = page_of([18, 14, 6, 10, 16, 9, 12, 7, 15, 11, 13, 8, 14])
    sheets = plan_sheets(pages, [h], GEO)
    assert len(sheets) == 2
    fills = [sheet_fill(s, GEO.grid(front=k == 0)) for k, s in enumerate(sheets)]
    assert min(fills) > 0.7, fills
    for m in sheets[1]["modules"]:
        assert math.ceil(h.lines(m) / m.span) >= MIN_REST_LINES, (m.anchor, m.span, h.lines(m))
    if any(m.part == "first" for m in sheets[0]["modules"]):
        assert min(column_feet(sheets[0], GEO.grid(front=True))) > GEO.grid(front=True).height - MIN_SPLIT_MM
    placed = [m.item["id"] for s in sheets for m in s["modules"] if m.part in ("whole", "first")]
    assert sorted(placed) == sorted(it["id"] for it in pages[0]["contents"])
    assert pages[0]["contents"][0]["id"] in [m.item["id"] for m in sheets[0]["modules"]]   # the page's lead stays


def test_a_short_story_is_not_left_for_the_continuation_sheet():
    """A story too short to stand two columns MIN_REST_LINES deep is placed before the story
    cut at the sheet's foot rather than wait for the continuation sheet."""
    from edition.render.sheets import MIN_REST_LINES
    h = heights(Typeset(10, 1.45))
    pages = page_of([44, 40, 40, 36, 3])
    sheets = plan_sheets(pages, [h], GEO)
    assert len(sheets) == 2
    short = pages[0]["contents"][-1]["id"]
    assert short in [m.item["id"] for m in sheets[0]["modules"]]
    assert all(h.lines(m) >= 2 * MIN_REST_LINES for m in sheets[1]["modules"] if m.part == "whole")


def test_balancing_keeps_whole_a_story_it_would_cut_on_a_sheet_with_room():
    """Five stories, about one and a half sheets: holding the last two over, the packer
    would cut the second story on the page's own sheet beside room left (a jump a reader
    would ask about), so that hold was dropped and the continuation sheet stayed 70% full.
    Now that story is tried whole, after the sheet's other stories (under them): both
    sheets are over three quarters full, and nothing is cut."""
    h = heights(Typeset(10.5, 1.65))
    pages = page_of([19, 38, 8, 49, 21])
    sheets = plan_sheets(pages, [h], GEO)
    assert len(sheets) == 2
    fills = [sheet_fill(s, GEO.grid(front=k == 0)) for k, s in enumerate(sheets)]
    assert min(fills) > 0.75, fills
    assert all(m.part == "whole" for s in sheets for m in s["modules"])
    ids = [it["id"] for it in pages[0]["contents"]]
    assert [m.item["id"] for m in sheets[0]["modules"]] == [ids[0], ids[2], ids[1]]
