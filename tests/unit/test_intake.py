"""healthdesk.core.intake: attachment limits, rule text parsing, default reply texts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from healthdesk.core import triage
from healthdesk.core.intake import (
    ALLOWED_EXTENSIONS,
    DEFAULT_REPLY_TEXTS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    check_attachment,
    check_attachments,
    extension_of,
    split_lines,
)
from healthdesk.core.pii import find_personal_data


def test_extension_of():
    assert extension_of("tela.PNG") == "png"
    assert extension_of("a.b.mp4") == "mp4"
    assert extension_of("C:\\Users\\x\\video.WebM") == "webm"
    assert extension_of("semextensao") == ""
    assert extension_of(".png") == ""
    assert extension_of("") == ""


def test_allowed_files_pass():
    for ext in ALLOWED_EXTENSIONS:
        assert check_attachment(f"arquivo.{ext}", 1) is None
        assert check_attachment(f"arquivo.{ext.upper()}", MAX_ATTACHMENT_BYTES) is None


def test_refusals_have_codes():
    assert check_attachment("script.exe", 10).code == "type"
    assert check_attachment("tela.png.exe", 10).code == "type"
    assert check_attachment("page.html", 10).code == "type"
    assert check_attachment("tela.png", 0).code == "empty"
    assert check_attachment("video.mp4", MAX_ATTACHMENT_BYTES + 1).code == "size"


def test_too_many_files():
    files = [(f"t{i}.png", 10) for i in range(MAX_ATTACHMENTS + 1)]
    assert [p.code for p in check_attachments(files)] == ["count"]
    assert check_attachments(files[:MAX_ATTACHMENTS]) == []


@given(st.text(max_size=30), st.integers(min_value=-5, max_value=2 * MAX_ATTACHMENT_BYTES))
def test_check_attachment_is_total(name, size):
    problem = check_attachment(name, size)
    accepted = extension_of(name) in ALLOWED_EXTENSIONS and 0 < size <= MAX_ATTACHMENT_BYTES
    assert (problem is None) == accepted


@given(st.lists(st.text(max_size=12), max_size=8))
def test_split_lines(values):
    result = split_lines("\n".join(values))
    assert all(v == " ".join(v.split()) and v for v in result)
    assert len(set(result)) == len(result)
    assert split_lines("\n".join(result)) == result


def test_split_lines_examples():
    assert split_lines("  lento \n\nlentidão\nlento\n  travando  ") == ("lento", "lentidão", "travando")
    assert split_lines(None) == ()


def test_reply_texts_cover_triage_keys_and_hold_no_personal_data():
    assert set(DEFAULT_REPLY_TEXTS) == {triage.REPLY_TISS, triage.REPLY_SLOWNESS}
    for text in DEFAULT_REPLY_TEXTS.values():
        assert text.strip()
        assert find_personal_data(text) == []
