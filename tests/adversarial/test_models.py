"""Hostile and odd model files: refused with the field's path, or read with every character
kept or named in a warning."""
from __future__ import annotations

import copy
import json

import pytest

from tests.adversarial.conftest import TEXT, epub_text


def mutated(model_data: dict, change) -> dict:
    data = copy.deepcopy(model_data)
    change(data)
    return data


def article(data: dict) -> dict:
    return data["pages"][0]["items"][0]


REFUSED = {
    "no format": (lambda d: d.pop("format"), "format"),
    "format null": (lambda d: d.update(format=None), "format"),
    "other format": (lambda d: d.update(format="edition-issue/9"), "format"),
    "no edition": (lambda d: d.pop("edition"), "edition"),
    "edition a list": (lambda d: d.update(edition=[]), "edition"),
    "no pages": (lambda d: d.pop("pages"), "pages"),
    "pages an object": (lambda d: d.update(pages={}), "pages"),
    "page number 0": (lambda d: d["pages"][0].update(number=0), "pages[0].number"),
    "page number negative": (lambda d: d["pages"][0].update(number=-3), "pages[0].number"),
    "page number float": (lambda d: d["pages"][0].update(number=1.5), "pages[0].number"),
    "page number bool": (lambda d: d["pages"][0].update(number=True), "pages[0].number"),
    "page number huge": (lambda d: d["pages"][0].update(number=10 ** 80), "pages[0].number"),
    "jump to huge page": (lambda d: article(d).update(continued_to=10 ** 6), "continued_to"),
    "paragraph a number": (lambda d: article(d).update(paragraphs=["一", 2]), "paragraphs[1]"),
    "paragraphs a string": (lambda d: article(d).update(paragraphs="一"), "paragraphs"),
    "byline a string": (lambda d: article(d).update(byline="记者"), "byline"),
    "credit without name": (lambda d: article(d).update(byline={"text": "记者", "credits": [{"role": "记者"}]}),
                            "credits[0].name"),
    "headline_inferred a string": (lambda d: article(d).update(headline_inferred="no"), "headline_inferred"),
    "unknown item type": (lambda d: article(d).update(type="photo"), "type"),
    "item a list": (lambda d: d["pages"][0]["items"].__setitem__(0, []), "items[0]"),
    "date 20250101": (lambda d: d["edition"].update(date="20250101"), "edition.date"),
    "date not a day": (lambda d: d["edition"].update(date="2025-02-30"), "edition.date"),
    "lone surrogate": (lambda d: article(d).update(headline="标\ud800题"), "U+D800"),
    "low surrogate in title": (lambda d: d["edition"].update(title="\udfff"), "edition.title"),
    "warning without code": (lambda d: d.update(warnings=[{"message": "x"}]), "warnings[0].code"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_broken_model_is_refused_with_the_fields_path(sandbox, model_data, case):
    change, needle = REFUSED[case]
    text = json.dumps(mutated(model_data, change), ensure_ascii=True)   # surrogates as \\u escapes
    path = sandbox.model(raw=text)
    sandbox.assert_refused(sandbox.run("build", path, "-o", sandbox.out), 4, needle)


@pytest.mark.parametrize("raw,needle", [
    ("[1, 2, 3]", "expected an object"),
    ('"edition-issue/1"', "expected an object"),
    ("null", "expected an object"),
    ("42", "expected an object"),
    ("", "not valid JSON"),
    (TEXT, "not valid JSON"),
    ('{"format": "edition-issue/1", "pages": [{"number": ' + "9" * 5000 + "}]}", "not valid JSON"),
    ("[" * 10_000 + "]" * 10_000, "nested too deeply"),
    ('{"format": "edition-issue/1", "edition": {"title": "t"}, "pages": [{"number": NaN}]}', "positive integer"),
    ('{"format": "edition-issue/1", "edition": {"title": "t"}, "pages": [{"number": Infinity}]}', "positive integer"),
])
def test_json_that_is_no_model_is_refused(sandbox, raw, needle):
    path = sandbox.model(raw=raw)
    sandbox.assert_refused(sandbox.run("build", path, "-o", sandbox.out), 4, needle)


def test_a_utf16_model_is_refused_not_read_as_page_text(sandbox, model_data):
    path = sandbox.write("issue.json", json.dumps(model_data, ensure_ascii=False), encoding="utf-16")
    sandbox.assert_refused(sandbox.run("build", path, "-o", sandbox.out), 3, "must be UTF-8", "UTF-16")


def test_a_model_is_the_only_input(sandbox, model_data):
    run = sandbox.run("build", sandbox.model(data=model_data), sandbox.write("a.txt", TEXT), "-o", sandbox.out)
    sandbox.assert_refused(run, 3, "only input")


def test_a_format_key_after_64_kb_is_still_a_model(sandbox, model_data):
    data = {"pages": model_data["pages"], "warnings": [{"code": "x", "message": "注" * 40_000}],
            "edition": model_data["edition"], "format": model_data["format"]}
    run = sandbox.run("build", sandbox.model(data=data), "-o", sandbox.out)
    sandbox.assert_built(run, "issue.epub")
    assert "{" not in epub_text(sandbox.out / "issue.epub")


@pytest.mark.parametrize("where", ["title", "headline", "paragraph", "page name"])
@pytest.mark.parametrize("control", ["\u0000", "\u001b", "\ufffe", "\u0085"])
def test_control_characters_in_a_model_are_dropped_with_a_warning(sandbox, model_data, where, control):
    def change(d):
        if where == "title":
            d["edition"]["title"] = f"测试{control}报"
        elif where == "headline":
            article(d)["headline"] = f"植树{control}活动"
        elif where == "paragraph":
            article(d)["paragraphs"] = [f"志愿者{control}种下"]
        else:
            d["pages"][0]["name"] = f"要{control}闻"
    run = sandbox.run("inspect", sandbox.model(data=mutated(model_data, change)), "--json")
    assert run.code == 0 and run.exception is None, run.stderr
    model = json.loads(run.stdout)
    warnings = [w for w in model["warnings"] if w["code"] == "control-characters-removed"]
    assert warnings and f"U+{ord(control):04X}" in warnings[0]["message"]
    assert control not in run.stdout.replace("\\u", "")


def test_a_nul_in_the_title_used_in_the_output_name_builds_with_a_warning(sandbox, model_data):
    (sandbox.cwd / "edition.toml").write_text("output_name = '{title}'\n", encoding="utf-8")
    data = mutated(model_data, lambda d: d["edition"].update(title="测试\u0000报"))
    run = sandbox.run("build", sandbox.model(data=data), "-o", sandbox.out)
    sandbox.assert_built(run, "测试报.epub")
    assert "1 warnings" in run.stdout or "warnings" in run.stdout


def test_an_overlong_title_in_the_output_name_is_shortened(sandbox, model_data):
    (sandbox.cwd / "edition.toml").write_text("output_name = '{title}-{date}'\n", encoding="utf-8")
    data = mutated(model_data, lambda d: d["edition"].update(title="很长的报名" * 24))
    run = sandbox.run("build", sandbox.model(data=data), "-o", sandbox.out)
    assert run.code == 0, run.stderr
    (out,) = sandbox.out.iterdir()
    assert len(out.name.encode()) <= 160 and out.name.endswith(".epub")


def test_unknown_fields_are_named_in_a_warning(sandbox, model_data):
    data = mutated(model_data, lambda d: article(d).update(caption="图片说明文字"))
    run = sandbox.run("inspect", sandbox.model(data=data), "--json")
    assert run.code == 0, run.stderr
    warnings = json.loads(run.stdout)["warnings"]
    assert any(w["code"] == "model-field-ignored" and "caption" in w["message"] for w in warnings)


def test_inspect_and_build_agree_on_dates(sandbox):
    path = sandbox.write("a.txt", TEXT)
    for command in ("inspect", "build"):
        run = sandbox.run(command, path, "--date", "20250101", "-o", sandbox.out) if command == "build" \
            else sandbox.run(command, path, "--date", "20250101")
        sandbox.assert_refused(run, 2, "YYYY-MM-DD")
    run = sandbox.run("inspect", path, "--date", "2025-01-01", "--json")
    model = sandbox.model(raw=run.stdout)
    sandbox.assert_built(sandbox.run("build", model, "-o", sandbox.out), "issue.epub")


def test_a_model_with_a_bom_is_read(sandbox, model_data):
    path = sandbox.write("issue.json", "\ufeff" + json.dumps(model_data, ensure_ascii=False))
    sandbox.assert_built(sandbox.run("build", path, "-o", sandbox.out), "issue.epub")


ODD = "<script>&amp;]]>\"'`${x}{{x}}%s\u200d\u0301é\u05d0\u0627🙂𪚥\u3000\u00a0\ufeffＡ１"


def test_odd_but_legal_text_in_every_field_reaches_the_epub(sandbox, model_data):
    def change(d):
        d["edition"]["title"] = "报" + ODD
        d["pages"][0]["name"] = "名" + ODD
        a = article(d)
        a.update(headline="题" + ODD, subheadlines=["副" + ODD], paragraphs=["段" + ODD, "二" + ODD],
                 byline={"text": "记者 " + ODD, "credits": [{"role": "记者", "name": ODD}]})
        d["pages"][0]["items"] += [
            {"type": "quote", "id": "q1", "label": "签" + ODD, "text": "引" + ODD, "attribution": "——" + ODD},
            {"type": "guide", "id": "g1", "label": "导读", "entries": [{"title": "导" + ODD, "page": 1}]},
            {"type": "headline", "id": "h1", "text": "孤" + ODD}]
    run = sandbox.run("build", sandbox.model(data=mutated(model_data, change)), "-o", sandbox.out)
    sandbox.assert_built(run, "issue.epub")
    text = epub_text(sandbox.out / "issue.epub")
    for ch in set(ODD) - {"\ufeff", "\u00a0", "\u3000"}:
        assert ch in text, repr(ch)
    for marker in "报名题副段二签引导孤":
        assert marker + "<script>" in text
