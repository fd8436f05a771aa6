"""Generate N distinct news-like articles from the built-in sample corpus.

    python benchmarks/corpus.py OUT_DIR [--articles 2000] [--seed 0] [--format txt|jsonl]

Shared by the throughput and memory benchmarks and by the engine tests. Each article is
built from one sample article (its headline and lead paragraph), with part of its body
swapped for sentences drawn from every other sample article, and then varied:

- states swapped for other states from the gazetteer (name, adjective, people and capital
  together: "North Korea" / "North Korean" / "Pyongyang" -> "Peru" / "Peruvian" / "Lima"),
- people swapped for other people from the gazetteer (full name and surname together),
- the publication date moved by up to a few years, written dates and weekdays redrawn,
  and years shifted with the publication year.

So no two articles share a text (it is checked), the vocabulary and actor mix differ from
article to article (no cache on text, sentences or names can short-cut the work), while
sentences keep the length and shape of real news. The output is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTH_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTH_FORMS = sorted({*MONTHS, *MONTH_ABBR, "Jan", "Feb", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"},
                      key=len, reverse=True)
# "June 12", "Dec. 7, 2019", "March 2018", bare "May" is left alone (also a verb)
_MONTH_DAY = re.compile(r"\b(?P<m>" + "|".join(re.escape(m) for m in _MONTH_FORMS if m != "May")
                        + r"|May(?= \d))(?: (?P<d>\d{1,2})(?:-(?P<d2>\d{1,2}))?(?!\d))?(?:,? (?P<y>(?:19|20)\d\d)\b)?")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
_YEAR = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")
_HEADER = re.compile(r"^(Posted on|Published)\b")
EARLIEST, LATEST = date(2001, 1, 1), date(2025, 12, 31)


@dataclass(frozen=True)
class Article:
    index: int
    title: str
    published: date
    text: str         # the body: paragraphs separated by blank lines

    @property
    def words(self) -> int:
        return len(self.text.split()) + len(self.title.split())

    def as_txt(self) -> str:
        """A plain-text file as the ingest reader expects: headline, dated line, body."""
        return f"{self.title}\nPublished: {_long_date(self.published)}\n\n{self.text}\n"

    def as_record(self) -> dict[str, str]:
        return {"id": f"gen-{self.index:06d}", "title": self.title, "published": self.published.isoformat(),
                "source": "detente generated corpus", "text": self.text}


@dataclass(frozen=True)
class Source:
    """One sample article cut into paragraphs of sentences."""

    title: str
    published: date
    lead: list[str]
    body: list[str]


@dataclass(frozen=True)
class Swap:
    """Surface forms of one actor: replacing actor A by actor B maps each form of A to the
    form of B of the same kind."""

    key: str
    forms: dict[str, str]    # surface form -> kind ("name", "adjective", "capital", ...)
    canonical: dict[str, str]  # kind -> the form written when this actor is swapped in


def _long_date(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _yaml(name: str) -> Any:
    return yaml.safe_load(resources.files("detente.actors.data").joinpath(name).read_text(encoding="utf-8"))


def _strings(values: Any) -> list[str]:
    return [v for v in values or [] if isinstance(v, str)]


def load_states() -> list[Swap]:
    """Sovereign states with every kind of form filled, so any of them can stand in for any other."""
    out = []
    for s in _yaml("states.yaml"):
        adjectives, capitals, demonyms = _strings(s.get("adjectives")), _strings(s.get("capitals")), \
            _strings(s.get("demonyms"))
        if s.get("sovereign", True) is False or not (adjectives and capitals and demonyms):
            continue
        forms = {a: "name" for a in _strings(s.get("aliases")) if len(a) > 3}
        forms |= {a: "adjective" for a in adjectives} | {c: "capital" for c in capitals}
        forms |= {d: "demonym" for d in demonyms}
        forms[s["name"]] = "name"
        out.append(Swap(f"state:{s['code']}", forms,
                        {"name": s["name"], "adjective": adjectives[0], "capital": capitals[0],
                         "demonym": demonyms[0]}))
    return out


def load_people() -> list[Swap]:
    out = []
    for name in ("people_g20.yaml", "people_world.yaml"):
        for p in _yaml(name):
            surname = p.get("surname")
            if not isinstance(surname, str) or not isinstance(p.get("name"), str):
                continue
            forms = {a: "name" for a in _strings(p.get("aliases"))} | {p["name"]: "name", surname: "surname"}
            out.append(Swap(f"person:{p['name']}", forms, {"name": p["name"], "surname": surname}))
    return out


def _split_source(title: str, text: str, published: date) -> Source:
    from detente.nlp.segment import sentences, strip_dateline

    paras = [line.strip() for line in text.split("\n") if line.strip()]
    paras = [p for p in paras if p != title and not _HEADER.match(p)]
    cut = [p[strip_dateline(p):] if i == 0 else p for i, p in enumerate(paras)]
    split = [[p[s:e] for s, e in sentences(p)] for p in cut]
    split = [s for s in split if s]
    return Source(title, published, split[0], [s for para in split[1:] for s in para])


def load_sources() -> list[Source]:
    """The sample corpus as the ingest readers see it (so the HTML page counts too)."""
    from detente.ingest import iter_documents
    from detente.samples import corpus_dir

    out = []
    for result in iter_documents([corpus_dir()]):
        doc = result.document
        if doc is None or doc.published is None:
            continue
        out.append(_split_source(doc.title or "", doc.text, doc.published))
    if not out:
        raise RuntimeError("the sample corpus holds no dated article")
    return out


def _alternation(forms: Sequence[str]) -> re.Pattern[str]:
    # longest first, so "North Korean" wins over "North Korea" and "Moon Jae-in" over "Moon"
    ordered = sorted(set(forms), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in ordered) + r")(?![\w-])")


class Generator:
    """Article `i` depends only on (seed, i), so any slice of a corpus can be regenerated."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.sources = load_sources()
        self.pool = [s for src in self.sources for s in src.body]
        self.states = load_states()
        self.people = load_people()

    @cached_property
    def _finder(self) -> tuple[re.Pattern[str], dict[str, list[Swap]]]:
        """A pattern of the actor forms that occur in the sample corpus. Generated text only
        holds those (swapped-in names are never searched again), and a pattern of a few dozen
        forms is a hundred times faster than one of every form in the gazetteer."""
        owners: dict[str, list[Swap]] = {}
        for swap in (*self.states, *self.people):
            for form in swap.forms:
                owners.setdefault(form, []).append(swap)
        everything = _alternation(list(owners))
        texts = [t for src in self.sources for t in (src.title, *src.lead, *src.body)]
        found = {m.group(0) for t in texts for m in everything.finditer(t)}
        return _alternation(sorted(found)), {f: owners[f] for f in found}

    def article(self, i: int) -> Article:
        rng = random.Random(f"{self.seed}:{i}")
        src = self.sources[i % len(self.sources)]
        body = self._body(src, rng)
        published = min(LATEST, max(EARLIEST, src.published + timedelta(days=rng.randint(-1500, 1500))))
        title, body = self._swap_actors(src.title, body, rng)
        year_shift = published.year - src.published.year
        return Article(i, self._redate(title, rng, year_shift), published, self._redate(body, rng, year_shift))

    def _body(self, src: Source, rng: random.Random) -> str:
        """The lead paragraph, then the source's body sentences with about half of them
        replaced by sentences from anywhere in the corpus, in paragraphs of one to three."""
        n = rng.randint(max(4, len(src.body) - 4), len(src.body) + 4)
        own = list(src.body)
        picked = [own.pop(0) if own and rng.random() < 0.5 else rng.choice(self.pool) for _ in range(n)]
        paras = [" ".join(src.lead)]
        while picked:
            k = rng.randint(1, 3)
            paras.append(" ".join(picked[:k]))
            picked = picked[k:]
        return "\n\n".join(paras)

    def _swap_actors(self, title: str, body: str, rng: random.Random) -> tuple[str, str]:
        finder, owners = self._finder
        text = title + "\n" + body
        matches = list(finder.finditer(text))
        present: dict[str, Swap] = {}
        for m in matches:
            for swap in owners[m.group(0)]:
                present.setdefault(swap.key, swap)
        states = [s for s in present.values() if s.key.startswith("state:")]
        people = [s for s in present.values() if s.key.startswith("person:")]
        mapping: dict[str, str] = {}
        for chosen, pool in ((rng.sample(states, min(2, len(states))), self.states),
                             (rng.sample(people, min(2, len(people))), self.people)):
            for old in chosen:
                new = rng.choice(pool)
                for form, kind in old.forms.items():
                    mapping.setdefault(form, new.canonical.get(kind, new.canonical["name"]))
        # Rebuild the text from the matches of every known form: a form of an actor that is
        # not swapped stays whole ("North Korea" is not cut into "North" + a swapped "Korea"),
        # and a name swapped in is never swapped again.
        out, last = [], 0
        for m in matches:
            out += [text[last:m.start()], mapping.get(m.group(0), m.group(0))]
            last = m.end()
        out.append(text[last:])
        new_title, _, new_body = "".join(out).partition("\n")
        return new_title, new_body

    @staticmethod
    def _redate(text: str, rng: random.Random, year_shift: int) -> str:
        def month_day(m: re.Match[str]) -> str:
            month = rng.randrange(12)
            out = (MONTH_ABBR if m.group("m").endswith(".") else MONTHS)[month]
            if m.group("d"):
                day = rng.randint(1, 26)
                out += f" {day}" + (f"-{day + rng.randint(1, 2)}" if m.group("d2") else "")
            if m.group("y"):
                out += f", {int(m.group('y')) + year_shift}"
            return out

        text = _MONTH_DAY.sub(month_day, text)
        text = _WEEKDAY.sub(lambda m: rng.choice(WEEKDAYS), text)
        return _YEAR.sub(lambda m: str(int(m.group(0)) + year_shift), text)


