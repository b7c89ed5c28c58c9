import codecs

import pytest

from edition.decode import decode_bytes, read_input, split_pages
from edition.errors import InputError

TEXT = "坚定信心,全力抓改革谋创新\n\n记者 李双玖\n"


@pytest.mark.parametrize("raw,encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
])
def test_encodings_decode_to_the_same_text(raw, encoding):
    decoded = decode_bytes(raw)
    assert decoded.text == TEXT and decoded.encoding == encoding


def test_crlf_and_cr_line_ends_become_newlines():
    assert decode_bytes("甲\r\n乙\r丙\n".encode()).text == "甲\n乙\n丙\n"


def test_control_characters_are_removed_and_counted():
    decoded = decode_bytes("甲\x00乙\x07丙\t丁\f戊".encode("utf-8"))
    assert decoded.text == "甲乙丙 丁\f戊" and decoded.removed_controls == 2


def test_pdf_given_by_mistake_says_so():
    with pytest.raises(InputError, match="PDF file.*extract its text first"):
        decode_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")


def test_undecodable_bytes_report_the_offset():
    with pytest.raises(InputError, match="byte 3"):
        decode_bytes("甲".encode() + b"\x80\xff\xfe\x80")


def test_missing_directory_and_empty_inputs(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_input(tmp_path / "none.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_input(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n \t\n")
    with pytest.raises(InputError, match="no text found"):
        read_input(empty)


def test_form_feeds_split_pages():
    assert split_pages("一\f二\f") == ["一", "二"]


def test_unreadable_file_says_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("记者 张三", encoding="utf-8")

    def refuse(self, *args, **kwargs):   # root reads anything, so the refusal is simulated
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(type(path), "open", refuse)
    with pytest.raises(InputError, match="permission denied"):
        read_input(path)
