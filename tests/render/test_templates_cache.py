"""Compiled templates are kept between runs, and never outlive a change to their source."""
from __future__ import annotations

import pytest

from edition.errors import LayoutError
from edition.render import templates
from edition.render.templates import environment


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITION_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "templates"


def test_compiled_templates_are_kept_and_render_the_same(cache, tmp_path, monkeypatch):
    layout = tmp_path / "mine"
    (layout / "pdf").mkdir(parents=True)
    (layout / "pdf" / "page.j2").write_text("{% for p in ps %}<p>{{ p|upper }}</p>{% endfor %}", encoding="utf-8")
    assert environment(layout, "pdf").get_template("page.j2").render(ps=["a", "<b>"]) == "<p>A</p><p>&lt;B&gt;</p>"
    entries = list(cache.glob("*.cache"))
    assert len(entries) == 1
    written = entries[0].stat().st_mtime_ns
    again = environment(layout, "pdf").get_template("page.j2")     # a new run: loaded, not compiled
    assert again.render(ps=["a", "<b>"]) == "<p>A</p><p>&lt;B&gt;</p>"
    assert entries[0].stat().st_mtime_ns == written and list(cache.glob("*.cache")) == entries
    monkeypatch.setenv("EDITION_CACHE_DIR", "")
    assert environment(layout, "pdf").get_template("page.j2").render(ps=["a", "<b>"]) == again.render(ps=["a", "<b>"])


def test_a_changed_template_is_compiled_again(cache, tmp_path):
    layout = tmp_path / "mine"
    (layout / "pdf").mkdir(parents=True)
    template = layout / "pdf" / "note.j2"
    template.write_text("first {{ x }}", encoding="utf-8")
    assert environment(layout, "pdf").get_template("note.j2").render(x=1) == "first 1"
    template.write_text("second {{ x }}", encoding="utf-8")
    assert environment(layout, "pdf").get_template("note.j2").render(x=1) == "second 1"
    template.write_text("broken {{ x", encoding="utf-8")
    with pytest.raises(LayoutError, match="note.j2"):
        environment(layout, "pdf").get_template("note.j2")


def test_no_cache_where_it_cannot_be_written(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("EDITION_CACHE_DIR", str(blocker / "sub"))
    assert templates.cache_dir() is None
    monkeypatch.setenv("EDITION_CACHE_DIR", "")
    assert templates.cache_dir() is None
    layout = tmp_path / "mine"
    (layout / "pdf").mkdir(parents=True)
    (layout / "pdf" / "note.j2").write_text("{{ x }}", encoding="utf-8")
    assert environment(layout, "pdf").get_template("note.j2").render(x=2) == "2"
