"""spaCy's attribute_ruler with the same rules and results, matched without the Matcher.

en_core_web_sm's attribute_ruler maps each tagged token to its coarse POS and morphology
(and fixes some lemmas) with ~180 one- and two-token patterns over TAG, LOWER, DEP and
IS_SPACE. Running them through spaCy's general `Matcher` was 13 % of the coder's parse; the
patterns are simple enough to look up by tag and lower-case form instead. Rules apply
exactly as in `AttributeRuler`: every match of every pattern, in pattern order, so a later
rule overrides an earlier one on the same token.

Patterns this matcher does not know how to read (operators, other attributes) make
`FastAttributeRuler.supports` false, and the pipeline then keeps spaCy's component.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

FACTORY = "detente_attribute_ruler"
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


class _Unsupported(ValueError):
    pass


class _Test:
    """One attribute predicate of one token pattern, on the token's hash (or flag)."""

    __slots__ = ("cache", "col", "kind", "regex", "strings", "values")

    def __init__(self, key: str, value: Any, vocab: Vocab) -> None:
        if key not in _COLUMNS:
            raise _Unsupported(key)
        self.col = _COLUMNS[key]
        self.regex: re.Pattern[str] | None = None
        self.cache: dict[int, bool] = {}
        self.strings = vocab.strings
        if key == "IS_SPACE":
            if not isinstance(value, bool):
                raise _Unsupported(value)
            self.kind, self.values = "eq", frozenset({int(value)})
        elif isinstance(value, str):
            self.kind, self.values = "eq", frozenset({_hash(vocab, value)})
        elif isinstance(value, dict) and len(value) == 1:
            (op, arg), = value.items()
            if op == "IN" and isinstance(arg, list):
                self.kind, self.values = "in", frozenset(_hash(vocab, v) for v in arg)
            elif op == "NOT_IN" and isinstance(arg, list):
                self.kind, self.values = "not_in", frozenset(_hash(vocab, v) for v in arg)
            elif op == "REGEX" and isinstance(arg, str):
                self.kind, self.values, self.regex = "regex", frozenset(), re.compile(arg)
            else:
                raise _Unsupported(value)
        else:
            raise _Unsupported(value)

    def __call__(self, row: list[int]) -> bool:
        v = row[self.col]
        if self.kind == "eq" or self.kind == "in":
            return v in self.values
        if self.kind == "not_in":
            return v not in self.values
        hit = self.cache.get(v)
        if hit is None:
            assert self.regex is not None
            # spaCy's REGEX predicate: re.search on the attribute's string
            hit = self.cache[v] = self.regex.search(self.strings[v] if v else "") is not None
        return hit


def _hash(vocab: Vocab, value: str) -> int:
    return 0 if value == "" else int(vocab.strings.add(value))


class _Rule:
    __slots__ = ("first", "index", "order", "tokens")

    def __init__(self, order: int, index: int, tokens: list[list[_Test]]) -> None:
        self.order, self.index, self.tokens = order, index, tokens
        self.first = tokens[0]

    def matches_at(self, rows: list[list[int]], i: int) -> bool:
        row = rows[i]
        for t in self.first:
            if not t(row):
                return False
        if len(self.tokens) == 1:
            return True
        if i + len(self.tokens) > len(rows):
            return False
        return all(all(t(rows[i + k]) for t in tests) for k, tests in enumerate(self.tokens) if k)


# the first token's attributes a rule is filed under, most selective first
_KEYS = (("TAG", "LOWER"), ("TAG",), ("LOWER",), ("DEP",), ("IS_SPACE",))


