"""Hand-made pages for each phenomenon of input-notes.md, one test per case."""
from pathlib import Path

import pytest

from edition.model import Guide, Headline, Quote
from edition.structure.normalize import normalize_body
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
    [a] = articles(structure("坚定信心,全力抓改革\n\n记者 张三\n\n3月12日,区委(扩大)会议举行!全区干部参加会议。"))
    assert a.headline == "坚定信心，全力抓改革" and a.paragraphs == ("3月12日，区委（扩大）会议举行！全区干部参加会议。",)


def test_column_fragment_between_body_paragraphs_is_not_a_title():
    text = f"记者 张三\n\n{LEAD_A}\n\n会议要求，要全力抓改革，落实\n\n落细高质量发展目标任务。"
    [a] = articles(structure(text))
    assert a.paragraphs[1] == "会议要求，要全力抓改革，落实落细高质量发展目标任务。"


def test_several_input_pages_by_form_feed():
    issue = structure(f"记者 张三\n\n{LEAD_A}\f记者 李四\n\n{LEAD_B}")
    assert [p.number for p in issue.pages] == [1, 2]


# --- pages the first structurer could not read (issue 10) ---------------------------------

def wrap(text: str, width: int) -> str:
    """Hard-wrap a paragraph as a content-stream extractor emits it: one printed line a line."""
    return "\n".join(text[k:k + width] for k in range(0, len(text), width))


BRIEFS = [
    ("老街茶馆重新开张", "记者 张三", "3月3日，修缮一新的老街茶馆重新开张，街坊们一早就来喝头一壶茶。"
     "茶馆保留了木桌长凳，墙上挂着老照片。"),
    ("河道整治工程完工", "记者 李四", "近日，城东河道整治工程完工，沿河新修步道两公里，河水清了，鱼也多了。"),
    ("社区食堂推出敬老套餐", "通讯员 王五", "3月4日起，社区食堂推出敬老套餐，七十岁以上老人每份减免三元。"
     "食堂负责人说，菜单每周更换。"),
    ("春季招聘会吸引千人", "记者 赵六", "3月5日，区人才市场举办春季招聘会，两百余家企业带来三千多个岗位。"),
]


def no_blank_page(width: int) -> str:
    parts = []
    for title, byline, body in BRIEFS:
        parts += [title, byline, wrap(body, width)]
    return "\n".join(parts)


def test_stories_without_blank_lines_in_narrow_columns_are_found_one_by_one():
    for width in (9, 12):
        found = articles(structure(no_blank_page(width)))
        assert [a.headline for a in found] == [t for t, _, _ in BRIEFS], width
        assert [a.byline.text for a in found] == [b for _, b, _ in BRIEFS]
        assert ["".join(a.paragraphs) for a in found] == [body for _, _, body in BRIEFS]


def test_bare_name_byline_is_not_glued_to_the_lead():
    text = f"让好政策落到实处\n张 三\n{wrap('张三为新一年的征程写下几句话：政策好不好，要看群众能不能用得上。', 14)}"
    [a] = articles(structure(text))
    assert a.byline is not None and a.byline.text == "张 三"
    assert a.paragraphs[0].startswith("张三为新一年的征程")


def test_place_and_name_byline_over_a_commentary():
    body = "一座城市的温度，往往藏在街角巷尾的细节里。路灯修好了，台阶加了扶手，老人出门就放心了。"
    [a] = articles(structure(f"细节里的城市温度\n浙江省宁波市 李四\n{wrap(body, 16)}"))
    assert a.byline.text == "浙江省宁波市 李四" and a.byline.credits[0].name == "李四"
    assert a.paragraphs == (body,)


def test_dateline_opens_a_story_and_stays_in_its_lead():
    first = "本报杭州3月5日电 （记者王五）杭州今天发布春季出行提示，提醒市民错峰出行。"
    second = "本报宁波3月5日电 宁波港今年前两个月集装箱吞吐量同比增长一成。"
    text = f"杭州发布春季出行提示\n{wrap(first, 15)}\n宁波港吞吐量增长\n{wrap(second, 15)}"
    a, b = articles(structure(text))
    assert a.byline is None and a.paragraphs[0].startswith("本报杭州3月5日电")
    assert b.paragraphs[0].startswith("本报宁波3月5日电") and b.headline == "宁波港吞吐量增长"


def test_two_titles_of_side_by_side_modules_on_one_line_are_split():
    text = (f"老街茶馆重新开张 社区食堂推出敬老套餐\n记者 张三\n{BRIEFS[0][2]}\n\n"
            f"通讯员 王五\n{BRIEFS[2][2]}")
    a, b = articles(structure(text))
    assert a.headline == "老街茶馆重新开张" and b.headline == "社区食堂推出敬老套餐"


def test_title_wrapped_inside_a_word_is_one_title():
    body = "3月6日，浙江推进县域特色产业发展现场会召开，各县交流了特色产业发展的做法。"
    [a] = articles(structure(f"浙江推进县域特\n色产业发展\n记者 张三\n{wrap(body, 13)}"))
    assert a.headline.replace("\n", "") == "浙江推进县域特色产业发展" and not a.subheadlines


def test_title_printed_after_its_own_body():
    text = f"记者 张三\n{wrap(BRIEFS[1][2], 12)}\n河道整治工程完工\n记者 李四\n{wrap(BRIEFS[3][2], 12)}\n春季招聘会吸引千人"
    a, b = articles(structure(text))
    assert a.headline == "河道整治工程完工" and b.headline == "春季招聘会吸引千人"


def test_a_continuation_sheet_is_read_back_into_its_page():
    body = BRIEFS[0][2]
    sheet1 = f"测试报\n第1版 要闻\n老街茶馆重新开张\n记者 张三\n{body[:20]}\n下转►第2页"
    sheet2 = f"第1版（续） 要闻 测试报\n上接►第1页\n老街茶馆重新开张（续）\n{body[20:]}"
    issue = structure(f"{sheet1}\f{sheet2}")
    assert len(issue.pages) == 1
    [a] = articles(issue)
    assert a.paragraphs == (body,) and a.continued_to is None


def test_inferred_headline_is_a_whole_clause_not_cut_inside_quotes():
    lead = "8月27日上午，“新质青浦，产业赋能”走进青浦活动举行，三十家企业参加。"
    [a] = articles(structure(f"记者 张三\n\n{lead}"))
    assert a.headline_inferred and a.headline.startswith("“新质青浦，产业赋能”走进青浦活动举行")
    assert a.headline.count("“") == a.headline.count("”") and "…" not in a.headline


# --- two stories run together (assembly from given labels) ---------------------------------

def _assemble(text: str, labels: list[str]):
    from edition.structure.articles import build_items
    from edition.structure.lines import read_lines
    lines = read_lines(text)
    assert len(lines) == len(labels)
    items, _ = build_items(1, lines, labels)
    return [it for it in items if hasattr(it, "paragraphs")]


PARA_A2 = "志愿者们还为新栽的树苗浇水培土，挂上了养护牌。"
LEAD_C = "3月5日，河道整治工程完工，两岸步道同步开放，市民可以沿河散步。"


