"""The typographic check (`edition check-typography`) over the seeds, a two-page issue and
generated issues; and the rules it and the renderer share."""
from __future__ import annotations

import functools
from pathlib import Path

import pytest

from edition import read_issue
from edition.render.headline import break_lines, whole_clause
from edition.render.pdf import PdfOptions, render_pdf
from edition.render.pdf.running import CONTINUED, RUNNING_PT, SHORTENED, running_title
from edition.typography import MAX_EMPTY, MIN_DEPTH, check_pdf, word_edge

from .generated import generated_issue

# The bench script runs 50 (bench/typography.py). 26 once ran onto a half-empty third sheet;
# 44's continuation sheet was a third empty, its stories strips of 7 lines a column, before
# stories were held over whole to balance the two sheets. 31 has a story's rest in a single
# column whose running title (…（续）) broke inside a word at 12 pt; 49's continuation sheet
# was 29% empty. In 23 a subheadline's short last line, level with the top of the next
# module's column, was read as that column going on (a story's last line "short"); 24's
# running title had no setting at the word-edge rules' edges (see `learned_edge`); 39's
# continuation sheet was 26% empty (its lead, kept whole, had to go under the page's boxes).
GENERATED = (1, 3, 5, 6, 23, 24, 26, 31, 39, 44, 49)


@pytest.fixture(scope="session")
def built(tmp_path_factory, seed_paths) -> dict[str, Path]:
    """Every PDF the checks read, built once per session."""
    out = tmp_path_factory.mktemp("typography")
    pdfs = {}
    for seed in seed_paths:
        pdfs[seed.stem] = render_pdf(read_issue([seed], title="青浦报", date="2025-03-13"), PdfOptions(),
                                     out / f"{seed.stem}.pdf")
    pdfs["two-pages"] = render_pdf(read_issue(seed_paths, title="青浦报", date="2025-03-13"), PdfOptions(tagged=True),
                                   out / "two.pdf")
    for n in GENERATED:
        pdfs[f"generated-{n}"] = render_pdf(generated_issue(n), PdfOptions(), out / f"generated-{n}.pdf")
    return pdfs


@functools.cache
def _report(path: Path):
    return check_pdf(path)


NAMES = ["000_515307324d6a1a31", "003_3180298b8f55755c", "two-pages"] + [f"generated-{n}" for n in GENERATED]


@pytest.mark.parametrize("name", NAMES)
def test_body_lines_are_justified_and_punctuation_placed(built, name):
    report = _report(built[name])
    assert report.body_lines > 200
    assert report.short_lines == []
    assert report.punctuation == []
    assert report.parted_numbers == []


@pytest.mark.parametrize("name", NAMES)
def test_headlines_break_at_word_edges_never_one_character(built, name):
    report = _report(built[name])
    assert report.headlines >= 4
    assert report.one_char_headlines == []
    assert report.word_breaks == []


@pytest.mark.parametrize("name", NAMES)
def test_running_titles_break_at_word_edges_and_are_their_story_s_headline(built, name):
    report = _report(built[name])
    assert report.running_one_char == []
    assert report.running_word_breaks == []
    assert report.running_unmatched == []


def test_the_issues_checked_have_running_titles(built):
    assert sum(_report(built[name]).running_titles for name in NAMES) >= 2


@pytest.mark.parametrize("name", NAMES)
def test_punctuation_pairs_are_compressed_and_quotes_full_width(built, name):
    report = _report(built[name])
    assert report.glyphs_checked
    assert report.punctuation_pairs > 0 and report.uncompressed == []
    assert report.quotes > 0 and report.narrow_quotes == []


@pytest.mark.parametrize("name", NAMES)
def test_outline_destinations_lie_inside_their_page(built, name):
    report = _report(built[name])
    assert report.outline_entries > 3 and report.outline_outside == []


@pytest.mark.parametrize("name", NAMES)
def test_continuation_sheets_are_at_most_a_quarter_empty(built, name):
    report = _report(built[name])
    assert all(share <= MAX_EMPTY for _, share in report.continuation_empty), report.continuation_empty


@pytest.mark.parametrize("name", NAMES)
def test_stories_on_continuation_sheets_run_in_deep_columns(built, name):
    """No story on a continuation sheet stands as a strip of a few lines a column: the
    PDF read back, each story's fullest column there is at least MIN_DEPTH lines deep."""
    report = _report(built[name])
    assert len(report.continuation_depths) >= (2 if report.continuation_empty else 0)
    assert all(lines >= MIN_DEPTH for _, lines in report.continuation_depths), report.continuation_depths


