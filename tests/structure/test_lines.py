"""Reading raw page text into lines: markers, glued credits and datelines, blocks."""
import pytest

from edition.structure.lines import Line, page_number, read_lines, split_markers, written_in_blocks
from edition.model import Guide
from tests.helpers import articles, items_of, structure


@pytest.mark.parametrize("marker,page", [("下转►2版", 2), ("下转▶3版", 3), ("下转→4版", 4), ("下转第2版", 2),
                                         ("（下转2版）", 2), ("转5版", 5), ("下转►十二版", 12)])
def test_jump_to_variants_are_recognised(marker, page):
    [line] = split_markers(Line(marker, 1))
    assert line.kind == "jump_to" and line.page_ref == page


@pytest.mark.parametrize("marker,page", [("上接►1版", 1), ("上接第1版", 1), ("（上接2版）", 2), ("接►3版", 3)])
def test_jump_from_variants_are_recognised(marker, page):
    [line] = split_markers(Line(marker, 1))
    assert line.kind == "jump_from" and line.page_ref == page


def test_jump_on_the_same_line_as_body_text_is_split_off():
    body, jump = split_markers(Line("要全力推进全域城乡人居环境整治和提升。 下转►2版", 7))
    assert body.text.endswith("提升。") and body.kind == "text"
    assert jump.kind == "jump_to" and jump.page_ref == 2


def test_jump_from_at_line_start_is_split_off():
    jump, body = split_markers(Line("上接►1版 会议指出，要全力推进。", 1))
    assert jump.kind == "jump_from" and jump.page_ref == 1 and body.text == "会议指出，要全力推进。"


def test_guide_marker_after_a_title_is_split_off():
    title, mark = split_markers(Line("为基层公共文化服务注入新活力 刊2版►", 1))
    assert title.text == "为基层公共文化服务注入新活力" and mark.kind == "guide_mark" and mark.page_ref == 2


def test_jump_words_inside_a_sentence_stay_text():
    [line] = split_markers(Line("他转2版面继续阅读，直接转入下一环节。", 1))
    assert line.kind == "text"


def test_frame_starts_and_blank_lines_are_kept_on_the_lines():
    lines = read_lines("甲乙丙\n丁戊己\n\n庚辛壬\n 记者 张三\n子丑寅")
    assert [l.text for l in lines] == ["甲乙丙", "丁戊己", "庚辛壬", "记者 张三", "子丑寅"]
    assert lines[2].blank_before and lines[3].frame_start and not lines[4].frame_start


@pytest.mark.parametrize("marker,kind,page", [("下转►第3页", "sheet_to", 3), ("上接►第2页", "sheet_from", 2)])
def test_continuation_sheet_jumps_are_their_own_kind(marker, kind, page):
    [line] = split_markers(Line(marker, 1))
    assert line.kind == kind and line.page_ref == page


def test_a_line_ending_on_a_word_that_only_looks_like_a_cut_marker_is_left_alone():
    from edition.structure.lines import rejoin_wrapped_markers
    assert rejoin_wrapped_markers(["他在山上", "接着又往下走"]) == ["他在山上", "接着又往下走"]


def test_chinese_page_numbers():
    assert [page_number(t) for t in ("3", "十", "十二", "二十", "二十一")] == [3, 10, 12, 20, 21]


@pytest.mark.parametrize("first,second,marker", [
    ("茶农们抢抓晴好天气采摘下转", "►3版", "下转►3版"),
    ("茶农们抢抓晴好天气采摘下转→3", "版", "下转→3版"),
    ("茶农们抢抓晴好天气采摘下转第", "3版", "下转第3版"),
    ("茶农们抢抓晴好天气采摘下", "转►3版", "下转►3版"),      # cut after the marker's first character
])
def test_a_jump_marker_wrapped_inside_is_made_whole(first, second, marker):
    from edition.structure.lines import read_lines
    lines = read_lines(f"{first}\n{second}\n南岭县茶叶春采全面展开")
    assert [(l.kind, l.page_ref, l.text) for l in lines] == [
        ("text", None, "茶农们抢抓晴好天气采摘"), ("jump_to", 3, marker), ("text", None, "南岭县茶叶春采全面展开")]