def test_a_story_whose_lead_was_read_as_a_paragraph_is_cut_where_its_titles_words_begin():
    # The second story's lead was labelled a later paragraph; its title is printed after
    # the body. Both title groups claim the one draft: it is cut at the lead-like paragraph.
    text = f"植树活动举行 志愿者种下银杏\n{LEAD_A}\n{PARA_A2}\n{LEAD_C}\n\n河道整治工程完工步道开放"
    a, c = _assemble(text, ["title", "lead", "para_start", "para_start", "title"])
    assert a.paragraphs == (LEAD_A, PARA_A2) and a.headline == "植树活动举行 志愿者种下银杏"
    assert c.paragraphs == (LEAD_C,) and c.headline == "河道整治工程完工步道开放"


def test_a_lead_read_as_more_of_the_paragraph_above_is_cut_off_at_its_first_line():
    # The paragraph above ended its last sentence at the end of a line, and the next
    # story's lead was read as its next line: the cut falls inside that paragraph.
    text = f"植树活动举行 志愿者种下银杏\n{LEAD_A}\n{PARA_A2}\n{LEAD_C}\n\n河道整治工程完工步道开放"
    a, c = _assemble(text, ["title", "lead", "para_start", "para_cont", "title"])
    assert a.paragraphs == (LEAD_A, PARA_A2) and a.headline == "植树活动举行 志愿者种下银杏"
    assert c.paragraphs == (LEAD_C,) and c.headline == "河道整治工程完工步道开放"


def test_a_paragraph_that_ends_a_sentence_at_a_lines_end_stays_whole_where_no_story_is_cut():
    text = f"植树活动举行\n{LEAD_A}\n{PARA_A2}\n志愿者们约定每月来河岸看望树苗。"
    [a] = _assemble(text, ["title", "lead", "para_start", "para_cont"])
    assert a.paragraphs == (LEAD_A, PARA_A2 + "志愿者们约定每月来河岸看望树苗。")


def test_paragraphs_between_two_claimed_heads_go_with_the_story_whose_words_they_share():
    # Two heads claim one draft; the cut falls between the paragraph holding the first
    # title's words and the one holding the second's. A paragraph between them that repeats
    # neither title goes with the story whose other paragraphs share its words.
    lead_b = "新建的社区图书馆正式开放，居民可以免费借阅图书。"
    middle = "志愿者们还为新栽的银杏树苗浇水培土，挂上了养护牌。"
    text = f"春季植树活动举行\n{LEAD_A}\n{middle}\n{lead_b}\n\n社区图书馆正式开放"
    a, b = _assemble(text, ["title", "lead", "para_start", "para_start", "title"])
    assert a.paragraphs == (LEAD_A, middle) and b.paragraphs == (lead_b,)


def test_a_story_whose_lead_opens_with_its_subject_is_cut_where_its_titles_words_begin():
    # The second story's lead opens with no date; its title, drawn after the bodies, is
    # all in the second paragraph and the first title all in the first: a clear cut.
    lead_b = "新建的社区图书馆正式开放，居民可以免费借阅图书。"
    text = f"春季植树活动举行\n{LEAD_A}\n{lead_b}\n\n社区图书馆正式开放"
    a, b = _assemble(text, ["title", "lead", "para_start", "title"])
    assert (a.headline, a.paragraphs) == ("春季植树活动举行", (LEAD_A,))
    assert (b.headline, b.paragraphs) == ("社区图书馆正式开放", (lead_b,))


# Two stories run together (the second's lead read as a later paragraph) under the first
# title, the second title and its writer drawn after the bodies: (first title, its two
# paragraphs, the other two, second title, credit).
RUN_TOGETHER = [
    # The second title shares too few words with the whole to claim it, some with the last
    # paragraphs, which share none with the first title: it heads them.
    ("市民热线办结率持续提升",
     ("市民服务热线去年共受理群众来电一百二十多万件，办结率持续提升。", "热线还建立了诉求分析机制，市民服务热线的办结率逐月提高。"),
     ("随着气温回升，南岭县二十余万亩茶园陆续开采，茶农们抢抓晴好天气采摘头茶。", "今年全县推广机采与手采相结合的方式，帮助茶农减少中间环节。"),
     "南岭县茶叶春采全面展开", "记者 张三"),
    # The second (a commentary's) title claims the whole, its lead repeats too few of its
    # words to be cut at by them alone; the first title heads the first paragraphs, and the
    # paragraph between (words of neither) goes with the story whose words it shares.
    ("农村客运实现村村通公交",
     ("随着最后两条线路开通，全县一百八十六个建制村全部通上公交，农村群众出行更便捷。", "县交通运输局表示，将根据村民出行需求调整班次，在赶集日增加运力，方便村民出行。"),
     ("政务服务窗口是群众办事的第一站，也是检验作风的试金石。", "窗口服务没有终点，只有把小事当成大事来办，小窗口才能真正传递出大温度。"),
     "让小窗口传递大温度", "王小明"),
    # As the first, but one of the second title's pairs (城市) also stands in the first story,
    # whose own title's words all sit in its own paragraphs.
    ("筑牢网络安全和数字安全屏障",
     ("区委网络安全和信息化委员会举行会议，筑牢网络安全和数字安全屏障，守护城市运行。", "会议要求，要筑牢网络安全屏障，强化数字安全，提升网络安全和数字安全防护能力。"),
     ("走进位于老工业区的纺织书房，高大的厂房里保留着当年的行车轨道。", "这里原是一家纺织厂的织布车间，去年改造为公共阅读空间。"),
     "废旧厂房变身城市书房", "摄影 李四"),
    # As the last, with only three quarters of the first story's own title in its paragraphs
    # (a title is not all its story's words).
    ("全镇推进农田水渠修缮保春耕",
     ("今年全镇推进农田水渠修缮，让城市周边的菜地也能浇上水，涉及农户两千余户。", "修缮内容包括疏通渠道、加固闸门和更换水泵。"),
     ("河边那座废弃的粮站昨天变成了茶馆，木梁下摆着十几张方桌。", "这座城市的茶馆每天开到晚上十点。"),
     "城市茶馆开门迎客", "记者 王五"),
]


@pytest.mark.parametrize("title_a,body_a,body_b,title_b,credit", RUN_TOGETHER,
                         ids=["tail", "head", "common-word", "own-title-partly"])
def test_an_unclaimed_title_parts_two_stories_run_together(title_a, body_a, body_b, title_b, credit):
    text = "\n".join([title_a, *body_a, *body_b, "", title_b, credit])
    a, b = _assemble(text, ["title", "lead", "para_start", "para_start", "para_start", "title", "byline"])
    assert (a.headline, a.paragraphs) == (title_a, body_a)
    assert (b.headline, b.paragraphs) == (title_b, body_b)
    assert b.byline is not None and b.byline.text == credit