def test_the_issues_checked_run_over_onto_continuation_sheets(built):
    assert sum(len(_report(built[name]).continuation_empty) for name in NAMES) >= 6


def test_the_check_finds_what_it_looks_for(tmp_path):
    """A ragged, badly broken PDF made without our layout is reported, not passed."""
    from weasyprint import HTML
    html = ("<html lang='zh-CN'><body style='font: 10pt Noto Serif CJK SC'>"
            "<h2 style='width: 19em; font-size: 17pt'>区委书记王平调研盈浦街道并主持召开座谈会</h2>"
            "<div style='columns: 2; width: 30em; column-gap: 2em'>"
            + "".join("<p style='text-indent: 2em'>" + "区里举行春季植树活动，“志愿者”种下树苗3百棵。" * 6 + "</p>"
                      for _ in range(3))
            + "</div></body></html>")
    pdf = tmp_path / "ragged.pdf"
    HTML(string=html).write_pdf(str(pdf))
    report = check_pdf(pdf)
    assert report.short_lines
    assert report.one_char_headlines and report.word_breaks
    assert not report.ok


def test_the_check_finds_a_story_set_as_a_strip_on_a_continuation_sheet(tmp_path):
    """On a sheet headed 第1版（续）: a story in six columns of 4 lines is reported shallow, one
    in two columns of the same width 11 or 12 lines deep is not."""
    from weasyprint import HTML
    para = "<p style='text-indent: 2em; text-align: justify; margin: 0'>" + "区里举行春季植树活动，志愿者种下银杏树苗三百棵，大家干劲十足。" * 2 + "</p>"

    def story(columns: int, width: str) -> str:
        return f"<div style='columns: {columns}; column-gap: 1em; margin-bottom: 3em; width: {width}'>{para * 3}</div>"

    html = ("<html lang='zh-CN'><style>@page { size: A3; margin: 2cm }</style>"
            "<body style='font: 10pt/1.5 Noto Serif CJK SC; margin: 0'>"
            "<p style='font-size: 14pt; margin: 0 0 2em'>第1版（续）</p>" + story(6, "65em") + story(2, "21em")
            + "</body></html>")
    pdf = tmp_path / "strip.pdf"
    HTML(string=html).write_pdf(str(pdf))
    report = check_pdf(pdf)
    assert [n for _, n in report.continuation_depths][0] == 4 and report.continuation_depths[1][1] >= 11
    assert report.shallow_continuations == [(1, 4)] and not report.ok


def test_the_check_reads_running_titles(tmp_path):
    """Running titles (under a 上接 line, ending （续）) are read and held to the headline
    rules, and each must be its story's headline (an outline entry) whole, or its start cut
    at a word edge and marked ……: one broken inside a word, one with （续） alone on a line,
    one cut mid-word, one cut without a mark are found; a good one and one shortened at a
    word edge pass (the latter reported as shortened). Set at the body's size, a title is
    not taken for body text."""
    from weasyprint import HTML
    from edition.render.justify import inter_character_justification
    heads = ["打造绿色创新标杆，提升区域服务能级", "坚定信心，全力抓改革谋创新",
             "区人大常委会主任会议成员集体调研立法联系点建设和立法征询工作"]
    body = "<p style='text-indent: 2em; text-align: justify'>" + "区里举行春季植树活动，志愿者种下银杏树苗三百棵。" * 3 + "</p>"

    def rest(lines: list[str], size: str = "12pt") -> str:
        return ("<div style='width: 20em; margin-bottom: 2em'><p style='font: 9pt LXGW WenKai'>上接►第1版</p>"
                f"<p style='font: bold {size}/1.4 Noto Sans CJK SC'>{'<br>'.join(lines)}</p>{body}</div>")

    html = ("<html lang='zh-CN'><style>@page { size: A3 } p { margin: 0 }</style><body style='font: 10pt/1.45 Noto Serif CJK SC; margin: 0'>"
            + "".join(f"<h2 style='font-size: 16pt'>{h}</h2>" for h in heads)
            + rest(["打造绿色创新标杆，", "提升区域服务", "能级（续）"])          # inside a word
            + rest(["坚定信心，", "全力抓改革谋创新（续）"])                  # good
            + rest(["坚定信心，全力抓改革谋创新", "（续）"])                  # 续 alone
            + rest(["区人大常委会主任会议成员集体", "调研立法联系点建设……（续）"], "10pt")   # cut at a word edge, marked
            + rest(["区人大常委会主任会议成员集……（续）"], "10pt")       # cut inside a word
            + rest(["区人大常委会主任会议成员集体（续）"], "10pt")        # cut, not marked
            + "</body></html>")
    pdf = tmp_path / "running.pdf"
    with inter_character_justification():
        HTML(string=html).write_pdf(str(pdf))
    report = check_pdf(pdf)
    assert report.running_titles == 6
    assert report.running_word_breaks == ["p1: 提升区域服务 / 能级（续）"]
    assert report.running_one_char == ["p1: 坚定信心，全力抓改革谋创新 / （续）"]
    assert report.running_shortened == ["p1: 区人大常委会主任会议成员集体 / 调研立法联系点建设……（续）"]
    assert report.running_unmatched == ["p1: 区人大常委会主任会议成员集……（续）", "p1: 区人大常委会主任会议成员集体（续）"]
    assert report.short_lines == [] and not report.ok


