"""Turn what a co-ordinator typed into a Whoosh query: needs, synonyms, boosts and typo repair."""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.searching import Searcher

from search.index import FIELD_BOOSTS
from search.thesaurus import expand, words

# A synonym counts for less than the word the person actually used.
SYNONYM_WEIGHT = 0.6
MAX_SYNONYMS_PER_NEED = 24


@dataclass
class TextQuery:
    query: wq.Query | None
    corrected: str | None = None  # the query as we searched it, when a word was repaired
    unknown: list[str] = field(default_factory=list)


def _analysed(searcher: Searcher, word: str) -> list[str]:
    """Stem a word as the index did (all text fields share one analyser)."""
    return [
        token.text
        for token in searcher.schema["name"].analyzer(word, mode="query", removestops=False)
    ]


def _phrase_query(searcher: Searcher, phrase: tuple[str, ...], weight: float) -> wq.Query | None:
    """Match a word or short phrase in any field: every word somewhere, boosted per field."""
    parts = []
    for word in phrase:
        stems = _analysed(searcher, word)
        if not stems:
            continue
        parts.append(
            wq.Or(
                [
                    wq.Term(name, stem, boost=boost * weight)
                    for name, boost in FIELD_BOOSTS.items()
                    for stem in stems
                ]
            )
        )
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _known(searcher: Searcher, word: str) -> bool:
    stems = _analysed(searcher, word)
    return any(searcher.doc_frequency(name, stem) for name in FIELD_BOOSTS for stem in stems)


def _repair(searcher: Searcher, word: str) -> str | None:
    """Suggest the nearest word the listings use, for a word none of them contains."""
    if len(word) < 4 or not word.isalpha():
        return None
    suggestions = searcher.corrector("vocab").suggest(word, limit=1, maxdist=2, prefix=1)
    return suggestions[0] if suggestions else None


def build_text_query(searcher: Searcher, text: str) -> TextQuery:
    """Build the query; words no listing contains are replaced by their nearest known word."""
    needs = []
    corrections: dict[str, str] = {}
    unknown: list[str] = []
    for need in expand(text):
        typed = need.typed
        if len(typed) == 1 and not need.synonyms and not _known(searcher, typed[0]):
            repaired = _repair(searcher, typed[0])
            if repaired is None:
                unknown.append(typed[0])
                continue
            corrections[typed[0]] = repaired
            need = expand(repaired)[0] if expand(repaired) else need
            typed = (repaired,)
        variants = [_phrase_query(searcher, typed, 1.0)]
        for synonym in need.synonyms[:MAX_SYNONYMS_PER_NEED]:
            variants.append(_phrase_query(searcher, synonym, SYNONYM_WEIGHT))
        variants = [v for v in variants if v is not None]
        if variants:
            # The best-matching wording of a need counts, so piling up synonyms gains little.
            needs.append(wq.DisjunctionMax(variants, tiebreak=0.1))
    corrected = None
    if corrections:
        corrected = " ".join(corrections.get(word, word) for word in words(text))
    if not needs:
        return TextQuery(None, corrected, unknown)
    return TextQuery(needs[0] if len(needs) == 1 else wq.Or(needs), corrected, unknown)


def score_matches(
    searcher: Searcher, query: wq.Query, allowed: set[int] | dict[int, object] | None
) -> dict[int, float]:
    """Score every matching doc (restricted to `allowed` docnums when given)."""
    scores: dict[int, float] = {}
    context = searcher.context()
    for subsearcher, offset in searcher.leaf_searchers():
        matcher = query.matcher(subsearcher, context)
        while matcher.is_active():
            doc = matcher.id() + offset
            if allowed is None or doc in allowed:
                scores[doc] = matcher.score()
            matcher.next()
    return scores