def test_a_subtitle_about_a_later_paragraph_does_not_cut_its_story():
    later = "会上，与会人员还就河道整治工程完工后的步道养护作了交流。"
    text = f"植树活动举行 志愿者种下银杏\n{LEAD_A}\n{later}\n\n河道整治工程完工步道养护"
    [a] = _assemble(text, ["title", "lead", "para_start", "title"])
    assert a.paragraphs == (LEAD_A, later)


def test_the_line_after_a_quote_label_is_the_quotation_in_any_column_width():
    from edition.structure.labels import label_lines
    from edition.structure.lines import read_lines
    body = "\n".join(["区里举行春季植树活动，", "志愿者种下银杏树苗三", "百棵，河岸一片新绿。"])
    quote = "\n".join(["绿水青山就是金山银山，保护生态环境就是", "保护生产力，改善生态环境就是发展生产力。"])
    labels = label_lines(read_lines(f"{body}\n\n一句话\n{quote}\n——在全区生态工作会议上的讲话"))
    assert labels[labels.index("quote_label") + 1] == "quote_text"


def test_a_line_of_the_quotation_ending_on_a_question_mark_is_no_label():
    # A box's label names the box; it asks nothing: the quotation's line that ends on ？ is
    # quotation, and the label above it keeps its box.
    from edition.structure.labels import label_lines
    from edition.structure.lines import read_lines
    body = "\n".join(["区里举行春季植树活动，", "志愿者种下银杏树苗三", "百棵，河岸一片新绿。"])
    box = "\n".join(["每周一语", "绿水青山的账怎么算？", "一张蓝图绘到底！", "——在全区生态工作会议上的讲话"])
    labels = label_lines(read_lines(f"{body}\n{box}"))
    assert labels[3:7] == ["quote_label", "quote_text", "quote_text", "quote_attr"]


def test_two_titles_run_together_without_a_space_are_cut_by_content():
    lead_b = "3月2日，新建的社区图书馆正式开放，居民可以免费借阅图书。"
    text = f"志愿者种下银杏树苗社区图书馆正式开放\n{LEAD_A}\n{lead_b}"
    a, b = _assemble(text, ["title", "lead", "lead"])
    assert a.headline == "志愿者种下银杏树苗" and b.headline == "社区图书馆正式开放"


def test_one_title_with_a_comma_is_not_cut_into_two():
    lead_b = "3月2日，新建的社区图书馆正式开放，居民可以免费借阅图书。"
    text = f"志愿者种下银杏树苗，社区图书馆正式开放\n{LEAD_A}\n{lead_b}"
    items = _assemble(text, ["title", "lead", "lead"])
    assert "志愿者种下银杏树苗，社区图书馆正式开放" in [a.headline for a in items]


def test_a_byline_over_a_lead_whose_dateline_credits_its_reporter_belongs_to_the_story_above():
    # Titles drawn after their bodies: story A's byline comes after its body; the story below
    # names its reporter in its dateline and so prints no byline of its own.
    lead_c = "本报临江3月5日电（记者王五）河道整治工程完工，两岸步道同步开放。"
    text = f"{LEAD_A}\n下转►2版\n记者 张三\n{lead_c}"
    a, c = _assemble(text, ["lead", "jump_to", "byline", "lead"])
    assert a.byline.text == "记者 张三" and a.continued_to == 2
    assert c.byline is None and c.paragraphs == (lead_c,)


def test_a_byline_over_a_lead_without_a_crediting_dateline_opens_the_story_below():
    text = f"{LEAD_A}\n下转►2版\n记者 张三\n{LEAD_C}"
    a, c = _assemble(text, ["lead", "jump_to", "byline", "lead"])
    assert a.byline is None and c.byline.text == "记者 张三"


def test_a_title_that_shares_no_words_goes_to_the_side_where_the_pages_other_titles_stand():
    # Titles are drawn after their stories: the one that matches by content shows the page's
    # habit, so the second, which shares no words with any story, goes to the story before
    # it, not to the untitled story after it.
    lead_b = "3月2日，新建的社区图书馆正式开放，居民可以免费借阅图书。"
    text = f"{LEAD_A}\n志愿者种下银杏树苗\n{lead_b}\n周末去看书\n{LEAD_C}"
    a, b, c = _assemble(text, ["lead", "title", "lead", "title", "lead"])
    assert (a.headline, b.headline) == ("志愿者种下银杏树苗", "周末去看书") and c.headline_inferred


def test_a_kicker_follows_the_title_beside_it_when_side_by_side_heads_are_interleaved():
    # Two modules side by side: an extractor reads both heads first, then both bodies, so
    # the second head's group stands over the first story. Its kicker shares no words with
    # either story but goes with its title.
    lead_b = "3月2日，新建的社区图书馆正式开放，居民可以免费借阅图书。"
    text = f"志愿者种下银杏树苗\n记者 张三\n书香满城\n社区图书馆正式开放\n记者 李四\n{LEAD_A}\n{lead_b}"
    a, b = _assemble(text, ["title", "byline", "title", "title", "byline", "lead", "lead"])
    assert a.headline == "志愿者种下银杏树苗"
    assert (b.headline, b.subheadlines) == ("书香满城", ("社区图书馆正式开放",))


def test_a_credit_line_repeating_the_role_above_it_is_the_next_storys_byline():
    # Titles drawn after their bodies: story A's title and byline, then story C's byline.
    text = f"{LEAD_A}\n志愿者种下银杏树苗\n特聘记者 张三\n特聘记者 李四\n{LEAD_C}"
    a, c = _assemble(text, ["lead", "title", "byline", "byline", "lead"])
    assert a.byline.text == "特聘记者 张三" and c.byline.text == "特聘记者 李四"


def test_a_byline_of_two_roles_over_two_lines_stays_one():
    [a] = _assemble(f"志愿者种下银杏树苗\n记者 张三\n通讯员 李四\n{LEAD_A}", ["title", "byline", "byline", "lead"])
    assert a.byline.text == "记者 张三 通讯员 李四"



def test_a_byline_under_two_titles_of_two_stories_goes_with_the_title_right_above_it():
    # Narrow columns: the story above's title (drawn after it) and the next story's title
    # and byline are read as one head.
    text = f"{LEAD_A}\n志愿者种下银杏树苗\n河道整治工程完工步道开放\n记者 李四\n{LEAD_C}"
    a, c = _assemble(text, ["lead", "title", "title", "byline", "lead"])
    assert a.headline == "志愿者种下银杏树苗" and a.byline is None
    assert c.headline == "河道整治工程完工步道开放" and c.byline.text == "记者 李四"


@pytest.mark.parametrize("text", [
    "坚定信心，全力抓改革\n记者 张三\n3月12日，区委扩大会议举行。会议传达学习全国两会精神。",
    "春季植树活动举行\n\n记者 张三\n\n3月1日，区里举行春季植树活动，志愿者种下银杏树苗三百棵。",
    "社区图书馆开放\n本报讯（记者 李四）新建的社区图书馆昨天开放，居民可以免费借阅图书。",
    "河道整治工程完工\n3月5日，河道整治工程完工，两岸步道同步开放，市民可以沿河散步！",
    "老街茶馆重新开张\n记者 张三\n3月3日，修缮一新的老街茶馆重新开张，\n街坊们一早就来喝头一壶茶。",
    "读懂菜篮子里的民生温度\n\n浙江省宁波市 李四\n\n菜价连着民生，一头系着市民的餐桌，一头系着农户的收入。",
    "让城市治理更智慧\n让群众生活更美好\n记者 张三\n8月27日上午，区里召开城市治理工作会议。",
])
def test_a_one_story_page_comes_out_as_its_title_byline_and_text(text):
    [a] = articles(structure(text))
    assert not a.headline_inferred and a.headline.replace("\n", "") in text.replace("\n", "")
    assert a.paragraphs and a.paragraphs[-1][-1] in "。！"


