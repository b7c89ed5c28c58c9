"""A quote box found from its attribution (labels.quotation_runs_back_from_its_attribution),
on small hand-made pages with the labeller's mistakes given."""
from edition.structure.features import PageView
from edition.structure.labels import quotation_runs_back_from_its_attribution
from edition.structure.lines import read_lines

STORY = ["3月1日，区里举行春季植树活", "动，志愿者种下银杏树苗三百棵。"]
BOX = ["一句话", "绿水青山就是金山银山，保护", "生态环境就是保护生产力。要", "久久为功，持之以恒。",
       "——摘自某县生态文明建设动员", "会上的讲话"]


def fix(lines: list[str], labels: list[str]) -> list[str]:
    return quotation_runs_back_from_its_attribution(PageView.of(read_lines("\n".join(lines))), labels)


def test_a_quotation_read_as_a_paragraph_runs_back_from_its_attribution_to_the_boxs_label():
    labels = ["lead", "para_cont", "para_start", "para_cont", "para_cont", "para_cont", "quote_attr", "quote_attr"]
    assert fix(STORY + BOX, labels) == ["lead", "para_cont", "quote_label", "quote_text", "quote_text", "quote_text",
                                        "quote_attr", "quote_attr"]


def test_a_dashed_line_read_as_furniture_or_a_byline_is_an_attribution_with_the_lines_it_runs_on_to():
    labels = ["lead", "para_cont", "quote_label", "lead", "para_cont", "para_cont", "other", "byline"]
    assert fix(STORY + BOX, labels)[3:] == ["quote_text"] * 3 + ["quote_attr"] * 2


def test_an_attribution_naming_a_publication_is_seen_by_its_dash():
    box = [*BOX[:4], "——《江城日报》评论员文章"]
    labels = ["lead", "para_cont", "quote_label", "lead", "para_cont", "para_cont", "other"]
    assert fix(STORY + box, labels)[3:] == ["quote_text"] * 3 + ["quote_attr"]


def test_a_folio_and_a_dashed_subtitle_are_left_alone():
    lines = ["— 3 —", "植树造林 绿化家园", "——记某县护林员张三", *STORY]
    labels = ["other", "title", "title", "lead", "para_cont"]
    assert fix(lines, labels) == labels


def test_the_quotation_stops_at_the_paragraph_it_opens():
    # The story's paragraph above the quotation keeps its labels.
    labels = ["lead", "para_cont", "other", "para_start", "para_cont", "para_cont", "quote_attr", "quote_attr"]
    got = fix(STORY + BOX, labels)
    assert got[:2] == ["lead", "para_cont"] and got[3:6] == ["quote_text"] * 3


def test_a_label_read_away_from_its_quotation_goes_to_the_box_without_one():
    from edition.model import Quote
    from edition.structure.articles import build_items
    # the box's label read after the box, past a story
    lines = ["绿水青山就是金山银山。", "——摘自某县生态文明建设动员会上的讲话", *STORY, "一句话"]
    labels = ["quote_text", "quote_attr", "lead", "para_cont", "quote_label"]
    items, _ = build_items(1, read_lines("\n".join(lines)), labels)
    [quote] = [it for it in items if isinstance(it, Quote)]
    assert (quote.label, quote.text) == ("一句话", "绿水青山就是金山银山。")


def test_a_label_with_no_quotation_on_the_page_is_kept_as_loose_text():
    from edition.model import Headline, Quote
    from edition.structure.articles import build_items
    items, warnings = build_items(1, read_lines("\n".join(["一句话", *STORY])), ["quote_label", "lead", "para_cont"])
    assert not [it for it in items if isinstance(it, Quote)]
    assert [it.text for it in items if isinstance(it, Headline)] == ["一句话"]
    assert "stray-quote-label" in [w.code for w in warnings]


def test_an_attribution_naming_a_commentator_stays_whole_in_its_box():
    # `评论员` is a role word: run on after the source's name it must not part the line
    # into an attribution and a byline.
    from edition import structure_text
    from edition.model import Quote
    page = "\n".join(["声音", "群众满意不满意，是检验工作成效的标准。", "——《江城日报》评论员文章", "",
                      "湿地公园开园迎客", "本报讯（记者 蓝天）城西湿地公园昨日开园，", "首日接待游客两万人次。"])
    quotes = [it for it in structure_text(page).pages[0].items if isinstance(it, Quote)]
    assert [(q.label, q.attribution) for q in quotes] == [("声音", "——《江城日报》评论员文章")]


def test_a_label_that_does_not_fill_its_line_goes_on_to_no_second_label_line():
    # Weights that would read both short lines as the box's label: the first one does not
    # fill its column, so it did not wrap, and the second line opens the quotation.
    from edition.structure.features import view_features
    from edition.structure.labels import Weights, viterbi
    lines = read_lines("区里举行春季植树活动，\n志愿者种下树苗三百棵。\n今日金句\n每一份耕\n耘都会在春天里发芽，\n——林望舒")
    weights = Weights(emit={"quote_label": {"fill_half": 5.0, "fill_short": 5.0}, "lead": {"bias": 1.0}}, trans={})
    labels = viterbi(lines, view_features(PageView.of(lines)), weights)
    assert labels[2:4] == ["quote_label", "quote_text"]
