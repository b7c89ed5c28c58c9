"""Guide entries and the titles they name (structure/links.py)."""
from __future__ import annotations

from edition.model import Article, Edition, Guide, GuideEntry, Issue, Page
from edition.structure.links import split_by_guide, titles_named_by_guides
from tests.helpers import articles, items_of, structure

LEAD = "本报讯 社区图书馆本周起开放夜间自习室，新增自习座位两百个，市民凭读者证即可预约使用。"


def test_a_head_run_together_is_cut_where_the_guide_entry_ends():
    # Page 2's head reads as one line (a blocks extractor joins a head's lines): the guide
    # on page 1 prints where its title ends.
    text = ("导读\n\n社区图书馆开放夜间自习室\n\n刊2版►\n\n植树活动举行\n\n本报讯 全区植树活动昨日举行，一千余名市民参加。"
            f"\f社区图书馆开放夜间自习室新增自习座位两百个\n\n记者 张三\n\n{LEAD}")
    issue = structure(text)
    story = next(a for a in articles(issue) if "自习" in a.headline)
    assert story.headline == "社区图书馆开放夜间自习室"
    assert story.subheadlines[:1] == ("新增自习座位两百个",)
    [guide] = items_of(issue, Guide)
    assert guide.entries[0].item == story.id


def test_the_entry_may_end_the_line_and_spaces_are_kept_out_of_the_cut():
    assert split_by_guide("区委常委会举行扩大会议 坚定信心全力抓改革", ["坚定信心全力抓改革"]) == \
        ("坚定信心全力抓改革", "区委常委会举行扩大会议")
    assert split_by_guide("社区图书馆开放 夜间自习室新增座位", ["社区图书馆开放夜间自习室"]) == \
        ("社区图书馆开放 夜间自习室", "新增座位")


def test_no_cut_that_leaves_less_than_a_title_or_for_a_title_already_whole():
    assert split_by_guide("社区图书馆开放了", ["社区图书馆开放"]) is None       # one character left
    assert split_by_guide("社区图书馆开放", ["社区图书馆开放"]) is None
    assert split_by_guide("图书馆新增自习座位两百个", ["社区图书馆开放"]) is None    # not at either end
    whole = Article(id="p2-1", headline="社区图书馆开放", paragraphs=(LEAD,))
    longer = Article(id="p2-2", headline="社区图书馆开放新增自习座位", paragraphs=(LEAD,))
    guide = Guide(id="p1-guide", label="导读", entries=(GuideEntry(title="社区图书馆开放", page=2),))
    issue = Issue(edition=Edition(title="测试报"), pages=(Page(number=1, items=(guide,)),
                                                      Page(number=2, items=(whole, longer))))
    # The entry names the story that has it as its whole title: the longer head is left as it is.
    assert titles_named_by_guides(issue) == issue
