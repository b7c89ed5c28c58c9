"""Each named feature of a line, on small hand-made lines."""
from pathlib import Path

import pytest

from edition.structure.bylines import byline_shape, parse_byline, split_glued_byline
from edition.structure.features import (LEAD_OPENING, TITLE_AHEAD, TITLE_BEHIND, PageView, column_widths, content_overlap,
                                        facts, is_dateline, line_features, title_shape)
from edition.structure.lines import Line, read_lines


def shape(text: str) -> str:
    return byline_shape(text, "".join(text.split()))


@pytest.mark.parametrize("text,kind", [
    ("记者 张三", "role"), ("本报记者 张三", "role"), ("本报记者张三", "role"), ("记者 张三 通讯员 李四", "role"),
    ("特聘首席记者 顾舜丽", "role"), ("文/图 赵六", "role"), ("本报记者 张三 李四", "role"),
    ("张 三", "bare"), ("王小明", "bare"), ("欧阳明", "bare"),
    ("浙江省宁波市 李四", "place"), ("某某大学 王 五", "place"),
])
def test_byline_shapes(text, kind):
    assert shape(text) == kind


@pytest.mark.parametrize("text", ["记者节座谈会举行", "会议要求，要全力推进", "记者们认真采访了群众。", "城市更新",
                                  "本报杭州3月5日电 （记者王五）近日，", "提升区域服务能级",
                                  "记者从省交", "记者走访多"])     # a sentence cut by a narrow column
def test_not_bylines(text):
    assert shape(text) == ""


@pytest.mark.parametrize("text,credits", [
    ("记者 李双玖", [("记者", "李双玖")]),
    ("记者 张三 通讯员 李四", [("记者", "张三"), ("通讯员", "李四")]),
    ("本报记者 张三 李四", [("本报记者", "张三"), ("本报记者", "李四")]),
    ("张 三", [("", "张三")]),
    ("王小明", [("", "王小明")]),
    ("浙江省宁波市 李四", [("", "李四")]),
])
def test_bylines_split_into_credits(text, credits):
    byline = parse_byline(text)
    assert byline.text == text and [(c.role, c.name) for c in byline.credits] == credits


@pytest.mark.parametrize("text", ["本报杭州3月5日电 （记者王五）近日，", "新华社北京3月5日电", "本报讯（记者 张三）",
                                  "本报讯 近日，"])
def test_datelines(text):
    assert is_dateline("".join(text.split()))


@pytest.mark.parametrize("text", ["3月12日，区委举行会议", "近日，我市出台", "2025年，全区完成"])
def test_lead_openings(text):
    assert LEAD_OPENING.match(text)


def test_title_shape():
    assert title_shape("坚定信心，全力抓改革谋创新", 13)
    assert title_shape("找准产业赛道 推动产业集群化发展", 15)
    assert not title_shape("表送上首批爱心包。是的", 11)                   # a full stop inside
    assert not title_shape("金晓明指出，要深入学习领会党中央、", 17)       # ends mid-phrase
    assert not title_shape("会议指出。要求全面推进", 11)


@pytest.mark.parametrize("width", [8, 22])
def test_column_width_follows_the_local_column(width):
    body = "一二三，四五六七八九十" * 3        # prose: a comma every few characters
    lines = [Line(body[:width], k) for k in range(20)] + [Line(body[:width - 3] + "。", 21)]
    rows = [facts(l) for l in lines]
    assert set(column_widths(rows)) == {width}
    view = PageView.of(lines)
    assert "fill_full" in line_features(view, 0)
    assert "fill_near" in line_features(view, 20) or "fill_half" in line_features(view, 20)


def test_narrow_body_lines_without_a_stop_still_measure_the_column():
    # In 8-character columns most lines end mid-clause and look like titles; their commas
    # say they are body text, so the wide quote box among them does not set the width.
    narrow = ["区里举行春季植", "树活动，志愿者种", "下银杏树苗三百棵，", "河岸一片新绿。"] * 7
    wide = ["绿水青山就是金山银山，保护生态环境就是"] * 3
    rows = [facts(Line(t, k)) for k, t in enumerate(narrow[:14] + wide + narrow[14:])]
    assert max(column_widths(rows)[10:20]) <= 9


def test_content_overlap_ties_a_title_to_the_lead_below():
    lines = read_lines("银杏树苗种满河岸\n记者 张三\n3月1日，区里举行植树活动，志愿者种下银杏树苗三百棵，河岸一片新绿。")
    view = PageView.of(lines)
    assert content_overlap(view, 0, 1, 5) >= 0.5
    assert "next_text_overlap_hi" in line_features(view, 0) or "next_text_overlap_mid" in line_features(view, 0)


