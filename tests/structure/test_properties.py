"""Property tests: the structurer never raises, loses or invents text, and round-trips."""
import collections

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from edition.serialize import dumps, loads
from edition.structure import model_cjk
from edition.structure.normalize import is_cjk
from tests.helpers import structure

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCT = st.sampled_from(list("，。、！？；：“”（）,.!?:;() ——…·《》"))
PIECES = st.sampled_from(["记者 张三", "本报记者 李四 王五", "下转►2版", "上接►1版", "刊3版►", "导读",
                          "强国金句", "——某人的讲话", " ", "\n", "\n\n", "\f", "8月 26日", "38A-02A", "3.5"])
line = st.lists(st.one_of(HAN, HAN, HAN, PUNCT, st.sampled_from(list("0123456789 abc"))), max_size=30).map("".join)
page = st.lists(st.one_of(line, PIECES), max_size=40).map("\n".join)


def cjk_counter(text: str) -> collections.Counter:
    return collections.Counter(ch for ch in text if is_cjk(ch))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page)
def test_structurer_conserves_every_cjk_character_and_round_trips(text):
    issue = structure(text)
    source, got = cjk_counter(text), model_cjk(issue)
    markers = set("下转上接刊版第")
    missing = {ch: n for ch, n in (source - got).items() if ch not in markers}
    invented = {ch: n for ch, n in (got - source).items() if ch not in markers}
    assert not missing and not invented
    assert loads(dumps(issue)) == issue


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_structurer_never_raises_on_arbitrary_text(text):
    issue = structure(text)
    assert loads(dumps(issue)) == issue


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page, ENCODINGS, st.booleans())
def test_any_encoding_and_line_ends_give_the_same_structure(text, encoding, crlf):
    from edition.decode import decode_bytes
    from edition.structure.normalize import is_cjk
    text = "".join(ch for ch in text if ch in "\n\f" or ch.isprintable())
    if not any(is_cjk(c) for c in text):
        text += "\n记者 张三\n\n正文一段。"
    raw = (text.replace("\n", "\r\n") if crlf else text).encode(encoding)
    if encoding == "gb18030":
        # Strict UTF-8 is tried first, and a short GB18030 text can be valid UTF-8 too
        # (一 is D2 BB, which UTF-8 reads as һ): such bytes are UTF-8 by the documented rule.
        try:
            raw.decode("utf-8")
            assume(text.isascii())
        except UnicodeDecodeError:
            pass
    decoded = decode_bytes(raw)
    assert decoded.text == text
    assert structure(decoded.text) == structure(text)