def test_the_check_finds_uncompressed_pairs_and_narrow_quotes(tmp_path):
    """The same paragraph set by WeasyPrint alone, and with our compression: pairs are found
    uncompressed, then compressed; quotes in the 楷体 face (Latin width) are found narrow."""
    from weasyprint import HTML
    from edition.render.punctuation import compressed_punctuation
    text = "他说：“开放是活力之源。”这是“第一要务”、“第二要务”（见附件）。" * 2
    html = ("<html lang='zh-CN'><body style='font: 10pt Noto Serif CJK SC; width: 20em'>"
            f"<p>{text}</p><p style='font-family: LXGW WenKai'>他说“你好”吧。</p></body></html>")
    plain, compressed = tmp_path / "plain.pdf", tmp_path / "compressed.pdf"
    HTML(string=html).write_pdf(str(plain))
    with compressed_punctuation():
        HTML(string=html).write_pdf(str(compressed))
    before, after = check_pdf(plain), check_pdf(compressed)
    assert before.punctuation_pairs == after.punctuation_pairs >= 12
    assert len(before.uncompressed) == before.punctuation_pairs and after.uncompressed == []
    assert len(before.narrow_quotes) == len(after.narrow_quotes) == 2      # the 楷体 face has no full-width quotes
    assert not after.ok


def test_the_check_finds_a_number_parted_from_its_unit(tmp_path):
    """Lines of 10 em whose first line (8 em after the indent) would end `…七2` / `月…`:
    WeasyPrint alone breaks there, and the check says so; set as edition sets it, not."""
    from weasyprint import HTML
    from edition.render.punctuation import compressed_punctuation
    text = "一二三四五六七2月八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八"
    html = ("<html lang='zh-CN'><body style='font: 10pt Noto Serif CJK SC; width: 10em'>"
            + f"<p style='text-indent: 2em; text-align: justify'>{text}</p>" * 4 + "</body></html>")
    plain, kept = tmp_path / "plain.pdf", tmp_path / "kept.pdf"
    HTML(string=html).write_pdf(str(plain))
    with compressed_punctuation():
        HTML(string=html).write_pdf(str(kept))
    assert len(check_pdf(plain).parted_numbers) == 4
    assert check_pdf(kept).parted_numbers == []


def test_word_edges():
    assert word_edge("打造绿色创新标杆，", "提升区域服务能级")
    assert word_edge("在讲好徐泾故事中\u3000", "厚植家国情怀")
    assert word_edge("区委书记王平调研盈浦街道", "并主持召开座谈会")
    assert not word_edge("提升区域服", "务能级")
    assert not word_edge("召开座谈", "会")
    assert not word_edge("重视", "”初信")               # never before closing punctuation
    assert not word_edge("要将“", "百日攻坚")            # nor after opening
    assert not word_edge("8", "月26日")                 # a number keeps its unit
    assert word_edge("青浦区", "12345市民服务热线")


def test_word_edges_learned_from_a_text():
    """Two Han characters on each side of a break that the text shows with more than one
    neighbour before and after are words: the break between them is an edge. One seen in a
    single context is not."""
    from edition.words import contexts, learned_edge
    seen = contexts("乡村振兴是今年的重点。推进乡村振兴工作，推动全面振兴。落实国家战略，以战略引领发展。")
    assert not word_edge("全面推进乡村振兴", "战略落地见效")
    assert learned_edge("全面推进乡村振兴", "战略落地见效", seen)
    assert not learned_edge("全面推进乡村振兴战", "略落地见效", seen)
    assert not learned_edge("全面推进乡村振兴战略", "落地见效", seen)        # 落地 is not in the text
    seen = contexts("长三角一体化示范区建设，示范引领，园区建设。先行示范区建设。")
    assert not learned_edge("示范", "区建设", seen)                         # 区建: only 设 after it


