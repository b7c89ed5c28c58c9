from edition.structure.lines import group_blocks, read_lines
from edition.structure.paragraphs import build_paragraphs


def paragraphs(text: str) -> list[str]:
    return build_paragraphs(group_blocks(read_lines(text)))


def test_blank_line_inside_a_word_is_a_column_break():
    assert paragraphs("会议要求，要全面推进乡村振\n\n兴战略落地见效。\n\n第二段。") == \
        ["会议要求，要全面推进乡村振兴战略落地见效。", "第二段。"]


def test_hard_wrapped_lines_join_until_a_short_sentence_end():
    text = ("王平代表区委、区政府向中石化上海\n石油分公司对青浦经济社会发展的支持表\n示感谢。他说，当前，青浦正深入贯彻落实\n"
            "以产业升级推动新质生产力、新能源发展。\n希望青浦区继续支持综合能源服务站建设\n仪式。\n下一段开始了，这里是\n第二段的结尾。")
    result = paragraphs(text)
    assert len(result) == 2
    assert result[0].startswith("王平代表") and result[0].endswith("仪式。")
    assert "新能源发展。希望" in result[0], "a full line ending in 。 continues"


def test_sentence_end_before_a_blank_line_ends_the_paragraph_even_when_full():
    text = "全力支持中石化上海石油分公司在青发展。\n\n丁春生代表中石化上海石油分公司向青\n浦区委表示感谢。"
    assert len(paragraphs(text)) == 2


def test_comma_at_column_foot_continues_across_blank_line():
    assert paragraphs("和党建工作力量全覆盖，\n\n进一步深化网格治理。") == ["和党建工作力量全覆盖，进一步深化网格治理。"]