def generate(n: int, seed: int = 0) -> Iterator[Article]:
    """N articles with pairwise distinct texts, streamed (only their hashes are kept)."""
    gen = Generator(seed)
    seen: set[bytes] = set()
    i = 0
    produced = 0
    while produced < n:
        art = gen.article(i)
        i += 1
        digest = hashlib.blake2b(art.as_txt().encode("utf-8"), digest_size=16).digest()
        if digest in seen:
            continue
        seen.add(digest)
        produced += 1
        yield Article(produced - 1, art.title, art.published, art.text)


@dataclass(frozen=True)
class CorpusInfo:
    path: Path
    articles: int
    words: int
    bytes: int


def write_corpus(dest: Path, n: int, *, seed: int = 0, fmt: str = "txt") -> CorpusInfo:
    """Write N articles: one .txt file each under `dest` (a folder), or one JSON Lines file
    `dest/articles.jsonl`. Returns the path to ingest and the corpus size."""
    if fmt not in ("txt", "jsonl"):
        raise ValueError(f"unknown format {fmt!r} (txt or jsonl)")
    dest.mkdir(parents=True, exist_ok=True)
    words = size = 0
    if fmt == "jsonl":
        path = dest / "articles.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for art in generate(n, seed):
                line = json.dumps(art.as_record(), ensure_ascii=False) + "\n"
                fh.write(line)
                words, size = words + art.words, size + len(line.encode("utf-8"))
        return CorpusInfo(path, n, words, size)
    for art in generate(n, seed):
        data = art.as_txt().encode("utf-8")
        (dest / f"{art.published.isoformat()}-gen-{art.index:06d}.txt").write_bytes(data)
        words, size = words + art.words, size + len(data)
    return CorpusInfo(dest, n, words, size)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("dest", type=Path)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--format", choices=("txt", "jsonl"), default="txt")
    args = ap.parse_args(argv)
    info = write_corpus(args.dest, args.articles, seed=args.seed, fmt=args.format)
    print(f"wrote {info.articles} articles, {info.words} words, {info.bytes / 1e6:.1f} MB to {info.path}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