def test_headlines_are_broken_at_phrases_and_balanced():
    width = lambda s: len(s) * 10.0           # a face of 10 px per character
    assert break_lines("打造绿色创新标杆，提升区域服务能级", width, 120) == ["打造绿色创新标杆，", "提升区域服务能级"]
    assert break_lines("区委书记王平调研盈浦街道并主持召开座谈会", width, 150) == ["区委书记王平调研盈浦街道",
                                                                          "并主持召开座谈会"]
    assert break_lines("在讲好徐泾故事中\n厚植家国情怀", width, 100) == ["在讲好徐泾故事中", "厚植家国情怀"]
    assert break_lines("短标题", width, 100) == ["短标题"]
    lines = break_lines("青浦启动关爱服务新就业群体公益行动", width, 100)   # no phrase edge fits: still no single character
    assert all(len(line) > 1 for line in lines) and max(map(len, lines)) <= 10


def test_an_inferred_headline_is_a_whole_clause():
    paragraphs = ["8月27日上午，区政协就青浦区12345市民服务热线工作提质增效推进情况开展知情视察，通过实地走访。"]
    assert whole_clause("区政协就青浦区12345市民服务热线工作提质增效…", paragraphs) == \
        "区政协就青浦区12345市民服务热线工作提质增效推进情况开展知情视察"
    assert whole_clause("“新质青浦，产业赋能”走进青浦——青浦高质量产业…", ["别的文字。"]) == "“新质青浦，产业赋能”走进青浦"
    assert whole_clause("完整标题", paragraphs) == "完整标题"


def test_a_running_title_breaks_where_its_story_shows_a_word_edge_when_the_rules_leave_none():
    """No break of this headline at the rules' word edges fits a single column, nor does a
    start of it worth keeping: with its story's text, it breaks between two words the text
    shows, at the largest size."""
    from edition.words import contexts, learned_edge
    face = lambda pt: (lambda s: len(s) * pt * 4 / 3)
    headline = "全面推进乡村振兴战略落地见效"
    lines, _ = running_title(headline, face, 160)
    assert not all(word_edge(a, b) for a, b in zip(lines, lines[1:]))
    story = "乡村振兴是今年的重点。推进乡村振兴工作，推动全面振兴。落实国家战略，以战略引领发展。"
    lines, pt = running_title(headline, face, 160, story)
    assert lines == ("全面推进乡村振兴", "战略落地见效" + CONTINUED) and pt == RUNNING_PT[0]
    assert all(learned_edge(a, b, contexts(story)) for a, b in zip(lines, lines[1:]))
    # where the rules alone give a setting, the story's text changes nothing
    assert running_title("坚定信心，全力抓改革谋创新", face, 160, story) == running_title("坚定信心，全力抓改革谋创新", face, 160)


def test_a_running_title_is_set_smaller_then_shortened_never_broken_inside_a_word():
    """A face of 4/3 px per pt per character (as a Han face is) and a single column's 160 px:
    10 characters a line at 12 pt, 11 at 10.5 pt. A title that breaks at word edges at 12 pt
    stays at 12 pt; one whose phrases are too long for 12 pt goes down in size; one that
    fits no size keeps its headline's start up to a word edge, marked …… (as the check
    wants it); no break inside a word, no line of a single character."""
    from edition.words import cut_edge, word_edge
    face = lambda pt: (lambda s: len(s) * pt * 4 / 3)
    assert running_title("筑牢网络安全和数字安全屏障", face, 160) == (("筑牢网络安全", "和数字安全屏障（续）"), RUNNING_PT[0])
    assert running_title("坚定信心，全力抓改革谋创新", face, 160) == (("坚定信心，", "全力抓改革谋创新（续）"), RUNNING_PT[-1])
    headline = "“新质青浦，产业赋能”走进青浦——青浦高质量产业项目投融资路演活动举行"
    lines, pt = running_title(headline, face, 160)
    text = "".join(lines)
    assert pt == RUNNING_PT[-1] and len(lines) <= 3 and text.endswith(SHORTENED + CONTINUED)
    kept = text.removesuffix(SHORTENED + CONTINUED)
    assert headline.startswith(kept) and cut_edge(headline, len(kept))
    for headline in ("打造绿色创新标杆，提升区域服务能级", "区委书记王平调研盈浦街道并主持召开座谈会", headline):
        lines, pt = running_title(headline, face, 160)
        assert all(word_edge(a, b) for a, b in zip(lines, lines[1:])), lines
        assert all(sum(ch not in "，“”（）—…" for ch in line) > 1 for line in lines), lines
        assert all(face(pt)(line) <= 160 for line in lines), lines
