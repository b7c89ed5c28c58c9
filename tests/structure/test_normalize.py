from edition.structure.normalize import (
    display_width, ends_sentence, fullwidth_punctuation, join_wrapped, normalize_body, normalize_title,
)


def test_ascii_punctuation_between_cjk_becomes_fullwidth():
    assert fullwidth_punctuation("3月12日,区委(扩大)会议!好吗?是:对;") == "3月12日，区委（扩大）会议！好吗？是：对；"


def test_digits_and_latin_keep_ascii_punctuation():
    assert fullwidth_punctuation("时间 10:30, 数量 1,000") == "时间 10:30, 数量 1,000"
    assert fullwidth_punctuation("Hello, world (test)") == "Hello, world (test)"


def test_stray_spaces_next_to_cjk_are_removed():
    assert normalize_body("8 月 27 日上午，与 12345市民服务热线，城市体征 3.0 建设") == \
        "8月27日上午，与12345市民服务热线，城市体征3.0建设"


def test_decimals_and_codes_survive():
    text = normalize_body("新城一站 38A-02A 幼儿园，面积 3.5 万平方米")
    assert "38A-02A" in text and "3.5" in text


def test_title_keeps_its_deliberate_space():
    assert normalize_title("找准产业赛道 推动产业集群化发展") == "找准产业赛道 推动产业集群化发展"
    assert normalize_title("坚定信心,全力抓改革") == "坚定信心，全力抓改革"


def test_latin_words_split_by_a_wrap_get_a_space():
    assert join_wrapped("使用 open", "source 软件") == "使用 open source 软件"
    assert join_wrapped("全面推进乡村振", "兴战略") == "全面推进乡村振兴战略"
    assert join_wrapped("共计 15", "00 个") == "共计 1500 个"


def test_sentence_end_and_width():
    assert ends_sentence("温度。”") and ends_sentence("好！") and not ends_sentence("落实")
    assert display_width("8月 26日") == 3.5
