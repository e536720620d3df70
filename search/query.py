"""Turn what a co-ordinator typed into needs, synonyms and stems, and score listings for them.

Whoosh scores each stem (BM25F over the boosted "text" field); those per-stem scores are cached
for the index generation, because co-ordinators' words repeat all day ("lonely", "money",
"carer"), and combined here: a need scores as its best-matching wording (typed words count
fully, synonyms at SYNONYM_WEIGHT) plus a little for its other wordings, and needs add up.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.lang.porter import stem
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance as edit_distance

from search.index import TEXT_FIELD
from search.table import WordList
from search.thesaurus import Expansion, expand, forms_of, vocabulary, words

# A synonym counts for less than the word the person actually used.
SYNONYM_WEIGHT = 0.6
MAX_SYNONYMS_PER_NEED = 16
# A listing that words a need several ways gains this share of its other wordings' scores.
TIEBREAK = 0.3
# Cached (doc -> score) entries across all stems, per process.
CACHE_POSTINGS = 3_000_000
# A word no listing uses is repaired to a known word this many edits away (Damerau-Levenshtein:
# a swapped pair of letters is one edit): one for a word of up to SHORT_WORD letters, two for a
# longer one. Shorter words than MIN_REPAIR are too easily turned into another real word.
SHORT_WORD = 6
MIN_REPAIR = 4
# A spelling is offered instead of a word the listings use, when few services match it, if the
# thesaurus knows the other spelling or the listings use it this many times more.
ALTERNATIVE_MIN_RATIO = 5

Variant = tuple[float, tuple[str, ...]]  # (weight, stems that must all match)
Postings = tuple[np.ndarray, np.ndarray]  # (docs ascending, scores)


@dataclass
class TextQuery:
    needs: list[list[Variant]]
    corrected: str | None = None  # the query as searched, when a word was repaired
    unknown: list[str] = field(default_factory=list)  # words nothing in the index could match
    # Every need as typed, in the query's order, whether it could be searched or not.
    labels: list[str] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)  # the label of each of `needs`


@dataclass
class TextScores:
    """What the needs scored: NaN where a listing matches none of them."""

    totals: np.ndarray
    # Listings whose whole match is a synonym of one word, in a query with words found nowhere.
    padding: np.ndarray
    unmatched: list[str]  # the needs (as typed) that no listing matches in any wording
    matched: list[str]  # the needs (as typed) that some listing matches

    @property
    def mostly_unmatched(self) -> bool:
        """More of the query matched nothing than matched something.

        Results for the rest would be a guess ("xylophone repair quantum" is not a search for
        repairs), so none are given; the words that did match are offered as a search instead.
        """
        return 2 * len(self.unmatched) > len(self.unmatched) + len(self.matched)


def _stems(searcher: Searcher, phrase: tuple[str, ...]) -> tuple[str, ...]:
    analyzer = searcher.schema[TEXT_FIELD].analyzer
    return tuple(token.text for word in phrase for token in analyzer(word, mode="query"))


def repair_limit(word: str) -> int:
    """How many edits a misspelt word may be from the word it is repaired to."""
    return 1 if len(word) <= SHORT_WORD else 2


def close_words(candidates: Iterable[str], word: str, limit: int) -> Iterator[tuple[int, str]]:
    """(distance, candidate) for each candidate within `limit` edits of the word (not itself)."""
    letters = frozenset(word)
    for found in candidates:
        # Cheap bounds first, to skip the full sum for most words: the distance is at least the
        # difference in length, and each edit adds or removes at most two distinct letters.
        if (
            found != word
            and abs(len(found) - len(word)) <= limit
            and len(letters.symmetric_difference(found)) <= 2 * limit
        ):
            distance = edit_distance(found, word, limit=limit)
            if distance <= limit:
                yield distance, found


def repair_candidates(word_list: WordList, word: str) -> list[str]:
    """Known words close to a misspelt one, from the listings' words and the thesaurus, best first.

    Fewest edits first; then a word the thesaurus knows (a care word, searched with its
    synonyms); then the word the listings use most. Listing words are tried when they share the
    first letter (a scan of the whole vocabulary costs too much per query); thesaurus words all.
    The word's own other forms are not a repair of it.
    """
    if len(word) < MIN_REPAIR or not word.isalpha():
        return []
    limit = repair_limit(word)
    listed = word_list.words
    start = bisect_left(listed, word[0])
    end = bisect_left(listed, word[0] + "\U0010ffff")
    known = vocabulary()
    own_forms = set(forms_of(word))
    found: dict[str, tuple[int, bool, int, str]] = {}
    for source in (listed[start:end], known):
        for distance, close in close_words(source, word, limit):
            if close.isalpha() and close not in own_forms:
                key = (distance, close not in known, -word_list.frequency(close), close)
                found[close] = min(key, found.get(close, key))
    return [key[3] for key in sorted(found.values())]


def nearest_word(word_list: WordList, word: str) -> str | None:
    """The best repair of a misspelt word, or None when no known word is close enough."""
    candidates = repair_candidates(word_list, word)
    return candidates[0] if candidates else None


def suggest_alternative(text: str, word_list: WordList) -> str | None:
    """Offer a likelier spelling of a query that found little.

    A misspelling that some listing happens to share ("befrending") is searched as typed and
    finds little; suggest the nearby word when the thesaurus knows it or the listings use it
    far more often ("befriending").
    """
    suggested = []
    known = vocabulary()
    for word in words(text):
        better = None if word in known else nearest_word(word_list, word)
        if better and stem(better) == stem(word):  # "repairs" for "repair" is no new search
            better = None
        if better and better not in known:
            ratio = word_list.frequency(better) / max(1, word_list.frequency(word))
            better = better if ratio >= ALTERNATIVE_MIN_RATIO else None
        suggested.append(better or word)
    alternative = " ".join(suggested)
    return alternative if alternative != " ".join(words(text)) else None


def build_text_query(
    searcher: Searcher, text: str, word_list: WordList, repair: bool = True
) -> TextQuery:
    """Find the needs in the text; a word nothing matches is repaired to the nearest known one.

    `repair=False` searches the words as typed ("search instead for ...").
    """
    query = TextQuery(needs=[])
    corrections: dict[str, str] = {}
    for need in expand(text):
        label = " ".join(need.typed)
        query.labels.append(label)
        strong = _strong_stems(searcher, need)
        known = any(
            all(searcher.doc_frequency(TEXT_FIELD, stem) for stem in stems) for stems in strong
        )
        if len(need.typed) == 1 and not need.synonyms and not known:
            repaired = _repair(searcher, word_list, need.typed[0]) if repair else None
            if repaired is None:
                query.unknown.append(label)
                continue
            corrections[need.typed[0]] = repaired.typed[0]
            need = repaired
            strong = _strong_stems(searcher, need)
        variants: list[Variant] = [(1.0, stems) for stems in strong]
        for synonym in need.synonyms[:MAX_SYNONYMS_PER_NEED]:
            synonym_stems = _stems(searcher, synonym)
            if synonym_stems and synonym_stems not in strong:
                variants.append((SYNONYM_WEIGHT, synonym_stems))
        if variants:
            query.needs.append(variants)
            query.searched.append(label)
        else:
            query.unknown.append(label)
    if corrections:
        query.corrected = " ".join(corrections.get(word, word) for word in words(text))
    return query


def _repair(searcher: Searcher, word_list: WordList, word: str) -> Expansion | None:
    """The need a misspelt word most likely meant, among those some listing can match."""
    for candidate in repair_candidates(word_list, word):
        found = expand(candidate)
        if not found:
            continue
        need = found[0]
        if need.synonyms or any(
            all(searcher.doc_frequency(TEXT_FIELD, stem) for stem in stems)
            for stems in _strong_stems(searcher, need)
        ):
            return need
    return None


def _strong_stems(searcher: Searcher, need: Expansion) -> list[tuple[str, ...]]:
    """The stems of what was typed and of its other forms (men for man), each once."""
    found: list[tuple[str, ...]] = []
    for wording in (need.typed, *((form,) for form in need.forms)):
        stems = _stems(searcher, wording)
        if stems and stems not in found:
            found.append(stems)
    return found


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


def score_text(stem_scores: StemScores, text_query: TextQuery, size: int) -> TextScores:
    """Score every doc for the needs, and say which needs matched nothing."""
    totals = np.zeros(size)
    scored = np.zeros(size, dtype=bool)
    needs_met = np.zeros(size, dtype=np.int64)
    # Found only through a synonym of a need typed as one word.
    by_synonym_of_a_word = np.zeros(size, dtype=bool)
    unmatched = set(text_query.unknown)
    for label, need in zip(text_query.searched, text_query.needs, strict=True):
        best = np.zeros(size)
        extra = np.zeros(size)
        met = np.zeros(size, dtype=bool)
        typed = np.zeros(size, dtype=bool)  # matched what was typed (or its other forms)
        for weight, stems in need:
            docs, scores = _variant_scores(stem_scores, stems)
            if not len(docs):
                continue
            scores = scores * weight
            previous = best[docs]
            # The best wording counts fully; the others add to a tiebreak share.
            extra[docs] += np.where(scores > previous, previous, scores)
            best[docs] = np.maximum(previous, scores)
            met[docs] = True
            if weight >= 1.0:
                typed[docs] = True
        if not met.any():
            unmatched.add(label)
        if " " not in label:
            by_synonym_of_a_word |= met & ~typed
        scored |= met
        needs_met += met
        totals += best + TIEBREAK * extra
    totals[~scored] = np.nan
    if unmatched:
        # The one word left standing beside words that matched nothing is weak evidence of the
        # need: a listing that has only a synonym of it ("xylophone repair" -> maintenance) is
        # padding. With every word found, or a phrase found ("looking after my mum" where no
        # listing says mum), synonyms are the search itself.
        padding = by_synonym_of_a_word & (needs_met == 1)
    else:
        padding = np.zeros(size, dtype=bool)
    return TextScores(
        totals=totals,
        padding=padding,
        unmatched=[label for label in text_query.labels if label in unmatched],
        matched=[label for label in text_query.labels if label not in unmatched],
    )


def without_padding(docs: np.ndarray, scores: TextScores) -> np.ndarray:
    """Drop listings that match only a synonym of one weak word, when better matches are there.

    "xylophone repair" should find what mentions repair, not every listing that mentions
    maintenance or DIY; such a listing stays when nothing better is among docs.
    """
    if (docs & ~scores.padding).any():
        return docs & ~scores.padding
    return docs