@pytest.mark.parametrize("seed", sorted((Path(__file__).parents[2] / "seeds").glob("*.txt")), ids=lambda p: p.name[:3])
def test_the_overlaps_made_for_a_whole_page_are_content_overlap_line_by_line(seed):
    view = PageView.of(read_lines(seed.read_text(encoding="utf-8")))
    assert sum(1 for p in view.pairs if p) > 20
    assert view.overlaps == [(content_overlap(view, i, i + 1, i + TITLE_AHEAD), content_overlap(view, i, i - TITLE_BEHIND, i))
                             for i in range(len(view.rows))]


@pytest.mark.parametrize("text", ["本报记者 张三 李四", "驻京记者 王小明", "记者从省交通厅获悉", "特聘首席记者 顾舜丽",
                                  "张 三", "欧阳明", "浙江省宁波市 李四", "开发区新签约项目十八个本报记者 冯峰 实习生 田阳",
                                  "读懂菜篮子里的民生温度湖南省岳阳市 孔宁晨", "文/图 赵六", "㐀㐀 一", "會議 記者",
                                  "本报杭州3月5日电", "（新华社北京 3月5日电）记者", "本报讯 记者", "人民日报评论员",
                                  "\u3401\u3402 记者", "驻\u3405\u3450记者 张三"])
def test_the_byline_patterns_find_in_folded_text_what_they_find_in_the_text(text):
    import re

    from edition.structure import bylines, features
    for sources, folding in ((bylines._SOURCES, bylines.FOLDING), ((features._DATELINE,), features.DATELINE_FOLDING)):
        for source in sources:
            plain, folded = re.compile(source), folding.compile(source)
            for find in ("match", "search"):
                a, b = getattr(plain, find)(text), getattr(folded, find)(folding.fold(text))
                assert (a and [a.span(k) for k in range(a.re.groups + 1)]) == \
                    (b and [b.span(k) for k in range(b.re.groups + 1)])


@pytest.mark.parametrize("text,parts", [
    ("开发区新签约项目十八个本报记者 冯峰 实习生 田阳", ("开发区新签约项目十八个", "本报记者 冯峰 实习生 田阳")),
    ("读懂菜篮子里的民生温度评论员 萧佳", ("读懂菜篮子里的民生温度", "评论员 萧佳")),
    ("读懂菜篮子里的民生温度湖南省岳阳市 孔宁晨", ("读懂菜篮子里的民生温度", "湖南省岳阳市 孔宁晨")),
    ("废旧厂房变身城市书房文/图李杰", ("废旧厂房变身城市书房", "文/图李杰")),
    ("文化惠民活动进社区", None),
    ("他在湖南省岳阳市工作了三年。", None),
    ("他对记者说，今年的收成很好。记者 张三", None),
    ("社区食堂开进老旧小区摄影 丁力", ("社区食堂开进老旧小区", "摄影 丁力")),
    ("摄影展在老街开幕", None),
    # two side-by-side modules' credits on one line: a reporter's, a commentary writer's
    ("记者 蓝天 浙江省宁波市 费鸣", ("记者 蓝天", "浙江省宁波市 费鸣")),
    ("记者 蓝天 实习生 费鸣", None),
    # a quotation's attribution names its source: its role word makes no byline
    ("——《江城日报》评论员文章", None),
    ("——本报评论员 方舟", None),
    # a module's title and subtitle run together by a block extractor, then the byline
    ("区委常委会举行扩大会议传达学习全国两会精神坚定信心全力抓改革谋创新推动发展记者 王蕾",
     ("区委常委会举行扩大会议传达学习全国两会精神坚定信心全力抓改革谋创新推动发展", "记者 王蕾")),
])
def test_a_byline_glued_to_the_title_line_is_split_off(text, parts):
    assert split_glued_byline(text) == parts


