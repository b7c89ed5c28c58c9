"""The second look at paragraph starts (structure/starts.py): each named feature on small
hand-made text, and the decision it feeds with the fitted weights."""
from collections import Counter

from edition.structure.features import PageView, char_pairs
from edition.structure.lines import read_lines
from edition.structure.starts import (body_paragraphs, opening, paragraphs_before, promote_story_starts,
                                      shared_rare_pairs, shared_share, start_features, title_gain)

TREES_1 = "3月1日，区里举行春季植树活动，志愿者在滨河公园种下银杏树苗三百棵。"
TREES_2 = "滨河公园管理处为银杏树苗配备了专人养护，确保成活率。"
TREES_3 = "植树活动现场，志愿者们分组挖坑、扶苗、培土，滨河公园一片忙碌。"
LIBRARY = "3月2日，城北新建的社区图书馆正式对外开放，居民凭身份证即可免费借阅图书。"
BACK_REF = "会上，滨河公园管理处介绍了银杏树苗的养护计划。"


def test_body_paragraphs_are_the_runs_of_a_paragraph_start_and_its_later_lines():
    labels = ["title", "lead", "para_cont", "para_start", "byline", "para_cont", "para_start"]
    assert body_paragraphs(labels) == [(1, 3), (3, 4), (5, 6), (6, 7)]


def test_shared_rare_pairs_counts_only_pairs_few_paragraphs_hold():
    before, after = char_pairs("滨河公园的工作"), char_pairs("滨河公园的工作")
    few = Counter({p: 2 for p in char_pairs("滨河公园")}) + Counter({p: 9 for p in char_pairs("的工作")})
    assert shared_rare_pairs(before, after, few) == "r2_3"        # 滨河 河公 公园, not 的工 工作
    assert shared_rare_pairs(before, char_pairs("社区图书馆"), few) == "r2_0"


def test_shared_share_is_the_share_of_the_smaller_side():
    assert shared_share(char_pairs(TREES_1), char_pairs(TREES_2)) != "sh_0"
    assert shared_share(char_pairs(TREES_2), char_pairs(LIBRARY)) == "sh_0"


def test_opening_names_a_date_a_dateline_and_words_that_refer_back():
    assert opening("3月2日，城北新建的社区图书馆", False) == ["dated"]
    assert opening("本报杭州3月5日电（记者王五）", True)[0] == "dateline"
    assert opening("近日，城北新建的社区图书馆", False) == ["lead_opening"]
    assert opening("会上，管理处介绍了养护计划", False) == ["follow_on"]
    assert opening("居民凭身份证即可借阅", False) == []


def test_title_gain_is_how_much_more_of_a_near_title_the_text_from_the_start_repeats():
    view = PageView.of(read_lines("\n".join(["社区图书馆开放", TREES_1, LIBRARY])))
    title = [(0, char_pairs("社区图书馆开放"))]
    assert title_gain(title, 2, view.offsets, char_pairs(TREES_1), char_pairs(LIBRARY)) in ("echo_mid", "echo_hi")
    assert title_gain(title, 2, view.offsets, char_pairs(LIBRARY), char_pairs(TREES_1)) == "echo_0"


def test_paragraphs_before_buckets_the_count():
    assert [paragraphs_before(n) for n in (1, 2, 3, 4, 5, 6, 9)] == \
        ["since_1", "since_2", "since_3", "since_4", "since_4", "since_6+", "since_6+"]


def test_features_are_made_only_for_later_paragraph_starts_after_body_text():
    text = "\n".join(["植树", TREES_1, TREES_2, TREES_3, LIBRARY])
    labels = ["title", "lead", "para_start", "para_start", "para_start"]
    got = start_features(PageView.of(read_lines(text)), labels)
    assert sorted(got) == [2, 3, 4]
    assert "dated" in got[4] and "since_3" in got[4] and "since_1" in got[2]


def test_a_dated_paragraph_sharing_no_words_with_the_story_before_it_becomes_a_lead():
    text = "\n".join([TREES_1, TREES_2, TREES_3, LIBRARY])
    labels = ["lead", "para_start", "para_start", "para_start"]
    assert promote_story_starts(PageView.of(read_lines(text)), labels) == ["lead", "para_start", "para_start", "lead"]


def test_a_paragraph_that_refers_back_stays_a_later_paragraph():
    text = "\n".join([TREES_1, TREES_2, TREES_3, BACK_REF])
    labels = ["lead", "para_start", "para_start", "para_start"]
    assert promote_story_starts(PageView.of(read_lines(text)), labels) == labels


def test_the_labellers_own_leads_are_kept():
    text = "\n".join([TREES_1, TREES_2, BACK_REF])
    labels = ["lead", "para_start", "lead"]
    assert promote_story_starts(PageView.of(read_lines(text)), labels) == labels
    assert promote_story_starts(PageView.of(read_lines(text)), labels, weights={"bias": -9.0}) == labels


def test_text_pairs_are_those_of_the_lines_run_together():
    from edition.structure.starts import text_pairs
    lines = ["滨河公园管理", "处为银杏树苗", "2025", "配备了专人养护"]
    view = PageView.of(read_lines("\n".join(lines)))
    assert text_pairs(view, 0, 4) == char_pairs("".join(lines))


def test_a_kickers_words_repeated_by_a_later_paragraph_are_no_title_echo():
    # 图书 (a beat's kicker, four characters) recurs in the last paragraph; a full title's
    # words would make that paragraph look like the lead the title heads.
    later = "图书馆还设有自习区，图书可以在全市各分馆通借通还。"
    for kicker, echoed in (("图书借阅", False), ("图书馆开放自习区", True)):
        text = "\n".join([kicker, TREES_1, TREES_2, later])
        got = start_features(PageView.of(read_lines(text)), ["title", "lead", "para_start", "para_start"])
        assert ("echo_0" not in got[3]) is echoed