class _Compiled:
    """Rules filed under the values their first token must have (tag and lower-case form,
    tag, form, dependency label or space flag); rules with none of these are tried on every
    token. A token looks up its own values and tries only the rules filed there."""

    def __init__(self, patterns: list[dict[str, Any]], vocab: Vocab) -> None:
        self.tables: list[dict[tuple[int, ...], list[_Rule]]] = [{} for _ in _KEYS]
        self.always: list[_Rule] = []
        for order, p in enumerate(patterns):
            for token_patterns in p["patterns"]:
                if not token_patterns:
                    raise _Unsupported("empty pattern")
                tests = [[_Test(k, v, vocab) for k, v in spec.items()] for spec in token_patterns]
                rule = _Rule(order, int(p.get("index", 0)), tests)
                for table, attrs in zip(self.tables, _KEYS, strict=True):
                    keys = _keys(token_patterns[0], attrs, vocab)
                    if keys is not None:
                        for key in keys:
                            table.setdefault(key, []).append(rule)
                        break
                else:
                    self.always.append(rule)

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(rule order, start, end) of every match, as the Matcher would find them, sorted."""
        rows: list[list[int]] = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        found: set[tuple[int, int, int]] = set()
        tag_lower, tag, lower, dep, space = self.tables
        always = self.always
        for i, row in enumerate(rows):
            for rules in (tag_lower.get((row[0], row[1])), tag.get((row[0],)), lower.get((row[1],)),
                          dep.get((row[2],)), space.get((row[3],)), always):
                if rules:
                    for r in rules:
                        if r.matches_at(rows, i):
                            found.add((r.order, i, i + len(r.tokens)))
        return sorted(found)


def _keys(spec: dict[str, Any], attrs: tuple[str, ...], vocab: Vocab) -> list[tuple[int, ...]] | None:
    """Every combination of values `spec` allows for `attrs`, or None if one is not a plain
    value or IN list."""
    per_attr: list[list[int]] = []
    for attr in attrs:
        value = spec.get(attr)
        if attr == "IS_SPACE" and isinstance(value, bool):
            per_attr.append([int(value)])
        elif isinstance(value, str):
            per_attr.append([_hash(vocab, value)])
        elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            per_attr.append(sorted({_hash(vocab, v) for v in value["IN"]}))
        else:
            return None
    keys: list[tuple[int, ...]] = [()]
    for values in per_attr:
        keys = [(*k, v) for k in keys for v in values]
    return keys


class FastAttributeRuler(AttributeRuler):
    """An `AttributeRuler` whose matching is a table look-up (see the module docstring)."""

    _compiled: _Compiled | None = None
    _compiled_for = -1

    def _tables(self) -> _Compiled:
        if self._compiled is None or self._compiled_for != len(self.attrs):
            self._compiled = _Compiled(self.patterns, self.vocab)
            self._compiled_for = len(self.attrs)
        return self._compiled

    def supports(self) -> bool:
        try:
            self._tables()
        except _Unsupported:
            return False
        return True

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        return self._tables().matches(doc)

    def set_annotations(self, doc: Doc, matches: Iterable[tuple[int, int, int]]) -> None:
        for order, start, end in matches:
            index = self.indices[order]
            # a Span's index: negative counts back from the end of the match
            target = (start + index) if index >= 0 else (end + index)
            if not start <= target < end:
                raise ValueError(f"attribute rule {order}: index {index} outside its match")
            set_token_attrs(doc[target], self.attrs[order])


@Language.factory(FACTORY)
def make_fast_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.vocab, name)


def speed_up_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Swap the pipeline's attribute_ruler for a `FastAttributeRuler` with the same patterns.
    Returns False (and leaves the pipeline alone) when a pattern is beyond the fast matcher."""
    if name not in nlp.pipe_names:
        return False
    old = nlp.get_pipe(name)
    if not isinstance(old, AttributeRuler) or isinstance(old, FastAttributeRuler):
        return False
    fast = FastAttributeRuler(nlp.vocab, name)
    fast.add_patterns(old.patterns)
    if not fast.supports():
        return False
    new = nlp.replace_pipe(name, FACTORY)
    assert isinstance(new, FastAttributeRuler)
    new.add_patterns(old.patterns)
    return True