@pytest.mark.parametrize("line,page,parts", [
    # the name is three characters: the next title's first two are printed in its story
    ("停车改造工程启动本报记者 顾锦阳便民服务点延长服务时间", "全区的便民服务点在工作日延长服务。",
     ("停车改造工程启动", "本报记者 顾锦阳", "便民服务点延长服务时间")),
    # two characters: 阳光 is printed below, 锦阳 is not
    ("停车改造工程启动本报记者 顾锦阳光房顶上装了电池板", "阳光房顶上装了电池板，一年发电三万度。",
     ("停车改造工程启动", "本报记者 顾锦", "阳光房顶上装了电池板")),
    ("本报记者 顾锦阳便民服务点延长服务时间", "全区的便民服务点在工作日延长服务。",
     ("本报记者 顾锦阳", "便民服务点延长服务时间")),
    ("浙江省宁波市 李小四读懂菜篮子里的民生温度", "导读：读懂菜篮子里的民生温度 刊3版", ("浙江省宁波市 李小四", "读懂菜篮子里的民生温度")),
    # a title with a clause mark after its first words, and one that asks
    ("浙江省宁波市 李小四公园绿地，向健身者敞开", "公园绿地将向健身者敞开。", ("浙江省宁波市 李小四", "公园绿地，向健身者敞开")),
    ("浙江省宁波市 李小四球场从哪里来？", "新建球场从哪里来", ("浙江省宁波市 李小四", "球场从哪里来？")),
    ("茶叶春采全面展开本报记者 杜雯泽本报南岭4月21日电（记者", "本报南岭讯",
     ("茶叶春采全面展开", "本报记者 杜雯泽", "本报南岭4月21日电（记者")),
    # a space ends the name before the next story's dateline
    ("本报记者 黄宁 本报讯（记者 胡洋文）即日", "起，全区十二个便民服务点延长服务时间。",
     ("本报记者 黄宁", "本报讯（记者 胡洋文）即日")),
    # nothing on the page tells where the name ends: the line is left whole
    ("停车改造工程启动本报记者 顾锦阳便民服务点延长服务时间", "今天天气很好。", None),
    # two side-by-side heads on one line, each with its byline; the second title opens
    # with a quote mark and follows the first byline's name after a space
    ("农村客运实现“村村通公交”本报记者 杜思玲 让“小窗口”传递“大温度”湖北省宜昌市 薛洋程", "",
     ("农村客运实现“村村通公交”", "本报记者 杜思玲", "让“小窗口”传递“大温度”", "湖北省宜昌市 薛洋程")),
    # one role for two names, run into the next title: the title opens where the page
    # prints its words again, and the title line before the credits splits off as well
    ("湿地公园开园迎客首席记者 欧阳 通讯员 蓝天 费鸣城北菜场完成提升改造", "城北菜场的摊位统一更换。",
     ("湿地公园开园迎客", "首席记者 欧阳", "通讯员 蓝天 费鸣", "城北菜场完成提升改造")),
    # the title's own opening is printed elsewhere: no second name is taken from it
    ("湿地公园开园迎客通讯员 蓝天 费鸣城北菜场完成提升改造", "费鸣城北菜场的摊位统一更换。",
     ("湿地公园开园迎客", "通讯员 蓝天", "费鸣城北菜场完成提升改造")),
])
def test_a_byline_run_into_the_next_title_is_split_where_that_title_begins(line, page, parts):
    assert split_glued_byline(line, line + "\n" + page) == parts


def test_clause_length_runs_across_line_ends():
    # A title group carries no comma, so its stretch runs on into the lead below it;
    # prose breaks into short clauses.
    lines = read_lines("春季植树活动在河岸举行\n记者 张三\n3月1日，区里举行植树活动，志愿者\n种下银杏树苗三百棵。")
    view = PageView.of(lines)
    assert view.clauses[0] == (0, len("春季植树活动在河岸举行记者张三3月1日"))
    assert view.clauses[1] == (len("春季植树活动在河岸举行"), len("春季植树活动在河岸举行记者张三3月1日"))
    assert view.clauses[3] == (len("志愿者"), len("志愿者种下银杏树苗三百棵"))
    assert "clause_le20" in line_features(view, 0) and "clause_in_0" in line_features(view, 0)
    assert "clause_le12" in line_features(view, 3) or "clause_le20" in line_features(view, 3)


def test_a_dateline_broken_by_a_narrow_column_is_still_seen():
    view = PageView.of(read_lines("全区招生政策发布\n新华社济南\n7月13日电（记\n者白思）区教育局日前发布"))
    assert "dateline_wrapped" in line_features(view, 1)
    assert "dateline_wrapped" not in line_features(view, 0) and "dateline" not in line_features(view, 0)


@pytest.mark.parametrize("text,ends", [("会议举行。", True), ("会议举行.", True), ("会议举行!", True),
                                       ("版本升级到3.0", False), ("Edition 3.", False), ("会议举行，", False)])
def test_a_sentence_ends_on_a_stop_also_an_ascii_one_after_han(text, ends):
    from edition.structure.features import ends_sentence
    assert ends_sentence(text) is ends


