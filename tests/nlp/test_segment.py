from __future__ import annotations

from detente.nlp.segment import sentences, strip_dateline


def test_sentence_offsets_point_into_the_text() -> None:
    text = "Headline without a stop\n\nThe U.S. envoy met Oct. 3 officials. They talked.\n"
    spans = sentences(text)
    assert [text[s:e] for s, e in spans] == ["Headline without a stop", "The U.S. envoy met Oct. 3 officials.",
                                              "They talked."]


def test_datelines_are_skipped_but_offsets_stay_true() -> None:
    text = "SEOUL, June 3 (Reuters) - South Korea and Japan met on Sunday."
    (s, e), = sentences(text)
    assert text[s:e] == "South Korea and Japan met on Sunday."
    assert strip_dateline("WASHINGTON (AP) — The talks began.") > 0
    assert strip_dateline("The talks began - and ended.") == 0


def test_very_long_sentences_are_cut() -> None:
    text = "word " * 2000
    assert all(e - s <= 1500 for s, e in sentences(text))
