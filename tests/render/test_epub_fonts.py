"""Every character the EPUB's documents show is in the embedded face that sets it."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from fontTools.ttLib import TTFont

from edition import read_issue
from edition.render.epub import EpubOptions, render_epub, series_position
from edition.render.roles import text_by_role

FAMILY_ROLE = {"Edition Headline": "headline", "Edition Body": "body", "Edition Kai": "kai"}


@pytest.fixture(scope="module")
def books(tmp_path_factory, seed_paths):
    out = tmp_path_factory.mktemp("epub-fonts")
    issues = {seed.stem: read_issue([seed], title="青浦报", date="2025-03-13") for seed in seed_paths}
    issues["two-pages"] = read_issue(seed_paths, title="青浦报", date="2025-03-13")
    return {name: render_epub(issue, EpubOptions(), out / f"{name}.epub") for name, issue in issues.items()}


def _faces(z: zipfile.ZipFile) -> dict[str, set[int]]:
    css = z.read("EPUB/style/edition.css").decode()
    cmaps = {}
    for family, file in re.findall(r'font-family: "([^"]+)"; src: url\("\.\./fonts/([^"]+)"\)', css):
        font = TTFont(io.BytesIO(z.read(f"EPUB/fonts/{file}")))
        cmaps[FAMILY_ROLE[family]] = set(font.getBestCmap())
    return cmaps


@pytest.mark.parametrize("name", ["000_515307324d6a1a31", "003_3180298b8f55755c", "two-pages"])
def test_every_character_is_in_the_face_its_role_selects(books, name):
    with zipfile.ZipFile(books[name]) as z:
        cmaps = _faces(z)
        assert set(cmaps) == {"headline", "body", "kai"}
        missing = {}
        documents = [n for n in z.namelist() if n.endswith(".xhtml")]
        assert len(documents) > 5
        for doc in documents:
            for role, text in text_by_role(z.read(doc)).items():
                gaps = {ch for ch in text if not ch.isspace() and ord(ch) not in cmaps[role]}
                if gaps:
                    missing[(doc, role)] = "".join(sorted(gaps))
        assert not missing


def test_template_words_are_in_their_faces(books):
    """The words the issue found missing: 强国金句 in the headline face, 篇 of 上一篇/下一篇 in the body face, ►."""
    with zipfile.ZipFile(books["003_3180298b8f55755c"]) as z:
        cmaps = _faces(z)
    assert all(ord(ch) in cmaps["headline"] for ch in "强国金句版面目录")
    assert all(ord(ch) in cmaps["body"] for ch in "上一篇下一篇")
    assert ord("▶") in cmaps["kai"] and ord("▶") in cmaps["body"]    # stands in for ►, which no role face has


def test_the_subset_keeps_the_faces_cjk_spacing_features(books):
    with zipfile.ZipFile(books["003_3180298b8f55755c"]) as z:
        css = z.read("EPUB/style/edition.css").decode()
        file = re.search(r'"Edition Body"; src: url\("\.\./fonts/([^"]+)"', css).group(1)
        font = TTFont(io.BytesIO(z.read(f"EPUB/fonts/{file}")))
    tags = {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}
    assert {"halt", "vert"} <= tags | {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}


def test_series_position_orders_issues():
    assert series_position("1234", "2025-03-13") == "1234"
    assert series_position(None, "2025-03-13") == "20250313"
    assert series_position("第12期", None) == "12"
    assert series_position(None, None) is None
