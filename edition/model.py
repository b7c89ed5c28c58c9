"""The issue model: small frozen records that the structurer produces and every renderer reads.

Its JSON form (`edition-issue/1`) lives in `serialize.py`; the contract is documented in
`docs/model.md` of the shared notes and in the README.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

FORMAT = "edition-issue/1"


@dataclass(frozen=True, kw_only=True, slots=True)
class Credit:
    """One person in a byline: `记者` + `李双玖`."""

    role: str
    name: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Byline:
    """The byline as printed, and the credits it names."""

    text: str
    credits: tuple[Credit, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Article:
    """A story: title lines, byline, body paragraphs and jump links.

    `headline` is the main title (主题); `subheadlines` the other title lines in print order,
    of which the first `kickers` are 引题 printed above the headline and the rest 副题 below
    it. The structurer cannot tell a 引题 from a 主题 by its text, so it takes the first
    title printed as the headline and leaves `kickers` at 0; an editor sets it in the model.
    """

    id: str
    headline: str
    subheadlines: tuple[str, ...] = ()
    kickers: int = 0
    headline_inferred: bool = False
    byline: Byline | None = None
    paragraphs: tuple[str, ...] = ()
    continued_to: int | None = None
    continued_from: int | None = None
    # The story the jump leads to / comes from (its id), decided by the structuring stage.
    continued_to_item: str | None = None
    continued_from_item: str | None = None
    type: str = field(default="article", init=False)

    def texts(self) -> list[str]:
        """The text it carries as printed (an inferred headline is the structurer's, not printed)."""
        return ([] if self.headline_inferred else [self.headline]) + [
            *self.subheadlines, self.byline.text if self.byline else "", *self.paragraphs]


@dataclass(frozen=True, kw_only=True, slots=True)
class GuideEntry:
    """One line of the 导读 box: a story title and the page it is on."""

    title: str
    page: int
    item: str | None = None     # the story it announces (its id), when it is in this issue


@dataclass(frozen=True, kw_only=True, slots=True)
class Guide:
    """The 导读 (guide) box listing stories inside the issue."""

    id: str
    label: str
    entries: tuple[GuideEntry, ...] = ()
    type: str = field(default="guide", init=False)

    def texts(self) -> list[str]:
        return [self.label] + [e.title for e in self.entries]


@dataclass(frozen=True, kw_only=True, slots=True)
class Quote:
    """A boxed quotation (such as 强国金句) with its attribution line."""

    id: str
    label: str
    text: str
    attribution: str = ""
    type: str = field(default="quote", init=False)

    def texts(self) -> list[str]:
        return [self.label, self.text, self.attribution]


@dataclass(frozen=True, kw_only=True, slots=True)
class Headline:
    """A title the structurer could not attach to any article; kept, never dropped."""

    id: str
    text: str
    type: str = field(default="headline", init=False)

    def texts(self) -> list[str]:
        return [self.text]


Item = Union[Article, Guide, Quote, Headline]


@dataclass(frozen=True, kw_only=True, slots=True)
class Page:
    """One print page (版) and its items in reading order."""

    number: int
    name: str | None = None
    items: tuple[Item, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Edition:
    """What the issue is: paper title, date, number, language, publisher."""

    title: str
    date: str | None = None
    number: str | None = None
    language: str = "zh-CN"
    publisher: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Warning:  # noqa: A001 - the model's own name for it
    """A decision an editor should look at, with a stable code."""

    code: str
    message: str
    page: int | None = None
    item: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Issue:
    """One newspaper issue: edition facts, pages, and warnings."""

    edition: Edition
    pages: tuple[Page, ...] = ()
    warnings: tuple[Warning, ...] = ()

    def articles(self) -> list[Article]:
        return [it for p in self.pages for it in p.items if isinstance(it, Article)]

    def text(self) -> str:
        """Every piece of text the issue carries, for font coverage checks."""
        return "\n".join([self.edition.title] + [t for p in self.pages for it in p.items for t in it.texts()])

    def page(self, number: int) -> Page | None:
        return next((p for p in self.pages if p.number == number), None)
