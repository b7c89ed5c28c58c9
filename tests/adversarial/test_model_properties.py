"""Property tests for the model reader: whatever JSON it is given, and however a valid model
is mutated, it returns an Issue or raises the project's own error, nothing else; and what
it returns can be written as JSON and rendered."""
from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edition import structure_text
from edition.errors import EditionError
from edition.render.context import issue_context
from edition.serialize import dumps, from_dict, loads, to_dict
from tests.adversarial.conftest import TEXT

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20)
           | st.sampled_from(["edition-issue/1", "article", "guide", "quote", "headline", "p1-1", "2025-03-13"]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.sampled_from(["format", "edition", "pages", "items", "number", "type",
                                                              "id", "title", "text", "paragraphs", "warnings"])
                                             | st.text(max_size=5), inner, max_size=5), max_leaves=30)
VALID = to_dict(structure_text(TEXT + "\f导读\n\n植树活动举行\n\n刊1版►\n", title="测试报", date="2025-03-13"))


def read(data) -> None:
    try:
        issue = from_dict(data)
    except EditionError:
        return
    dumps(issue).encode("utf-8")        # whatever was accepted can be written …
    issue_context(issue, href=lambda anchor: f"#{anchor}")     # … and laid out
    assert loads(dumps(issue)).pages == issue.pages


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_any_json_value_is_a_model_or_a_model_error(value):
    read(value)


def paths(obj, prefix=()):
    """Every (container, key) in a JSON tree."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield prefix + (k,)
            yield from paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield prefix + (i,)
            yield from paths(v, prefix + (i,))


ALL_PATHS = list(paths(VALID))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["delete", "replace"]), json_values),
                min_size=1, max_size=3))
def test_mutations_of_a_valid_model_are_read_or_refused(mutations):
    data = copy.deepcopy(VALID)
    for path, action, value in mutations:
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            if action == "delete":
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue          # an earlier mutation removed this path
    read(data)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_given_as_a_model_file_is_read_or_refused(text):
    try:
        issue = loads(text)
    except EditionError:
        return
    json.loads(dumps(issue))
