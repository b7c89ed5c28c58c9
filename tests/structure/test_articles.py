"""Hand-made pages for each phenomenon of input-notes.md, one test per case."""
from edition.model import Guide, Headline, Quote
from tests.helpers import articles, codes, items_of, structure

LEAD_A = "3月1日，区里举行春季植树活动，志愿者种下银杏树苗三百棵。"
LEAD_B = "3月2日，新建的社区图书馆开放，居民可以免费借阅图书。"


def test_title_before_byline_goes_to_the_following_story():
    [a] = articles(structure(f"春季植树活动举行\n\n记者 张三\n\n{LEAD_A}"))
    assert a.headline == "春季植树活动举行" and a.byline.text == "记者 张三"
    assert a.paragraphs == (LEAD_A,) and not a.headline_inferred


def test_title_after_body_goes_to_its_own_article():
    text = f"记者 张三\n\n{LEAD_A}\n\n志愿者种下银杏树苗\n\n记者 李四\n\n{LEAD_B}\n\n社区图书馆开放"
    a, b = articles(structure(text))
    assert a.headline == "志愿者种下银杏树苗"
    assert b.headline == "社区图书馆开放"


def test_title_far_from_its_story_is_placed_by_content():
    text = (f"记者 张三\n\n{LEAD_A}\n\n记者 李四\n\n{LEAD_B}\n\n区里举行春季植树活动种下银杏树苗\n\n"
            "记者 王五\n\n3月3日，河道整治工程完工，河水变清了。\n\n河道整治工程完工")
    a, b, c = articles(structure(text))
    assert a.headline == "区里举行春季植树活动种下银杏树苗"
    assert b.headline_inferred and c.headline == "河道整治工程完工"


def test_two_line_title_keeps_its_line_break():
    [a] = articles(structure(f"让城市治理更智慧\n让群众生活更美好\n\n记者 张三\n\n{LEAD_A}"))
    assert a.headline == "让城市治理更智慧\n让群众生活更美好"


def test_main_title_with_subtitle():
    [a] = articles(structure(f"银杏成林\n\n区里举行春季植树活动\n\n记者 张三\n\n{LEAD_A}"))
    assert (a.headline, a.subheadlines) == ("银杏成林", ("区里举行春季植树活动",))


def test_title_that_fits_no_story_becomes_an_orphan_headline_with_warning():
    text = f"记者 张三\n\n{LEAD_A}\n\n植树造林\n\n在讲好家乡故事中\n厚植家国情怀\n\n记者 李四\n\n{LEAD_B}\n\n社区图书馆开放"
    issue = structure(text)
    [orphan] = items_of(issue, Headline)
    assert orphan.text == "在讲好家乡故事中\n厚植家国情怀"
    assert "orphan-headline" in codes(issue)


def test_story_without_title_gets_an_inferred_headline_and_warning():
    issue = structure(f"记者 张三\n\n{LEAD_A}")
    [a] = articles(issue)
    assert a.headline_inferred and a.headline in LEAD_A and "3月1日" not in a.headline
    assert "headline-inferred" in codes(issue)


def test_jump_lines_set_continuations_and_are_not_body():
    issue = structure(f"植树活动\n\n记者 张三\n\n{LEAD_A}志愿者们 下转►2版\n\f上接►1版\n\n纷纷表示明年还来。")
    first, second = articles(issue)
    assert first.continued_to == 2 and "下转" not in "".join(first.paragraphs)
    assert second.continued_from == 1 and second.paragraphs == ("纷纷表示明年还来。",)
    assert "jump-target-missing" not in codes(issue)


def test_jump_to_a_page_not_in_the_issue_warns():
    issue = structure(f"记者 张三\n\n{LEAD_A}\n\n下转第5版")
    assert articles(issue)[0].continued_to == 5 and "jump-target-missing" in codes(issue)


def test_guide_box_entries_with_pages():
    issue = structure(f"记者 张三\n\n{LEAD_A}\n\n导读\n\n为基层文化注入新活力\n\n刊2版►\n\n试行“彩虹管理” 打造畅道 刊3版►")
    [guide] = items_of(issue, Guide)
    assert guide.label == "导读"
    assert [(e.title, e.page) for e in guide.entries] == [("为基层文化注入新活力", 2), ("试行“彩虹管理” 打造畅道", 3)]


def test_quote_box_with_attribution_on_two_lines():
    text = (" 强国金句\n\n红色资源是不可再生、不可替代的珍贵资源，保护是首要任\n\n务。要本着对历史负责的态度。\n\n"
            "——习近平2021年6月25日在中央政治局集\n\n体学习时的讲话\n 记者 张三\n\n" + LEAD_A)
    issue = structure(text)
    [q] = items_of(issue, Quote)
    assert q.label == "强国金句" and q.text.startswith("红色资源") and q.text.endswith("态度。")
    assert q.attribution == "——习近平2021年6月25日在中央政治局集体学习时的讲话"
    assert articles(issue)[0].byline.text == "记者 张三"


def test_ascii_punctuation_is_fullwidth_in_body_and_titles():
    [a] = articles(structure("坚定信心,全力抓改革\n\n记者 张三\n\n3月12日,区委(扩大)会议举行!"))
    assert a.headline == "坚定信心，全力抓改革" and a.paragraphs == ("3月12日，区委（扩大）会议举行！",)


def test_column_fragment_between_body_paragraphs_is_not_a_title():
    text = f"记者 张三\n\n{LEAD_A}\n\n会议要求，要全力抓改革，落实\n\n落细高质量发展目标任务。"
    [a] = articles(structure(text))
    assert a.paragraphs[1] == "会议要求，要全力抓改革，落实落细高质量发展目标任务。"


def test_several_input_pages_by_form_feed():
    issue = structure(f"记者 张三\n\n{LEAD_A}\f记者 李四\n\n{LEAD_B}")
    assert [p.number for p in issue.pages] == [1, 2]
