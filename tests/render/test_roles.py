"""Which role (face) sets each piece of EPUB text: the nearest ancestor matching a role's
selector decides, a class over a tag, and only the text of <body> counts."""
from __future__ import annotations

import pytest

from edition.render.roles import text_by_role

DOC = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>题</title></head>
<body epub:type="bodymatter">正<h1>标<span class="byline">楷</span>题</h1>文<![CDATA[甲]]>&amp;&#x4e59;<!-- 注 -->
<aside class="quote-box"><h2 class="box-label">金</h2>句</aside></body></html>"""


@pytest.mark.parametrize("doc", [DOC, DOC.encode("utf-8")], ids=["str", "bytes"])
def test_each_role_gets_the_text_it_sets(doc):
    found = {role: "".join(text.split()) for role, text in text_by_role(doc).items()}
    # the <h1>'s text after the byline span is the headline's again; the comment and the
    # <head> are not text of the page; h2 inside .quote-box stays a headline
    assert found == {"body": "正文甲&乙", "headline": "标题金", "kai": "楷句"}


def test_a_document_without_body_has_no_text():
    assert text_by_role('<html xmlns="http://www.w3.org/1999/xhtml"><head/></html>') == \
        {"body": "", "headline": "", "kai": ""}


def test_a_document_that_is_not_well_formed_is_an_error():
    with pytest.raises(Exception, match="mismatched tag"):
        text_by_role('<html xmlns="http://www.w3.org/1999/xhtml"><body><p></body></html>')
