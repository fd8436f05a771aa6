from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest_helpers import FIXTURES, split

from detente.ingest.html import declared_charset, visible_text


def test_article_page_main_text_and_metadata() -> None:
    [doc], errors = split([FIXTURES / "ministers_meet.html"])
    assert errors == []
    assert doc.name == "ministers_meet"
    assert doc.title == "Foreign ministers of Norway and Chile meet in Oslo"
    assert doc.url == "https://harbour-times.example/world/ministers-meet-in-oslo"
    assert doc.source == "Harbour Times"
    assert (doc.published, doc.published_from) == (date(2021, 4, 12), "metadata")
    assert "met in Oslo on Monday to discuss fisheries" in doc.text
    assert "marine protected areas" in doc.text
    # Boilerplate, scripts and reader comments are not the article.
    for junk in ("Front page", "Weather warning", "Reader remark", "trackingId", "font-family", "Copyright"):
        assert junk not in doc.text


def test_byline_date_outside_the_article_is_found_in_the_page() -> None:
    [doc], errors = split([FIXTURES / "strapline_date.html"])
    assert errors == []
    assert "Published: March 3, 2019" not in doc.text
    assert (doc.published, doc.published_from) == (date(2019, 3, 3), "text")


def test_cli_date_overrides_metadata() -> None:
    [doc], _ = split([FIXTURES / "ministers_meet.html"], published=date(2021, 5, 1))
    assert (doc.published, doc.published_from) == (date(2021, 5, 1), "cli")


def test_short_page_falls_back_to_visible_text(tmp_path: Path) -> None:
    path = tmp_path / "short.htm"
    path.write_text(
        "<html><head><title> Brief  note </title><script>var a = 1;</script></head>"
        "<body><div>Chad and Niger</div><div>signed a border accord.</div></body></html>",
        encoding="utf-8",
    )
    [doc], errors = split([path])
    assert errors == []
    assert doc.title == "Brief note"
    assert "Chad and Niger" in doc.text and "signed a border accord." in doc.text
    assert "var a" not in doc.text


def test_truncated_html_still_gives_its_text(tmp_path: Path) -> None:
    path = tmp_path / "cut.html"
    page = (FIXTURES / "ministers_meet.html").read_text(encoding="utf-8")
    cut = page.index("Both sides agreed") + 40
    path.write_text(page[:cut], encoding="utf-8")
    [doc], errors = split([path])
    assert errors == []
    assert "met in Oslo on Monday" in doc.text
    assert "Both sides agreed" in doc.text

    tiny = tmp_path / "tiny.html"
    tiny.write_text("<html><body><div><p>Mali recalled its ambassador from", encoding="utf-8")
    [doc], errors = split([tiny])
    assert errors == [] and doc.text == "Mali recalled its ambassador from"


def test_page_without_readable_text(tmp_path: Path) -> None:
    (tmp_path / "scripts.html").write_text(
        "<html><head><title></title><script>var x = 'not text';</script></head><body>  </body></html>",
        encoding="utf-8",
    )
    (tmp_path / "tags.html").write_text("<html><body><div><span></span></div>", encoding="utf-8")
    docs, errors = split([tmp_path])
    assert docs == []
    assert sorted(str(e) for e in errors) == [
        f"{tmp_path / 'scripts.html'}: no readable text",
        f"{tmp_path / 'tags.html'}: no readable text",
    ]


def test_declared_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "legacy.html"
    body = "<html><head><meta charset='windows-1252'><title>Bogotá talks</title></head>" \
           "<body><p>Colombia and Ecuador met in Bogotá.</p></body></html>"
    path.write_bytes(body.encode("cp1252"))
    [doc], errors = split([path])
    assert errors == []
    assert doc.title == "Bogotá talks"
    assert "Bogotá" in doc.text


def test_undeclared_non_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "undeclared.html"
    data = "<html><body><p>Colombia and Ecuador met in Bogotá.</p></body></html>".encode("latin-1")
    path.write_bytes(data)
    docs, [error] = split([path])
    assert docs == []
    offset = data.index(b"\xe1")
    assert error.reason == f"not valid UTF-8 (byte 0xe1 at offset {offset})"


def test_unknown_charset_and_binary(tmp_path: Path) -> None:
    (tmp_path / "odd.html").write_bytes(b"<html><head><meta charset='klingon-8'></head><body>Hi</body></html>")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    _, errors = split([tmp_path])
    assert sorted((Path(e.path).name, e.reason) for e in errors) == [
        ("image.html", "binary file"),
        ("odd.html", "unknown charset 'klingon-8'"),
    ]


def test_declared_charset_order() -> None:
    assert declared_charset(b"\xef\xbb\xbf<meta charset=latin1>") == "utf-8"
    assert declared_charset(b"<meta charset=latin1>", "koi8-r") == "koi8-r"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">') == "shift_jis"
    assert declared_charset(b"<meta charset=ISO-8859-1>") == "cp1252"
    assert declared_charset(b'<?xml version="1.0" encoding="euc-kr"?><html>') == "euc-kr"
    assert declared_charset(b"<html>") == "utf-8"


def test_visible_text_survives_deep_nesting() -> None:
    title, text = visible_text("<title>Deep</title>" + "<div>" * 1500 + "Nested words")
    assert title == "Deep"
    assert text == "Nested words"