def test_paragraphs_that_all_open_with_a_date_stay_one_story():
    # a day-by-day account: every paragraph opens with a date, all tell of the same work
    counts = ["三百", "二百", "四百", "一百", "五百", "六百", "二百五十", "三百五十", "一百五十", "四百五十", "八百", "九百"]
    days = [f"3月{day}日，区里的春季植树活动继续进行，志愿者在河岸种下银杏树苗{n}棵。"
            for day, n in zip(range(12, 24), counts)]
    [a] = articles(structure("植树活动举行\n\n记者 张三\n\n" + "\n\n".join(days)))
    assert "".join(a.paragraphs) == "".join(days)
    assert a.headline == "植树活动举行" and a.byline.text == "记者 张三"


def test_a_paragraph_opening_with_a_date_after_other_words_is_a_lead_the_labeller_may_have_missed():
    from edition.structure.features import PageView
    from edition.structure.labels import dated_paragraph_opens_a_story
    from edition.structure.lines import read_lines
    plant = ["区里举行春季植树活动，志愿", "者种下银杏树苗三百棵，植树", "活动吸引了上千名市民参加，",
             "银杏树苗沿河岸排开，志愿者", "为新栽的树苗浇水培土，挂上", "了养护牌，植树活动持续一天。"]
    river = ["河道整治工程完工，两岸步道", "同步开放，市民可以沿河散步，", "河道清淤疏浚全部完成，步道",
             "铺设透水砖，河道两侧新装路", "灯，整治工程历时八个月，河", "道水质明显好转。"]
    lines = ["植树活动举行", "3月1日，" + plant[0], *plant[1:], "3月2日，" + plant[0], *plant[1:],
             "3月5日，" + river[0], *river[1:]]
    view = PageView.of(read_lines("\n".join(lines)))
    labels = ["title"] + (["lead"] + ["para_cont"] * 5) + (["para_start"] + ["para_cont"] * 5) * 2
    out = dated_paragraph_opens_a_story(view, labels)
    # The river's paragraph shares no words with the planting: a story of its own. The
    # planting's second dated paragraph goes on with its words: it stays a paragraph.
    assert out[13] == "lead" and out[7] == "para_start"
    assert [lab for k, lab in enumerate(out) if k != 13] == [lab for k, lab in enumerate(labels) if k != 13]


@pytest.mark.parametrize("seed", sorted((Path(__file__).parents[2] / "seeds").glob("*.txt")), ids=lambda p: p.name[:3])
def test_a_storys_character_pairs_put_together_from_its_lines_are_those_of_its_text(seed):
    from edition.structure.articles import Draft, group_page, pairs_from_view
    from edition.structure.features import PageView
    from edition.structure.labels import label_view
    from edition.structure.lines import read_lines
    lines = read_lines(seed.read_text(encoding="utf-8"))
    view = PageView.of(lines)
    page = group_page(lines, label_view(view))
    at = {id(line): k for k, line in enumerate(lines)}
    drafts = [d for d in page.drafts if d.paragraphs]
    assert len(drafts) > 3
    for d in drafts:
        assert pairs_from_view(d, at, view) == Draft(0, paragraphs=d.paragraphs).body_pairs()


def test_a_title_sharing_no_words_right_over_a_byline_heads_the_untitled_story_below():
    # Titles drawn after their bodies: story A's title, then the next story's title, which
    # shares no words with it, and its byline. The title goes down with the byline rather
    # than joining story A's head as a subtitle.
    text = f"{LEAD_A}\n志愿者种下银杏树苗\n春天里的好消息\n记者 李四\n{LEAD_C}"
    a, c = _assemble(text, ["lead", "title", "title", "byline", "lead"])
    assert a.headline == "志愿者种下银杏树苗" and a.subheadlines == () and a.byline is None
    assert c.headline == "春天里的好消息" and c.byline.text == "记者 李四"


A_SECOND = "活动现场，志愿者们分组挖坑、扶苗、培土，忙得热火朝天。"


def test_a_title_whose_words_first_appear_in_a_later_paragraph_heads_a_story_from_there():
    # Two stories read as one: the first has no title on this page, the second's lead was
    # taken for a paragraph. Its title shares no words with the two paragraphs before it.
    lead_b = "新建的社区图书馆正式开放，居民可以免费借阅图书。"
    text = f"社区图书馆正式开放\n{LEAD_A}\n{A_SECOND}\n{lead_b}"
    a, b = _assemble(text, ["title", "lead", "para_start", "para_start"])
    assert a.paragraphs == (LEAD_A, A_SECOND) and a.headline_inferred
    assert (b.headline, b.paragraphs) == ("社区图书馆正式开放", (lead_b,))


def test_a_story_whose_title_words_first_appear_in_its_second_paragraph_stays_whole():
    # A commentary opens on a scene and names its subject in its second paragraph: one
    # paragraph without the title's words is no other story.
    later = "新建的社区图书馆正式开放，居民可以免费借阅图书。"
    text = f"社区图书馆正式开放\n{LEAD_A}\n{later}"
    [a] = _assemble(text, ["title", "lead", "para_start"])
    assert (a.headline, a.paragraphs) == ("社区图书馆正式开放", (LEAD_A, later))


def test_a_title_whose_words_recur_in_a_paragraph_that_refers_back_keeps_its_story_whole():
    later = "会上，新建的社区图书馆也宣布正式开放。"
    text = f"社区图书馆正式开放\n{LEAD_A}\n{later}"
    [a] = _assemble(text, ["title", "lead", "para_start"])
    assert a.paragraphs == (LEAD_A, later)


def test_a_title_between_two_stories_heads_that_fits_neither_is_the_next_ones_kicker():
    # Story A's title drawn after its body, then story C's kicker, title and lead.
    text = f"{LEAD_A}\n志愿者种下银杏树苗\n春天里的好消息\n河道整治工程完工\n{LEAD_C}"
    a, c = _assemble(text, ["lead", "title", "title", "title", "lead"])
    assert (a.headline, a.subheadlines) == ("志愿者种下银杏树苗", ())
    assert (c.headline, c.subheadlines) == ("春天里的好消息", ("河道整治工程完工",))