def test_a_line_ending_on_the_words_of_a_marker_without_one_after_it_is_text():
    from edition.structure.lines import read_lines
    assert [l.kind for l in read_lines("工作重心下转\n基层一线")] == ["text", "text"]


# A page written a block to a line (PyMuPDF's blocks): a commentary's head is one block.
BLOCKS_PAGE = ("社区食堂开业\n\n南苑小区社区食堂日前开业，提供早中晚三餐，七十岁以上老人就餐享受优惠。\n\n"
               "魏 卓让文明出行成为每个人的自觉\n\n"
               "斑马线前礼让行人、骑车佩戴头盔、不闯红灯，这些看似微小的举动，折射出一座城市的文明程度。\n\n"
               "文明出行不能只靠宣传，更要靠每个人从自己做起，把规则记在心里、落在脚下。\n")


def test_a_spaced_name_run_into_a_title_is_cut_off_on_a_page_of_blocks():
    texts = [line.text for line in read_lines(BLOCKS_PAGE)]
    assert texts[2:4] == ["魏 卓", "让文明出行成为每个人的自觉"]
    story = articles(structure(BLOCKS_PAGE))[-1]
    assert story.headline == "让文明出行成为每个人的自觉"
    assert story.byline is not None and story.byline.credits[0].name == "魏卓"


def test_a_title_that_opens_with_a_name_its_story_repeats_stays_whole():
    page = BLOCKS_PAGE.replace("文明出行不能只靠宣传", "魏 卓说，文明出行不能只靠宣传")
    assert "魏 卓让文明出行成为每个人的自觉" in [line.text for line in read_lines(page)]


def test_lines_of_a_column_are_no_blocks():
    column = "\n".join(["斑马线前礼让行人、骑车", "佩戴头盔、不闯红灯，这", "些看似微小的举动，折射"] * 4)
    assert not written_in_blocks(column.split("\n"))
    assert written_in_blocks(BLOCKS_PAGE.split("\n"))


def test_a_guide_pointer_wrapped_after_its_first_character_is_rejoined():
    # A narrow column: `刊` ends one line, `2版►` opens the next.
    page = "本期导读\n全区义务教\n育阶段招生\n政策发布 刊\n2版►\n南岭县茶叶\n春采全面展\n开\n刊3版►\n"
    marks = [(line.text, line.page_ref) for line in read_lines(page) if line.kind == "guide_mark"]
    assert marks == [("刊2版►", 2), ("刊3版►", 3)]
    [guide] = items_of(structure(page), Guide)
    assert [(e.title, e.page) for e in guide.entries] == [("全区义务教育阶段招生政策发布", 2), ("南岭县茶叶春采全面展开", 3)]


def test_a_line_ending_in_jian_before_a_page_number_without_arrow_stays_text():
    assert [line.kind for line in read_lines("由此可见\n2版面的设计\n")] == ["text", "text"]


@pytest.mark.parametrize("raw,texts", [
    # a title, the last words of the story above, an attribution: each run into a dateline
    ("湿地公园开园迎客本报讯（记者 蓝天）城西湿地公园昨日开园，", ["湿地公园开园迎客", "本报讯（记者 蓝天）城西湿地公园昨日开园，"]),
    ("首日接待游客两万人次。 本报临江4月2日电（记者 费鸣）", ["首日接待游客两万人次。", "本报临江4月2日电（记者 费鸣）"]),
    ("——摘自《城西湿地志》新华社临江4月2日电 记者", ["——摘自《城西湿地志》", "新华社临江4月2日电 记者"]),
    # a dateline opening its line, and 本报 inside a sentence, stay as they are
    ("本报讯（记者 蓝天）城西湿地公园昨日开园，", ["本报讯（记者 蓝天）城西湿地公园昨日开园，"]),
    ("游客们说，本报记者也来了。", ["游客们说，本报记者也来了。"]),
])
def test_words_run_into_a_dateline_are_a_line_of_their_own(raw, texts):
    assert [line.text for line in read_lines(raw)] == texts