@pytest.mark.parametrize("line,page,parts", [
    ("读懂“菜篮子”里的民生温度沈 志", "菜价连着民生。", ("读懂“菜篮子”里的民生温度", "沈 志")),
    ("读懂“菜篮子”里的民生温度沈 志", "沈志说，菜价连着民生。", None),      # the name is in the text
    ("少 ”， 从 源 头 防 范 化 解 风", "", None),     # justified text read a character at a time
    ("植树造林绿化家园的好消", "", None),                # no spaced name
    # two side-by-side titles, then the second one's writer
    ("古镇灯会今晚开幕 老茶馆里听评书孔 薇", "", ("古镇灯会今晚开幕 老茶馆里听评书", "孔 薇")),
    ("少 ”， 从 源 头 防 范孔 薇", "", None),        # spaced out, not two titles
])
def test_a_spaced_name_run_onto_the_end_of_a_title_is_split_off(line, page, parts):
    from edition.structure.bylines import split_head_from_name
    assert split_head_from_name(line, line + "\n" + page) == parts



@pytest.mark.parametrize("text,role", [
    ("文/图 李四", True), ("文 李四", True), ("文：李四", True), ("本报记者", True), ("通讯员李四", True),
    ("让文明出行成为", False), ("图书馆开放", False), ("文化惠民活动", False),
])
def test_a_role_word_at_a_lines_head_is_a_credits_not_a_words_first_character(text, role):
    from edition.structure.bylines import has_role_word
    assert has_role_word(text) is role


def test_a_reporters_credit_line_is_a_byline_and_clauses_ending_on_an_exclamation_are_no_title():
    from edition.structure.labels import LABELS, allowed
    def labels_of(text: str) -> set[str]:
        line = read_lines(text)[0]
        return {LABELS[i] for i in allowed(line, line_features(PageView.of([line]), 0))}
    assert labels_of("记者 张三") == {"byline"}
    assert labels_of("张 三") == {"byline"}
    assert "title" in labels_of("撸起袖子加油干，一起向未来！")
    assert "title" not in labels_of("3月5日，河道整治工程完工，两岸步道同步开放！")
    assert "title" not in labels_of("河道整治工程完工，两岸步道同步开放，市民可以散步！")


def test_a_line_with_neither_a_role_nor_a_name_is_no_byline():
    from edition.structure.labels import LABELS, allowed
    def labels_of(text: str) -> set[str]:
        line = read_lines(text)[0]
        return {LABELS[i] for i in allowed(line, line_features(PageView.of([line]), 0))}
    for kicker in ("一线", "观察", "人话”", "的发言"):      # a kicker, a title's or a line's cut end
        assert "byline" not in labels_of(kicker) and "title" in labels_of(kicker)
    # a name, alone or run into a title (its surname opens the line), may be one
    for named in ("萧远征", "阎 红", "邓立新守好一方碧水"):
        assert "byline" in labels_of(named)


def test_the_lines_between_two_guide_pointers_are_the_second_entry():
    from edition.structure.labels import guide_entries_run_back_to_the_last_pointer
    text = "本期导读\n全区义务教育\n刊2版►\n南岭县茶叶\n春采全面展\n开\n刊3版►\n3月1日，区里举行植树活动。\n刊5版►"
    view = PageView.of(read_lines(text))
    read = ["guide_label", "guide_entry", "guide_mark", "title", "title", "guide_entry", "guide_mark", "para_start",
            "guide_mark"]
    assert guide_entries_run_back_to_the_last_pointer(view, read) == [
        "guide_label", "guide_entry", "guide_mark", "guide_entry", "guide_entry", "guide_entry", "guide_mark",
        "para_start", "guide_mark"]     # (a sentence is no entry's line)


def test_a_line_opening_with_a_dateline_is_a_lead_even_where_the_words_go_on():
    from edition.structure.labels import LABELS, allowed, same_story_goes_on
    line = read_lines("本报杭州3月5日电（记者 王五）区里举行春季植树活动，")[0]
    assert {LABELS[i] for i in allowed(line, line_features(PageView.of([line]), 0))} == {"lead"}
    # the story above says the same words: a lead without a dateline would be read as its
    # next paragraph, one with a dateline stays a lead
    text = ("区里举行春季植树活动，志愿者种下银杏树苗三百棵。\n"
            "本报讯 区里举行春季植树活动，志愿者种下银杏树苗三百棵。\n"
            "区里举行春季植树活动，志愿者种下银杏树苗三百棵。")
    view = PageView.of(read_lines(text))
    assert view.cohesions[1] >= 0.3 and view.cohesions[2] >= 0.3
    assert same_story_goes_on(view, ["lead", "lead", "lead"]) == ["lead", "lead", "para_start"]
