"""Turn what a co-ordinator typed into needs, synonyms and stems, and score listings for them.

Whoosh scores each stem (BM25F over the boosted "text" field); those per-stem scores are cached
for the index generation, because co-ordinators' words repeat all day ("lonely", "money",
"carer"), and combined here: a need scores as its best-matching wording (typed words count
fully, synonyms at SYNONYM_WEIGHT) plus a little for its other wordings, and needs add up.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from search.index import TEXT_FIELD
from search.table import WordList
from search.thesaurus import expand, words

# A synonym counts for less than the word the person actually used.
SYNONYM_WEIGHT = 0.6
MAX_SYNONYMS_PER_NEED = 16
# A listing that words a need several ways gains this share of its other wordings' scores.
TIEBREAK = 0.3
# Cached (doc -> score) entries across all stems, per process.
CACHE_POSTINGS = 3_000_000
# A spelling is offered instead of a word that listings use when they use it this many times more.
ALTERNATIVE_MIN_RATIO = 5

Variant = tuple[float, tuple[str, ...]]  # (weight, stems that must all match)
Postings = tuple[np.ndarray, np.ndarray]  # (docs ascending, scores)


@dataclass
class TextQuery:
    needs: list[list[Variant]]
    corrected: str | None = None  # the query as searched, when a word was repaired
    unknown: list[str] = field(default_factory=list)


def _stems(searcher: Searcher, phrase: tuple[str, ...]) -> tuple[str, ...]:
    analyzer = searcher.schema[TEXT_FIELD].analyzer
    return tuple(token.text for word in phrase for token in analyzer(word, mode="query"))


def _repair(word_list: WordList, word: str) -> str | None:
    """Suggest the nearest word the listings use, for a word none of them contains."""
    if len(word) < 4 or not word.isalpha():
        return None
    return word_list.suggest(word, maxdist=2, prefix=1)


def suggest_alternative(text: str, word_list: WordList) -> str | None:
    """Offer a likelier spelling of a query that found little.

    A misspelling that some listing happens to share ("befrending") is searched as typed and
    finds little; suggest the nearby word the listings use far more often ("befriending").
    """
    suggested = []
    for word in words(text):
        better = _repair(word_list, word)
        ratio = word_list.frequency(better) / max(1, word_list.frequency(word)) if better else 0
        suggested.append(better if better and ratio >= ALTERNATIVE_MIN_RATIO else word)
    alternative = " ".join(suggested)
    return alternative if alternative != " ".join(words(text)) else None


def build_text_query(searcher: Searcher, text: str, word_list: WordList) -> TextQuery:
    """Find the needs in the text; words no listing contains are replaced by the nearest one."""
    needs: list[list[Variant]] = []
    corrections: dict[str, str] = {}
    unknown: list[str] = []
    for need in expand(text):
        typed = need.typed
        stems = _stems(searcher, typed)
        known = stems and all(searcher.doc_frequency(TEXT_FIELD, s) for s in stems)
        if len(typed) == 1 and not need.synonyms and not known:
            repaired = _repair(word_list, typed[0])
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
    """Per-stem BM25F scores for one index generation, as (docs, scores) arrays.

    The scores are Whoosh's own BM25F (the same idf, average length and length encoding), but
    computed from whole posting blocks with numpy rather than one posting at a time; least
    recently used stems are dropped first.
    """

    def __init__(self, searcher: Searcher, lengths: np.ndarray, live: np.ndarray) -> None:
        self.searcher = searcher
        self.lengths = lengths  # every doc's "text" length, as Whoosh decodes it
        self.live = live
        weighting = searcher.weighting
        self.K1, self.B = weighting.K1, weighting.B
        self.avgfl = searcher.avg_field_length(TEXT_FIELD) or 1
        self._cache: OrderedDict[str, Postings] = OrderedDict()
        self._size = 0

    def get(self, stem: str) -> Postings:
        found = self._cache.get(stem)
        if found is not None:
            self._cache.move_to_end(stem)
            return found
        found = self._load(stem)
        self._cache[stem] = found
        self._size += len(found[0])
        while self._size > CACHE_POSTINGS and len(self._cache) > 1:
            _, dropped = self._cache.popitem(last=False)
            self._size -= len(dropped[0])
        return found

    def _load(self, stem: str) -> Postings:
        ids: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for reader, offset in self.searcher.reader().leaf_readers():
            block_ids, block_weights = _raw_postings(reader, stem)
            ids.extend(np.asarray(block, dtype=np.int64) + offset for block in block_ids)
            weights.extend(np.asarray(block, dtype=np.float64) for block in block_weights)
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        docs = np.concatenate(ids)
        tf = np.concatenate(weights)
        keep = self.live[docs]
        docs, tf = docs[keep], tf[keep]
        idf = self.searcher.idf(TEXT_FIELD, stem)
        fl = self.lengths[docs]
        K1, B = self.K1, self.B
        scores = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / self.avgfl)))
        return docs, scores


def _raw_postings(reader: Any, stem: str) -> tuple[list[Any], list[Any]]:
    """Read a term's postings in one segment block by block: (id arrays, weight arrays)."""
    if (TEXT_FIELD, stem) not in reader:
        return [], []
    terms = reader._terms  # noqa: SLF001 - the codec's term reader: whole blocks, no wrappers
    matcher = terms.matcher(
        TEXT_FIELD, reader._text_to_bytes(TEXT_FIELD, stem), reader.schema[TEXT_FIELD].format
    )
    if not hasattr(matcher, "_read_ids"):  # not a Whoosh 3 block matcher: one at a time
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return [ids], [weights]
    block_ids, block_weights = [], []
    while matcher.is_active():
        matcher._read_data()
        ids, weights = matcher._data[0], matcher._data[1]
        count = matcher._blocklength
        # Ids are stored as gaps unless the block holds them as bytes: add them up at C speed.
        block_ids.append(ids if matcher._byteids else np.cumsum(np.asarray(ids, dtype=np.int64)))
        if weights is None or isinstance(weights, float):
            block_weights.append(np.full(count, 1.0 if weights is None else weights))
        else:
            block_weights.append(weights)
        matcher._next_block()
    return block_ids, block_weights


def _variant_scores(stem_scores: StemScores, stems: tuple[str, ...]) -> Postings:
    """Score one wording: the docs holding all its stems, with the sum of their scores."""
    lists = sorted((stem_scores.get(stem) for stem in stems), key=lambda found: len(found[0]))
    docs, scores = lists[0]
    for other_docs, other_scores in lists[1:]:
        docs, mine, theirs = np.intersect1d(
            docs, other_docs, assume_unique=True, return_indices=True
        )
        scores = scores[mine] + other_scores[theirs]
    return docs, scores


def score_text(stem_scores: StemScores, text_query: TextQuery, size: int) -> np.ndarray:
    """Score every doc for the needs: NaN where a listing matches none of them."""
    totals = np.zeros(size)
    scored = np.zeros(size, dtype=bool)
    for need in text_query.needs:
        best = np.zeros(size)
        extra = np.zeros(size)
        for weight, stems in need:
            docs, scores = _variant_scores(stem_scores, stems)
            if not len(docs):
                continue
            scores = scores * weight
            previous = best[docs]
            # The best wording counts fully; the others add to a tiebreak share.
            extra[docs] += np.where(scores > previous, previous, scores)
            best[docs] = np.maximum(previous, scores)
            scored[docs] = True
        totals += best + TIEBREAK * extra
    totals[~scored] = np.nan
    return totals
