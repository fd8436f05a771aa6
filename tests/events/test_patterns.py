"""One or more sentences per pattern the extraction issue names, written for these tests.

Each test codes a short text and checks the dyad rows: type, actors, status, date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from detente.model import Document


def code(coder: Any, text: str, published: date) -> list[tuple[str, str, str | None, str, str | None]]:
    rows = []
    for ev in coder.code(Document.from_text("t", text, published=published)):
        for s, t in ev.dyads():
            rows.append((ev.event_type, s.code, t.code if t else None, ev.status,
                         ev.date.start.isoformat() if ev.date else None))
    return rows


def has(rows: list[tuple], typ: str, a: str, b: str | None, status: str | None = None, day: str | None = None,
        symmetric: bool = True) -> bool:
    for r in rows:
        pair_ok = (r[1], r[2]) == (a, b) or (symmetric and (r[1], r[2]) == (b, a))
        if r[0] == typ and pair_ok and (status is None or r[3] == status) and (day is None or r[4] == day):
            return True
    return False


CASES = [
    # --- actors -----------------------------------------------------------------------
    ("role at the document's date", "The Chinese President received the Pakistani prime minister on Monday.",
     date(2019, 4, 10), ("CONSULT", "CHN", "PAK", "occurred", "2019-04-08")),
    ("role by possessive", "North Korea's vice foreign minister met Sweden's foreign minister in Stockholm on Friday.",
     date(2019, 1, 22), ("CONSULT", "PRK", "SWE", "occurred", None)),
    ("group reference", "Officials from Armenia and Azerbaijan met in Geneva. The two countries agreed to a ceasefire.",
     date(2020, 10, 12), ("AGREE", "ARM", "AZE", None, None)),
    ("short name after full name", "Vladimir Putin arrived in Ankara on Monday. Putin met Erdogan the same day.",
     date(2017, 9, 29), ("CONSULT", "RUS", "TUR", "occurred", None)),
    ("pronoun to the last person", "Emmanuel Macron flew to Beijing on Tuesday. He met Xi Jinping on Wednesday.",
     date(2019, 11, 8), ("CONSULT", "FRA", "CHN", "occurred", None)),
    ("hyphenated dyad", "The China-Japan summit was held in Osaka on June 27.", date(2019, 6, 30),
     ("CONSULT", "CHN", "JPN", "occurred", "2019-06-27")),
    ("dateline stripped", "ANKARA, May 3 (Reuters) - Turkey expelled two Dutch diplomats on Thursday.",
     date(2018, 5, 3), ("SANCTION", "TUR", "NLD", "occurred", None)),
    ("multi-token name", "Moon Jae-in telephoned Shinzo Abe on Friday.", date(2019, 3, 10),
     ("CONSULT", "KOR", "JPN", "occurred", "2019-03-08")),
    # --- events -------------------------------------------------------------------------
    ("nominal visit with possessive", "Modi's visit to Japan is expected next month.", date(2018, 9, 12),
     ("CONSULT", "IND", "JPN", "expected", None)),
    ("nominal visit with by", "A Canada visit by the Mexican president is planned for March.", date(2019, 1, 5),
     ("CONSULT", "MEX", "CAN", "planned", "2019-03-01")),
    ("passive with agent", "The convoy was attacked by Syrian troops near Aleppo on Sunday.", date(2016, 9, 20),
     ("ASSAULT", "SYR", "SYR", "occurred", None)),
    ("coordinated subjects", "France and Germany demanded that Iran release the detained sailors.",
     date(2019, 7, 25), ("REQUEST", "FRA", "IRN", "occurred", None)),
    ("coordinated subjects, second", "France and Germany demanded that Iran release the detained sailors.",
     date(2019, 7, 25), ("REQUEST", "DEU", "IRN", "occurred", None)),
    ("light verb", "Kenya paid a visit to Ethiopia last week.", date(2018, 5, 14),
     ("CONSULT", "KEN", "ETH", "occurred", None)),
    ("light verb with talks", "Indian and Pakistani officials held talks in Delhi on Wednesday.", date(2019, 2, 1),
     ("CONSULT", "IND", "PAK", "occurred", None)),
    ("reporting verb codes the reported act", "Officials said Russia had expelled two British diplomats.",
     date(2018, 3, 20), ("SANCTION", "RUS", "GBR", "occurred", None)),
    ("phone mode", "Angela Merkel called Vladimir Putin on Tuesday.", date(2018, 5, 3),
     ("CONSULT", "DEU", "RUS", "occurred", "2018-05-01")),
    # --- status -------------------------------------------------------------------------
    ("expected", "A visit to Cuba by the Canadian prime minister is expected to take place in the near future.",
     date(2016, 10, 1), ("CONSULT", "CAN", "CUB", "expected", None)),
    ("future modal", "Trump will meet Putin in Helsinki on July 16.", date(2018, 6, 29),
     ("CONSULT", "USA", "RUS", "planned", "2018-07-16")),
    ("invitation", "Russia invited Kim Jong-un to the forum in September.", date(2018, 7, 2),
     ("CONSULT", "PRK", "RUS", "planned", "2018-09-01")),
    ("cancellation", "Trump canceled a previously planned visit by Pompeo to North Korea in August.",
     date(2018, 10, 9), ("CONSULT", "USA", "PRK", "cancelled", "2018-08-01")),
    ("failure", "Xi had been expected to visit Pyongyang, but the visit failed to happen.", date(2018, 10, 9),
     ("CONSULT", "CHN", "PRK", "failed", None)),
    ("attempt blocked", "Iranian boats attempted to seize a British tanker on Wednesday but were driven off.",
     date(2019, 7, 11), ("COERCE", "IRN", "GBR", "failed", "2019-07-10")),
    ("negated agreement is a refusal", "Syria says it will not accept any more refugees from Iraq.", date(2003, 3, 1),
     ("REJECT", "SYR", "IRQ", None, None)),
    # --- dates --------------------------------------------------------------------------
    ("day of month, past", "The summit was held in Pyongyang on the 22nd between Moon and Kim.", date(2018, 7, 2),
     ("CONSULT", "KOR", "PRK", "occurred", "2018-06-22")),
    ("weekday", "Japan and South Korea held talks on Tuesday.", date(2019, 8, 22),
     ("CONSULT", "JPN", "KOR", "occurred", "2019-08-20")),
    ("last month", "China and Russia demanded the easing of sanctions at the UN last month.", date(2018, 10, 9),
     ("REQUEST", "CHN", "UN", "occurred", "2018-09-01")),
    ("approximate", "Kim's visit to Russia is seen as likely to take place around Oct. 12.", date(2018, 10, 9),
     ("CONSULT", "PRK", "RUS", "expected", "2018-10-12")),
    ("inherited by anchor", "Trump and Kim met in Singapore on June 12. At the summit, Kim pledged to denuclearise.",
     date(2018, 6, 14), ("AGREE", "PRK", "USA", "occurred", "2018-06-12")),
]


@pytest.mark.parametrize(("pattern", "text", "published", "want"), CASES, ids=[c[0] for c in CASES])
def test_pattern(coder: Any, pattern: str, text: str, published: date, want: tuple) -> None:
    rows = code(coder, text, published)
    typ, a, b, status, day = want
    assert has(rows, typ, a, b, status, day), f"{pattern}: got {rows}"


NEGATIVES = [
    ("standing stance", "Beijing supports denuclearisation of the Korean Peninsula.", date(2018, 10, 9)),
    ("hypothetical", "A visit by the Chinese leader could revive tensions with Washington.", date(2018, 10, 9)),
    ("recommendation", "Seoul should talk more with Beijing and Moscow.", date(2018, 7, 2)),
    ("topic, not an act", "The ministers discussed sanctions against Iran.", date(2018, 7, 2)),
    ("negated meeting", "Trump did not meet Kim on Tuesday.", date(2019, 2, 28)),
]


@pytest.mark.parametrize(("pattern", "text", "published"), NEGATIVES, ids=[n[0] for n in NEGATIVES])
def test_negative(coder: Any, pattern: str, text: str, published: date) -> None:
    rows = code(coder, text, published)
    bad = [r for r in rows if r[0] != "CONSULT" or pattern != "topic, not an act"]
    assert not bad, f"{pattern}: got {rows}"