def test_on_a_page_of_titles_drawn_after_their_stories_a_credit_over_a_lead_closes_the_story_before():
    # A's title comes after its body, then the 文/图 credit that ends A, then C's body,
    # title and byline: the page's titles follow their stories, so the credit is A's.
    lead_b = "3月2日，新建的社区图书馆正式开放，居民可以免费借阅图书。"
    text = f"{LEAD_A}\n志愿者种下银杏树苗\n{lead_b}\n文/图 王五\n{LEAD_C}\n河道整治工程完工\n记者 李四"
    a, b, c = _assemble(text, ["lead", "title", "lead", "byline", "lead", "title", "byline"])
    assert a.headline == "志愿者种下银杏树苗" and c.headline == "河道整治工程完工"
    assert b.byline.text == "文/图 王五" and c.byline.text == "记者 李四"


def test_a_head_placed_by_position_keeps_its_titles_together_when_the_next_story_has_its_own_head():
    # Titles drawn after their stories, sharing no words with them: a kicker, a title and a
    # byline after story B, then story C and its own title and byline at the page's end. A
    # head with no story after it can only title the one before it, so the page's titles
    # stand after their stories; B's head gives C none of its titles or its byline.
    lead_b = "天刚亮，合作社的几位社员就下了地，给新栽的茶苗铺上防冻的稻草。"
    lead_c = "周末的社区活动室里，退休教师义务开讲书法课，二十多位居民按时赶来。"
    text = f"{lead_b}\n山坳里走出致富带头人\n归乡青年种出满园好收成\n本报记者 岑一舟\n{lead_c}\n山那边传来的歌声\n记者 柏千帆"
    b, c = _assemble(text, ["lead", "title", "title", "byline", "lead", "title", "byline"])
    assert (b.headline, b.subheadlines) == ("山坳里走出致富带头人", ("归乡青年种出满园好收成",))
    assert b.byline.text == "本报记者 岑一舟"
    assert (c.headline, c.subheadlines) == ("山那边传来的歌声", ()) and c.byline.text == "记者 柏千帆"


def test_on_a_page_of_titles_drawn_after_their_stories_credits_over_leads_move_up_one_story():
    # A's title is drawn after its body; B has no title on the page and its credit is drawn
    # after its body, over C's lead; C's credit stands after C's body, then C's title.
    lead_b = "3月2日，新建的社区图书馆正式开放，居民可以免费借阅图书。"
    text = f"{LEAD_A}\n志愿者种下银杏树苗\n{lead_b}\n记者 王五\n{LEAD_C}\n记者 李四\n河道整治工程完工"
    a, b, c = _assemble(text, ["lead", "title", "lead", "byline", "lead", "byline", "title"])
    assert a.headline == "志愿者种下银杏树苗" and a.byline is None
    assert b.byline.text == "记者 王五"
    assert c.headline == "河道整治工程完工" and c.byline.text == "记者 李四"


def test_a_title_sharing_one_word_with_the_untitled_story_above_goes_there_not_below():
    # A feature's title is half figure of speech (晨雾里的…老人) and half one word its story
    # says again (竹篙): one pair in seven, enough against none with the story below.
    above = "清晨五点，老渡工撑起竹篙，把第一船赶集的村民送到对岸，三十年来风雨无阻。"
    below = "近日，城南旧小区改造启动，居民的意见被逐条听进去、把实事办到位。"     # (a brief's lead)
    text = f"{above}\n晨雾里的竹篙老人\n本报记者 岑一舟\n{below}"
    a, b = _assemble(text, ["lead", "title", "byline", "lead"])
    assert a.headline == "晨雾里的竹篙老人" and b.headline_inferred


def test_a_name_alone_under_a_credit_and_over_a_title_is_the_byline_of_the_story_that_title_opens():
    # Story A's title drawn after its body with its byline, then a commentary whose writer's
    # name is set over its title.
    comment = "减负不是少开几个会，而是让基层干部把时间用在为群众办实事上。"
    text = f"{LEAD_A}\n志愿者种下银杏树苗\n记者 张三\n李四五\n基层减负要减到\n点子上\n{comment}"
    a, c = _assemble(text, ["lead", "title", "byline", "byline", "title", "title_cont", "lead"])
    assert a.headline == "志愿者种下银杏树苗" and a.byline.text == "记者 张三"
    assert c.headline == "基层减负要减到\n点子上" and c.byline.text == "李四五"


def test_a_name_alone_under_a_credit_with_the_text_after_it_stays_in_that_credit():
    text = f"志愿者种下银杏树苗\n记者 张三\n李四五\n{LEAD_A}"
    [a] = _assemble(text, ["title", "byline", "byline", "lead"])
    assert a.byline.text == "记者 张三 李四五"


def test_interleaved_heads_whose_titles_share_few_words_with_their_stories_go_by_content():
    # Two side-by-side modules read head, byline, other head, then both bodies: each title
    # shares only a few words with its own story, none with the other.
    lead_b = "社区新建的图书馆正式开放，居民可以免费借阅。"
    lead_c = "修缮后的老茶馆重新开张，街坊们一早就来喝茶。"
    text = f"街坊共读一本好书的图书馆\n记者 张三\n老街的老茶馆又热闹起来\n{lead_b}\n{lead_c}"
    b, c = _assemble(text, ["title", "byline", "title", "lead", "lead"])
    assert b.headline == "街坊共读一本好书的图书馆" and b.paragraphs == (lead_b,)
    assert c.headline == "老街的老茶馆又热闹起来" and c.paragraphs == (lead_c,)


def test_a_byline_with_a_quote_box_between_it_and_a_lead_credits_that_lead():
    # Story A ends, a credit, a quote box read in between, then the next story's lead.
    text = f"志愿者种下银杏树苗\n{LEAD_A}\n记者 张三\n每日金句\n让老街留住乡愁。\n——摘自《老街纪事》\n{LEAD_C}"
    a, c = _assemble(text, ["title", "lead", "byline", "quote_label", "quote_text", "quote_attr", "lead"])
    assert a.byline is None and c.byline.text == "记者 张三" and c.paragraphs == (LEAD_C,)


def test_a_second_reporters_credit_under_a_heads_credit_goes_to_the_next_untitled_story():
    # The heads of two side-by-side modules read one after the other: title and credit of
    # story A, the credit of the untitled story C, A's text, C's text.
    text = f"志愿者种下银杏树苗\n首席记者 张三\n本报记者 李四\n{LEAD_A}\n{LEAD_C}"
    a, c = _assemble(text, ["title", "byline", "byline", "lead", "lead"])
    assert a.byline.text == "首席记者 张三" and a.paragraphs == (LEAD_A,)
    assert c.byline.text == "本报记者 李四" and c.paragraphs == (LEAD_C,)


def test_two_stories_run_together_are_cut_by_the_titles_that_claim_them_not_their_whole_heads():
    # Story A's title drawn after its body shares a head with story B's title; B's text runs
    # on into story C's (whose lead was read as a paragraph), and C's title comes after it.
    title_a = "区里举行春季植树活动志愿者种下银杏树苗三百棵"
    lead_b = "新建的社区图书馆正式开放，居民可以免费借阅图书。"
    lead_c = "河道整治工程完工，两岸步道同步开放。"
    text = f"{LEAD_A}\n{title_a}\n社区图书馆正式开放\n记者 李四\n{lead_b}\n{lead_c}\n河道整治工程完工步道开放"
    a, b, c = _assemble(text, ["lead", "title", "title", "byline", "lead", "para_start", "title"])
    assert (a.headline, b.headline, c.headline) == (title_a, "社区图书馆正式开放", "河道整治工程完工步道开放")
    assert b.paragraphs == (lead_b,) and c.paragraphs == (lead_c,)


