"""Turn what a co-ordinator typed into needs, synonyms and stems, and score listings for them.

Whoosh scores each stem (BM25F over the boosted "text" field); those per-stem scores are cached
for the index generation, because co-ordinators' words repeat all day ("lonely", "money",
"carer"), and combined here: a need scores as its best-matching wording (typed words count
fully, synonyms at SYNONYM_WEIGHT) plus a little for its other wordings, and needs add up.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.searching import Searcher

from search.index import TEXT_FIELD
from search.thesaurus import expand, words

# A synonym counts for less than the word the person actually used.
SYNONYM_WEIGHT = 0.6
MAX_SYNONYMS_PER_NEED = 16
# A listing that words a need several ways gains this share of its other wordings' scores.
TIEBREAK = 0.3
# Cached (doc -> score) entries across all stems, per process.
CACHE_POSTINGS = 3_000_000

Variant = tuple[float, tuple[str, ...]]  # (weight, stems that must all match)


@dataclass
class TextQuery:
    needs: list[list[Variant]]
    corrected: str | None = None  # the query as searched, when a word was repaired
    unknown: list[str] = field(default_factory=list)


def _stems(searcher: Searcher, phrase: tuple[str, ...]) -> tuple[str, ...]:
    analyzer = searcher.schema[TEXT_FIELD].analyzer
    return tuple(token.text for word in phrase for token in analyzer(word, mode="query"))


def _repair(searcher: Searcher, word: str) -> str | None:
    """Suggest the nearest word the listings use, for a word none of them contains."""
    if len(word) < 4 or not word.isalpha():
        return None
    suggestions = searcher.corrector("vocab").suggest(word, limit=1, maxdist=2, prefix=1)
    return suggestions[0] if suggestions else None


def build_text_query(searcher: Searcher, text: str) -> TextQuery:
    """Find the needs in the text; words no listing contains are replaced by the nearest one."""
    needs: list[list[Variant]] = []
    corrections: dict[str, str] = {}
    unknown: list[str] = []
    for need in expand(text):
        typed = need.typed
        stems = _stems(searcher, typed)
        known = stems and all(searcher.doc_frequency(TEXT_FIELD, s) for s in stems)
        if len(typed) == 1 and not need.synonyms and not known:
            repaired = _repair(searcher, typed[0])
            if repaired is None:
                unknown.append(typed[0])
                continue
            corrections[typed[0]] = repaired
            need = (expand(repaired) or [need])[0]
            stems = _stems(searcher, (repaired,))
        variants: list[Variant] = [(1.0, stems)] if stems else []
        for synonym in need.synonyms[:MAX_SYNONYMS_PER_NEED]:
            synonym_stems = _stems(searcher, synonym)
            if synonym_stems and synonym_stems != stems:
                variants.append((SYNONYM_WEIGHT, synonym_stems))
        if variants:
            needs.append(variants)
    corrected = None
    if corrections:
        corrected = " ".join(corrections.get(word, word) for word in words(text))
    return TextQuery(needs, corrected, unknown)


class StemScores:
    """Per-stem scores from Whoosh for one index generation, least recently used dropped first."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._cache: OrderedDict[str, dict[int, float]] = OrderedDict()
        self._size = 0

    def get(self, stem: str) -> dict[int, float]:
        scores = self._cache.get(stem)
        if scores is not None:
            self._cache.move_to_end(stem)
            return scores
        scores = {}
        term = wq.Term(TEXT_FIELD, stem)
        context = self.searcher.context()
        for subsearcher, offset in self.searcher.leaf_searchers():
            matcher = term.matcher(subsearcher, context)
            while matcher.is_active():
                scores[matcher.id() + offset] = matcher.score()
                matcher.next()
        self._cache[stem] = scores
        self._size += len(scores)
        while self._size > CACHE_POSTINGS and len(self._cache) > 1:
            _, dropped = self._cache.popitem(last=False)
            self._size -= len(dropped)
        return scores


def _variant_scores(
    stem_scores: StemScores, stems: tuple[str, ...], allowed: Collection[int] | None
) -> dict[int, float]:
    """Score one wording (all its stems present); the result may be the cache's own dict."""
    lists = [stem_scores.get(stem) for stem in stems]
    if len(lists) == 1 and allowed is None:
        return lists[0]
    lists.sort(key=len)
    first, rest = lists[0], lists[1:]
    source = allowed if allowed is not None and len(allowed) < len(first) else first
    out = {}
    for doc in source:
        score = first.get(doc)
        if score is None:
            continue
        for other in rest:
            more = other.get(doc)
            if more is None:
                break
            score += more
        else:
            out[doc] = score
    return out


def score_text(
    stem_scores: StemScores, text_query: TextQuery, allowed: Collection[int] | None
) -> dict[int, float]:
    """Score every listing matching at least one need (only among `allowed` when given)."""
    totals: dict[int, float] = {}
    for need in text_query.needs:
        best: dict[int, float] = {}
        extra: dict[int, float] = {}
        for weight, stems in need:
            scores = _variant_scores(stem_scores, stems, allowed)
            if allowed is not None and len(allowed) < len(scores):
                pairs = ((doc, scores[doc]) for doc in allowed if doc in scores)
            else:
                pairs = scores.items()
                if allowed is not None:
                    pairs = ((doc, score) for doc, score in pairs if doc in allowed)
            for doc, score in pairs:
                score *= weight
                previous = best.get(doc, 0.0)
                if score > previous:
                    best[doc] = score
                    score = previous
                extra[doc] = extra.get(doc, 0.0) + score
        for doc, score in best.items():
            totals[doc] = totals.get(doc, 0.0) + score + TIEBREAK * extra[doc]
    return totals
