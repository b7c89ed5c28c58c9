import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.errors import ModelError
from edition.model import Article, Byline, Credit, Edition, Guide, GuideEntry, Headline, Issue, Page, Quote, Warning
from edition.serialize import dumps, from_dict, loads, to_dict

# A model's strings hold no control characters or noncharacters (the reader drops them,
# with a warning); tab and newline are text.
text = st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff",
                             include_characters="\n\t"), max_size=30)
maybe_page = st.none() | st.integers(min_value=1, max_value=500)


@st.composite
def issues(draw):
    pages = []
    n = 0
    for number in draw(st.lists(st.integers(1, 300), unique=True, max_size=4)):
        items = []
        for kind in draw(st.lists(st.sampled_from(["article", "guide", "quote", "headline"]), max_size=5)):
            n += 1
            ident = f"i{n}"
            if kind == "article":
                byline = draw(st.none() | st.builds(Byline, text=text, credits=st.lists(
                    st.builds(Credit, role=text, name=text), max_size=3).map(tuple)))
                subheadlines = tuple(draw(st.lists(text, max_size=3)))
                items.append(Article(id=ident, headline=draw(text), subheadlines=subheadlines,
                                     kickers=draw(st.integers(0, len(subheadlines))), headline_inferred=draw(st.booleans()), byline=byline,
                                     paragraphs=tuple(draw(st.lists(text, max_size=4))),
                                     continued_to=draw(maybe_page), continued_from=draw(maybe_page)))
            elif kind == "guide":
                items.append(Guide(id=ident, label=draw(text), entries=tuple(draw(st.lists(
                    st.builds(GuideEntry, title=text, page=st.integers(1, 99)), max_size=3)))))
            elif kind == "quote":
                items.append(Quote(id=ident, label=draw(text), text=draw(text), attribution=draw(text)))
            else:
                items.append(Headline(id=ident, text=draw(text)))
        pages.append(Page(number=number, name=draw(st.none() | text), items=tuple(items)))
    warnings = tuple(draw(st.lists(st.builds(Warning, code=text, message=text, page=maybe_page,
                                             item=st.none() | text), max_size=3)))
    edition = Edition(title=draw(text), date=draw(st.none() | st.dates().map(lambda d: d.isoformat()).filter(lambda s: len(s) == 10)),
                      number=draw(st.none() | text), language="zh-CN", publisher=draw(st.none() | text))
    return Issue(edition=edition, pages=tuple(pages), warnings=warnings)


@settings(max_examples=200)
@given(issues())
def test_round_trip_is_the_identity(issue):
    assert loads(dumps(issue)) == issue
    assert from_dict(json.loads(json.dumps(to_dict(issue)))) == issue


def base() -> dict:
    return {"format": "edition-issue/1", "edition": {"title": "报", "date": None},
            "pages": [{"number": 1, "items": [{"type": "headline", "id": "h1", "text": "标题"}]}]}


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d.update(format="edition-issue/2"), "unsupported format 'edition-issue/2'"),
    (lambda d: d["pages"][0].update(number=0), "expected a positive integer up to 99999 in 'pages[0].number'"),
    (lambda d: d["pages"][0]["items"][0].update(type="photo"), "unknown item type 'photo'"),
    (lambda d: d["pages"][0]["items"].append({"type": "headline", "id": "h1", "text": "x"}), "duplicate id 'h1'"),
    (lambda d: d["edition"].update(date="13/03/2025"), "expected a date as YYYY-MM-DD in 'edition.date'"),
    (lambda d: d["pages"][0]["items"][0].pop("text"), "missing field in 'pages[0].items[0].text'"),
    (lambda d: d["pages"].append({"number": 1, "items": []}), "duplicate page number 1"),
    (lambda d: d["pages"][0]["items"].append({"type": "article", "id": "a1", "headline": "主题", "subheadlines": ["引题"],
                                             "kickers": 2, "paragraphs": []}),
     "expected the number of subheadlines printed above the headline (0 to 1) in 'pages[0].items[1].kickers'"),
])
def test_invalid_models_name_the_field(mutate, message):
    data = base()
    mutate(data)
    with pytest.raises(ModelError) as e:
        from_dict(data)
    assert message in e.value.message


def test_malformed_json_is_a_model_error():
    with pytest.raises(ModelError, match="not valid JSON"):
        loads("{\"format\": ")