def test_a_name_alone_between_the_story_aboves_title_and_a_commentarys_title_is_the_commentarys():
    comment = "减负不是少开几个会，而是让基层干部把时间用在为群众办实事上。"
    text = f"{LEAD_A}\n志愿者种下银杏树苗\n李四五\n基层减负要减到点子上\n{comment}"
    a, c = _assemble(text, ["lead", "title", "byline", "title", "lead"])
    assert a.headline == "志愿者种下银杏树苗" and a.byline is None
    assert c.headline == "基层减负要减到点子上" and c.byline.text == "李四五"


def test_a_name_alone_after_a_commentarys_title_drawn_after_it_stays_when_the_next_story_credits_its_dateline():
    # A commentary's body, its title and writer drawn after it, then a news story whose
    # dateline names its reporter: such a story prints no byline, the name is the writer's.
    comment = "窗口服务没有终点，只有把群众的小事当成大事来办，小窗口才能传递大温度。"
    lead = "本报讯（见习记者 林楠）3月10日下午，区委理论学习中心组举行学习会。"
    text = f"{comment}\n让小窗口传递大温度\n李四五\n区委理论学习中心组学习会举行\n{lead}"
    c, b = _assemble(text, ["lead", "title", "byline", "title", "lead"])
    assert c.headline == "让小窗口传递大温度" and c.byline is not None and c.byline.text == "李四五"
    assert b.headline == "区委理论学习中心组学习会举行" and b.byline is None


def test_a_head_that_titles_the_story_above_and_the_one_below_gives_its_titles_in_print_order():
    # The rest of a story run over (its title drawn after it), then the next story's title
    # and byline over its lead; neither title shares enough words with its text to claim it.
    rest = "今年以来，全市新设立各类市场主体两万余户。"
    lead = "走进位于老工业区的纺织书房，书架沿着屋顶下的天窗延伸。"
    text = f"上接►4版\n{rest}\n企业开办实现一日办结\n废旧厂房变身城市书房\n本报记者 顾勇\n{lead}"
    a, b = _assemble(text, ["jump_from", "lead", "title", "title", "byline", "lead"])
    assert (a.headline, a.paragraphs, a.byline) == ("企业开办实现一日办结", (rest,), None)
    assert (b.headline, b.paragraphs) == ("废旧厂房变身城市书房", (lead,)) and b.byline.text == "本报记者 顾勇"


def test_a_head_of_two_titles_that_claim_nothing_goes_whole_to_the_story_it_stands_over():
    # Kicker and title over a story, neither repeated in its text; the story above has its own.
    lead = "走进桃园社区警务室，墙上挂着一张手绘的辖区地图，密密麻麻标满了记号。"
    text = f"植树活动举行\n{LEAD_A}\n一位社区民警的日常\n片儿警老方的三本台账\n记者 张三\n{lead}"
    a, b = _assemble(text, ["title", "lead", "title", "title", "byline", "lead"])
    assert a.headline == "植树活动举行"
    assert (b.headline, b.subheadlines) == ("一位社区民警的日常", ("片儿警老方的三本台账",))


def test_a_credit_under_the_jump_line_that_ends_a_story_is_that_storys():
    text = f"植树活动举行\n{LEAD_A}\n下转►4版\n本报记者 田欣阳\n本期导读\n社区图书馆开放\n刊2版►"
    labels = ["title", "lead", "jump_to", "byline", "guide_label", "guide_entry", "guide_mark"]
    [a] = _assemble(text, labels)
    assert a.headline == "植树活动举行" and a.continued_to == 4 and a.byline.text == "本报记者 田欣阳"


def test_a_name_alone_under_a_title_over_its_text_stays_with_it_when_another_head_follows():
    # Heads of side-by-side modules read interleaved: A's title and writer, B's title, A's text.
    comment = "菜价连着民生，保障菜篮子稳定供应，是城市治理的一道必答题。"
    text = f"{LEAD_C}\n读懂菜篮子里的民生\n李四五\n志愿者种下银杏树苗\n{comment}\n{LEAD_A}"
    _, c, a = _assemble(text, ["lead", "title", "byline", "title", "lead", "lead"])
    assert c.headline == "读懂菜篮子里的民生" and c.byline.text == "李四五"


@pytest.mark.parametrize("above,line,another", [
    ("记者 张三", "通讯员 李四", False),        # one byline over two lines
    ("本报记者 张三", "实习生 李四", False),
    ("记者 张三", "记者 李四", True),           # a role named twice: two bylines
    ("实习生 王五", "本报记者 张三", True),     # a reporter after an intern: another byline
    ("通讯员 王五", "首席记者 张三", True),
    ("实习生 王五", "特约通讯员 张三", True),
])
def test_a_credit_line_opens_another_byline_when_it_repeats_or_goes_back_in_the_credit_order(above, line, another):
    from edition.structure.articles import opens_another_byline
    from edition.structure.lines import Line
    assert opens_another_byline(Line(line, 2), [Line(above, 1)]) is another


def test_a_reporters_credit_under_an_interns_credits_the_untitled_story_below():
    # Heads of side-by-side modules read interleaved: story A's title and credit, then the
    # credit of story C (no title on this page), A's text, then C's text.
    text = f"志愿者种下银杏树苗\n实习生 王五\n本报记者 张三\n{LEAD_A}\n{PARA_A2}\n{LEAD_C}"
    a, c = _assemble(text, ["title", "byline", "byline", "lead", "para_start", "lead"])
    assert (a.headline, a.byline.text) == ("志愿者种下银杏树苗", "实习生 王五")
    assert c.byline.text == "本报记者 张三" and c.paragraphs == (LEAD_C,)


def test_a_title_beside_a_head_mate_whose_story_is_elsewhere_heads_the_untitled_story_below():
    # Side-by-side heads read one after the other: the second title's story is further on;
    # the first title shares a few words with the untitled story right below the head.
    below = "走进老工业区的纺织书房，高大的厂房里摆满了书架。"
    far = "全省高速公路服务区新增充电桩六十个，电动汽车车主出行更方便。"
    text = f"{LEAD_A}\n旧厂房变身城市书房\n高速公路服务区新增充电桩\n{below}\n{far}"
    _, b, c = _assemble(text, ["lead", "title", "title", "lead", "lead"])
    assert (b.headline, b.paragraphs) == ("旧厂房变身城市书房", (below,))
    assert (c.headline, c.subheadlines) == ("高速公路服务区新增充电桩", ())


def _printed(*texts: str):
    from collections import Counter
    from edition.structure.features import char_pairs
    return Counter(p for t in texts for p in char_pairs(t))


