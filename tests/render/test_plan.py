from edition.render.plan import Choice, Grid, Module, best_position, pack_best, pack_sheet

GRID = Grid(columns=6, width=277, height=350, gutter=4)


def test_grid_geometry_adds_up():
    assert abs(GRID.span_width(6) - 277) < 1e-9
    assert abs(GRID.x(3) - (GRID.column_width + 4) * 3) < 1e-9


def test_modules_go_where_they_sit_highest_in_reading_order():
    placed, left = pack_sheet([Module("lead", 4, 100), Module("side", 2, 80), Module("next", 2, 50)], GRID)
    pos = {p.key: (p.column, p.top) for p in placed}
    assert not left
    assert pos["lead"] == (0, 0) and pos["side"] == (4, 0)
    assert pos["next"][0] == 4 and pos["next"][1] > 80      # under the shorter column


def test_what_does_not_fit_is_left_for_the_next_sheet():
    placed, left = pack_sheet([Module("a", 6, 300), Module("b", 6, 100)], GRID)
    assert [p.key for p in placed] == ["a"] and [m.key for m in left] == ["b"]


def test_a_long_story_is_split_and_its_rest_carried_over():
    placed, left = pack_sheet([Module("a", 6, 200), Module("long", 3, 500, splittable=True)], GRID)
    split = next(p for p in placed if p.key == "long")
    assert split.split and split.top + split.height <= GRID.height
    assert left[0].key == "long" and left[0].height == 500 - split.height


def test_nothing_overlaps():
    modules = [Module(f"m{i}", 2 + i % 2, 40 + 13 * i) for i in range(8)]
    placed, _ = pack_sheet(modules, GRID)
    for a in placed:
        for b in placed:
            if a is b:
                continue
            cols = set(range(a.column, a.column + a.span)) & set(range(b.column, b.column + b.span))
            rows = a.top < b.top + b.height and b.top < a.top + a.height
            assert not (cols and rows), (a, b)


def test_best_position_prefers_leftmost_on_ties():
    assert best_position([0, 0, 0, 0], 2) == (0, 0)
    assert best_position([50, 0, 0, 10], 2) == (1, 0)


def test_a_story_is_split_into_any_room_its_minimum_allows():
    placed, left = pack_sheet([Module("a", 6, 300), Module("b", 6, 200, splittable=True, min_height=40)], GRID)
    split = next(p for p in placed if p.key == "b")
    assert split.split and abs(split.height - (GRID.height - 300 - 4)) < 1e-9
    placed, left = pack_sheet([Module("a", 6, 320), Module("b", 6, 200, splittable=True, min_height=40)], GRID)
    assert [p.key for p in placed] == ["a"] and left[0].height == 200     # 26 mm is too little: it waits


def test_pack_best_finds_the_spans_that_hold_everything():
    """Placed in order, taking each module at its first span, the box at the end would not fit;
    at other spans everything does."""
    choices = [Choice("lead", {6: 80}), Choice("a", {2: 260, 3: 180, 4: 140}), Choice("b", {2: 240, 3: 165}),
               Choice("box", {2: 40})]
    placed, left = pack_best(choices, GRID)
    assert left == [] and {p.key for p in placed} == {"lead", "a", "b", "box"}
    assert max(p.top + p.height for p in placed) <= GRID.height


def test_pack_best_leaves_no_hole_under_a_module_when_it_need_not():
    """A narrow box first, then a story that could go full width under it (leaving the columns
    beside the box empty above it) or beside it: beside it."""
    placed, left = pack_best([Choice("box", {2: 50}), Choice("story", {4: 120, 6: 80})], GRID)
    story = next(p for p in placed if p.key == "story")
    assert not left and story.span == 4 and story.top == 0


def test_pack_best_cuts_a_story_into_the_room_at_the_foot_when_the_sheet_is_full():
    choices = [Choice("a", {6: 200}), Choice("long", {3: 500, 6: 260}, {3: 40, 6: 40}), Choice("next", {2: 60})]
    placed, left = pack_best(choices, GRID)
    cut = next(p for p in placed if p.key == "long")
    assert cut.split and abs(cut.top + cut.height - GRID.height) < 1e-9
    assert [m.key for m in left][0] == "long"


def test_pack_best_keeps_its_answers_without_changing_them(monkeypatch):
    """pack_best keeps its answers (`_packed`) and where modules sit on each skyline
    (`_POSITIONS`): asked again, in any order, it answers as the search does afresh, and a
    caller changing the lists it was given changes no later answer."""
    import random

    from edition.render import plan
    rng = random.Random(14)
    cases = []
    for _ in range(40):
        choices = []
        for k in range(rng.randint(1, 9)):
            spans = sorted(rng.sample(range(1, 7), rng.randint(1, 3)))
            heights = {s: round(rng.uniform(30, 420) / s * 2, 2) for s in spans}
            least = {s: 40.0 for s in spans} if rng.random() < 0.4 else None
            choices.append(Choice(f"m{k}", heights, least))
        cases.append(choices)

    def plain(result):
        placed, left = result
        return [(p.key, p.column, p.span, p.top, p.height, p.split) for p in placed], list(left)

    kept = [plain(pack_best(c, GRID)) for c in cases + cases[::-1]]      # the second time, answers kept
    for answer in (pack_best(cases[0], GRID), pack_best(cases[1], GRID)):
        answer[0].clear()
        answer[1].append(Module("stray", 1, 1.0))
    monkeypatch.setattr(plan, "_POSITIONS", {})
    monkeypatch.setattr(plan, "POSITIONS_KEPT", 1)     # every position worked out again
    afresh = [plain(plan._pack_best(c, GRID, 64)) for c in cases]
    assert kept == afresh + afresh[::-1]
    assert [plain(pack_best(c, GRID)) for c in cases] == afresh
    assert any(left for _, left in afresh) and any(p[5] for placed, _ in afresh for p in placed)   # some wait, some are cut