def test_a_long_title_line_is_cut_where_two_run_together_titles_meet():
    from edition.structure.articles import title_cut
    line = "关注青少年心理健康全市中小学配齐心理辅导教师"
    body = ["全市中小学日前配齐心理辅导教师，关注学生心理健康。", "青少年心理问题需要家校共同关注。"]
    cut = title_cut(line, _printed(line, *body))
    assert (line[:cut], line[cut:]) == ("关注青少年心理健康", "全市中小学配齐心理辅导教师")


def test_digits_before_the_cut_go_with_the_title_after_it():
    from edition.structure.articles import title_cut
    line = "推动人民武装工作高质量发展2025年区党管武装工作会议举行"
    body = ["会议要求推动人民武装工作高质量发展。", "2025年区党管武装工作会议日前举行。"]
    cut = title_cut(line, _printed(line, *body))
    assert line[cut:] == "2025年区党管武装工作会议举行"


def test_short_spaced_or_unsupported_title_lines_are_not_cut():
    from edition.structure.articles import title_cut
    body = ["全市中小学日前配齐心理辅导教师，关注学生心理健康。"]
    assert title_cut("关注青少年心理健康", _printed(*body)) is None                      # short
    assert title_cut("关注青少年心理健康 全市中小学配齐心理辅导教师", _printed(*body)) is None   # set apart
    lone = "某地举办第十二届国际风筝文化艺术节开幕式"                                      # nothing echoes it
    assert title_cut(lone, _printed(lone)) is None


def test_on_a_page_of_blocks_a_story_titled_by_a_run_together_head_gets_both_titles():
    head = "关注青少年心理健康全市中小学配齐心理辅导教师"
    lead = "全市中小学日前配齐心理辅导教师，关注青少年心理健康，每所学校至少有一名专职教师。"
    later = "教育部门表示，青少年心理问题需要家校共同关注，心理辅导教师将定期开展培训。"
    labels = ["title", "lead", "para_start"]
    [blocks] = _assemble("\n\n".join([head, lead, later]), labels)
    assert (blocks.headline, blocks.subheadlines) == ("关注青少年心理健康", ("全市中小学配齐心理辅导教师",))
    [lines] = _assemble("\n".join([head, lead, later]), labels)         # a page of lines: left whole
    assert (lines.headline, lines.subheadlines) == (head, ())


def test_two_spaced_titles_on_one_line_head_two_stories_when_the_second_fits_its_story_less():
    # The second half fits its story less well than the whole line fits the first story:
    # without the space no cut would be taken there.
    lead_a = "和平社区开设四点半课堂，由退休教师为放学后的孩子辅导作业。"
    lead_b = "每周三下午，大山里一所小学的孩子们准时打开屏幕，听城里老师上课堂。"
    text = f"社区开设四点半课堂 大山里的云端课堂\n{lead_a}\n{lead_b}"
    a, b = _assemble(text, ["title", "lead", "lead"])
    assert (a.headline, a.subheadlines) == ("社区开设四点半课堂", ())
    assert (b.headline, b.paragraphs) == ("大山里的云端课堂", (lead_b,))


def test_a_byline_in_the_head_of_a_story_whose_dateline_names_its_reporter_credits_the_untitled_story_after():
    # The head of a side-by-side module read before the other module's text: the story
    # under the title names its reporter in its dateline and so prints no byline.
    credited = "本报讯（记者 王五）区里日前举行春季植树活动，志愿者种下银杏树苗三百棵。"
    text = f"植树活动举行\n摄影 李四\n{credited}\n{LEAD_C}"
    a, c = _assemble(text, ["title", "byline", "lead", "lead"])
    assert a.headline == "植树活动举行" and a.byline is None
    assert c.headline_inferred and c.byline.text == "摄影 李四"


LIBRARY_TITLE = "社区图书馆正式开放"
LIBRARY_LEAD = "新建的社区图书馆正式开放，居民可以免费借阅图书。"
LIBRARY_SECOND = "图书馆每天开放到晚上九点，周末还有亲子阅读活动。"
A_NAMING_A_PLACE = "活动在社区东侧的河岸举行，志愿者们分组挖坑、扶苗、培土。"


def test_a_title_drawn_after_two_stories_run_together_heads_the_second_though_the_first_shares_a_word():
    # The untitled story above shares one pair of the title's words (社区): chance, when
    # the title is not set right over the story.
    text = f"{LEAD_A}\n{A_NAMING_A_PLACE}\n{LIBRARY_LEAD}\n{LIBRARY_SECOND}\n{LIBRARY_TITLE}"
    a, b = _assemble(text, ["lead", "para_start", "para_start", "para_start", "title"])
    assert a.paragraphs == (LEAD_A, A_NAMING_A_PLACE) and a.headline_inferred
    assert (b.headline, b.paragraphs) == (LIBRARY_TITLE, (LIBRARY_LEAD, LIBRARY_SECOND))


def test_a_title_set_right_over_its_story_keeps_it_whole_when_its_first_paragraphs_share_a_word():
    text = f"{LIBRARY_TITLE}\n{LEAD_A}\n{A_NAMING_A_PLACE}\n{LIBRARY_LEAD}\n{LIBRARY_SECOND}"
    [a] = _assemble(text, ["title", "lead", "para_start", "para_start", "para_start"])
    assert a.paragraphs == (LEAD_A, A_NAMING_A_PLACE, LIBRARY_LEAD, LIBRARY_SECOND)


def test_a_last_paragraph_coming_back_to_a_title_drawn_after_it_is_no_story_of_its_own():
    # A commentary whose last paragraph returns to its title's words.
    text = f"{LEAD_A}\n{A_NAMING_A_PLACE}\n{LIBRARY_LEAD}\n{LIBRARY_TITLE}"
    [a] = _assemble(text, ["lead", "para_start", "para_start", "title"])
    assert (a.headline, a.paragraphs) == (LIBRARY_TITLE, (LEAD_A, A_NAMING_A_PLACE, LIBRARY_LEAD))


MARKET_LEAD = "5月2日晚，老街夜市在改造后重新开张，六十多个摊位沿街排开。"
MARKET_SECOND = "摊主们大多是附近的居民，卖的是米糕、炒粉和手工竹编。"
MARKET_LATER = "夜市开张当晚，米糕摊和竹编摊前排起了长队，不少摊主说，老街又热闹起来了。"
SCHOOL_LEAD = "5月2日，南山小学的塑胶操场投入使用，三百多名学生在新跑道上了第一节体育课。"
SCHOOL_SECOND = "学校过去只有一块泥地，下雨天就没法上课。"


def test_a_column_read_after_the_next_story_goes_back_to_the_story_whose_words_it_shares():
    # Poppler's default mode: story A's second column comes after story B, set off by a
    # blank line, while blank lines part no paragraphs within a column.
    text = (f"老街夜市重新开张\n{MARKET_LEAD}\n{MARKET_SECOND}\n\n山区学校用上新操场\n{SCHOOL_LEAD}\n"
            f"{SCHOOL_SECOND}\n\n{MARKET_LATER}")
    a, b = _assemble(text, ["title", "lead", "para_start", "title", "lead", "para_start", "para_start"])
    assert a.paragraphs == (MARKET_LEAD, MARKET_SECOND, MARKET_LATER)
    assert b.paragraphs == (SCHOOL_LEAD, SCHOOL_SECOND)


def test_a_paragraph_after_a_blank_line_stays_where_blank_lines_part_every_paragraph():
    # Written a block to a paragraph, a blank line says nothing of a column read apart.
    text = (f"老街夜市重新开张\n\n{MARKET_LEAD}\n\n{MARKET_SECOND}\n\n山区学校用上新操场\n\n{SCHOOL_LEAD}\n\n"
            f"{SCHOOL_SECOND}\n\n{MARKET_LATER}")
    a, b = _assemble(text, ["title", "lead", "para_start", "title", "lead", "para_start", "para_start"])
    assert b.paragraphs == (SCHOOL_LEAD, SCHOOL_SECOND, MARKET_LATER)


def test_two_spaced_titles_over_two_stories_read_as_one_cut_the_story_where_the_second_ones_words_begin():
    # Side-by-side modules: both titles on one line, then both bodies, the second lead
    # read as a later paragraph of the first story.
    second = "夜市的摊位大多由附近的居民经营，卖的是米糕、炒粉和手工竹编。"
    text = f"老街夜市重新开张啦 南山小学用上新操场\n{MARKET_LEAD}\n{second}\n{SCHOOL_LEAD}\n{SCHOOL_SECOND}"
    a, b = _assemble(text, ["title", "lead", "para_start", "para_start", "para_start"])
    assert (a.headline, a.paragraphs) == ("老街夜市重新开张啦", (MARKET_LEAD, second))
    assert (b.headline, b.paragraphs) == ("南山小学用上新操场", (SCHOOL_LEAD, SCHOOL_SECOND))


def test_a_title_and_its_subtitle_on_one_line_keep_their_story_whole():
    # The subtitle's words turn up in the later paragraphs, the title's on both sides.
    later = "夜市开张后，老街两旁的小店也延长了营业时间，山区的竹编也卖到了城里。"
    text = f"老街夜市重新开张啦 小店延长营业时间\n{MARKET_LEAD}\n{MARKET_SECOND}\n{later}"
    [a] = _assemble(text, ["title", "lead", "para_start", "para_start"])
    assert a.paragraphs == (MARKET_LEAD, MARKET_SECOND, later)


def test_a_title_sharing_some_words_with_an_untitled_story_takes_it_before_titles_placed_by_position():
    # Titles drawn after their stories; the fire drill's title shares a third of its pairs
    # with its story (too few to claim it outright) and is set in one head with the next
    # story's title: it must not go with that head, nor lose its story to the title before.
    market = "本报讯 菜场管理处提醒：周末早市人多，请摊主把货筐摆进划线区域。"
    drill = "5月14日，区里在一所中学开展车库抢险演练，模拟暴雨中车库进水。"
    drill_2 = "演练中，抢险队用移动泵车排水，同时引导师生从侧门有序撤离。"
    ferry = "随着新渡船下水试航，江心洲到对岸的渡口恢复通航，每天往返二十班。"
    text = "\n".join([market, "城南一角的人间烟火", drill, drill_2, "地下车库积水抢险演练检验排涝能力",
                     "江心洲渡口恢复通航", "记者 秦望", ferry])
    a, b, c = _assemble(text, ["lead", "title", "lead", "para_start", "title", "title", "byline", "lead"])
    assert (b.headline, b.subheadlines) == ("地下车库积水抢险演练检验排涝能力", ())
    assert (c.headline, c.subheadlines) == ("江心洲渡口恢复通航", ())
    assert a.headline == "城南一角的人间烟火"


COMMENT_1 = "公园的长椅坏了三个月没人修，这样的小事最能看出一座城的细心。"
COMMENT_2 = "修一把长椅花不了多少钱，难的是有人留心、有人接手、有人回音。"


@pytest.mark.parametrize("last,own", [
    ("管理部门不妨开一条报修热线，市民也不妨多打一个电话，让长椅早点修好。", False),
    ("北门菜场日前完成改造，摊位从六十个增加到九十个。", True),     # a time word: a brief's lead
    ("本报讯（记者 张三）北门菜场完成改造，摊位从六十个增加到九十个。", True),  # a dateline
])
def test_a_paragraph_alone_without_title_byline_or_news_opening_after_a_titled_story_is_its_last(last, own):
    text = "\n".join(["一把长椅里的细心", "王小明", COMMENT_1, COMMENT_2, last])
    got = _assemble(text, ["title", "byline", "lead", "para_start", "lead"])
    if own:
        assert [a.paragraphs for a in got] == [(COMMENT_1, COMMENT_2), (normalize_body(last),)]
    else:
        [a] = got
        assert a.paragraphs == (COMMENT_1, COMMENT_2, last)


KITE_3 = "这个风筝节已经办了七届，参赛的风筝从最初的三十只增加到今年的四百只。"
KITE_4 = "风筝节也带火了河滩边的小吃摊，每逢放飞日，河滩上的风筝摊前总是排起长队。"


@pytest.mark.parametrize("later,joins", [((KITE_3, KITE_4), True), ((SCHOOL_SECOND, "下雨天学生们只能在教室里活动。"), False)])
def test_headless_paragraphs_that_go_on_with_the_story_before_join_it(later, joins):
    first = "清晨，青石河滩上人头攒动，一年一度的风筝节开幕了，各色风筝飞上天空。"
    second = "放风筝的有退休老人，也有带着孩子的年轻父母，河滩上的风筝一只比一只高。"
    text = "\n".join(["河滩上的风筝节", first, second, *later])
    got = _assemble(text, ["title", "lead", "para_start", "lead", "para_start"])
    assert [a.paragraphs for a in got] == ([(first, second, *later)] if joins else [(first, second), later])


def test_paragraphs_between_tied_cuts_go_with_the_side_whose_paragraphs_share_their_words():
    # Cuts before the scene, the workshop or the last paragraph fit two stories' titles
    # alike. The scene shares two words with the first story (情况, 前列) and more with the
    # workshop paragraph, which shares more with the last: both go with the second story.
    # (Weighed against the sides outside the tied cuts alone, the scene went with the first.)
    from edition.structure.articles import _cut_by_cohesion
    from edition.structure.features import char_pairs
    first = "区统计局发布一季度用水情况，用水总量同比下降，节水型小区数量仍居前列。"
    scene = "清晨六点，修表铺的卷帘门准时拉起，老师傅逐一检查十六块待修手表的情况，急件排在前列。"
    shop = "这里修的大多是老式机械表，老师傅和徒弟们守在工作台前，检查手表的齿轮和发条。"
    last = "“这门手艺就是跟齿轮打交道。”他说，徒弟们学得很认真。"
    pairs = [char_pairs(p) for p in (first, scene, shop, last)]
    assert _cut_by_cohesion(pairs, 1, [1, 2, 3]) == 1
    assert _cut_by_cohesion(pairs[::-1], 1, [1, 2, 3]) == 3       # and the other way round
