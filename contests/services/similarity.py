"""Near-duplicate entries: word shingles and Jaccard similarity against the edition's earlier entries.

A text is folded (case, diacritics and đ removed, so a copy with its accents stripped is still a copy) and cut
into overlapping runs of SHINGLE_WORDS words. Two texts' similarity is the Jaccard index of their runs: shared
runs over all runs.

Why NEAR_DUPLICATE_THRESHOLD = 0.7: contest texts are 1,000–2,500 words. A word inserted changes at most
SHINGLE_WORDS + 4 = 9 runs, so "an earlier text with one word added" scores above 0.99, a copy with a new opening
or closing paragraph of a tenth of its length about 0.9, and a copy with about a sixth of it rewritten still about
0.7. Two independent stories, even about the same person, share names and set phrases ("Ủy ban nhân dân xã …")
but few five-word runs: they score well under 0.2 (random texts of the test suite: under 0.05). 0.7 is far above what honest entries reach and catches a copy lightly dressed up; an author who
wants to correct an entry is told to ask the organisers instead (the rule has always been one entry, sent once).

Comparing a new text with hundreds of earlier ones must stay cheap: each entry keeps a sketch, the SKETCH_SIZE
smallest hashes of its runs (a bottom-k MinHash), from which the similarity of two texts is estimated in
microseconds (error about ±0.04 around 0.7). Only entries whose estimate comes near the threshold are
compared exactly, from their text.
"""

from __future__ import annotations

import hashlib
import re

from contests.models import Edition, Entry
from tayninh_thidua.lib.text import fold

SHINGLE_WORDS = 5
NEAR_DUPLICATE_THRESHOLD = 0.7
SKETCH_SIZE = 128
# Entries whose estimate is within this of the threshold are compared exactly (about four standard errors).
ESTIMATE_MARGIN = 0.15

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[int]:
    """The text's runs of SHINGLE_WORDS folded words, each as a 48-bit hash (stable across processes)."""
    found = _WORD.findall(fold(text))
    if len(found) < SHINGLE_WORDS:
        runs = [" ".join(found)] if found else []
    else:
        runs = [" ".join(found[i : i + SHINGLE_WORDS]) for i in range(len(found) - SHINGLE_WORDS + 1)]
    return {int.from_bytes(hashlib.blake2b(run.encode(), digest_size=6).digest(), "big") for run in runs}


def sketch(runs: set[int]) -> list[int]:
    return sorted(runs)[:SKETCH_SIZE]


def jaccard(a: set[int], b: set[int]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def estimate(a: list[int], b: list[int]) -> float:
    """The Jaccard index of two texts estimated from their sketches: the share of the SKETCH_SIZE smallest hashes
    of both that both hold."""
    if not a or not b:
        return 0.0
    both = set(a).intersection(b)
    if not both:  # the usual case, decided without sorting
        return 0.0
    smallest = sorted(set(a) | set(b))[:SKETCH_SIZE]
    return sum(1 for h in smallest if h in both) / len(smallest)


def similarity(a: str, b: str) -> float:
    return jaccard(shingles(a), shingles(b))


def find_near_duplicate(edition: Edition, runs: set[int]) -> tuple[Entry, float] | None:
    """The edition's earlier entry most like a text (given by its `shingles`) at or above the threshold, with
    its similarity; None when there is none. Entries stored without a sketch get one now."""
    mine = sketch(runs)
    candidates = []
    for pk, theirs in Entry.objects.filter(edition=edition).values_list("pk", "text_sketch"):
        if not theirs:
            text = Entry.objects.filter(pk=pk).values_list("text", flat=True).get()
            theirs = sketch(shingles(text))
            Entry.objects.filter(pk=pk).update(text_sketch=theirs)
        if estimate(mine, theirs) >= NEAR_DUPLICATE_THRESHOLD - ESTIMATE_MARGIN:
            candidates.append(pk)
    best = None
    for entry in Entry.objects.filter(pk__in=candidates).only("pk", "code", "text"):
        score = jaccard(runs, shingles(entry.text))
        if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[1]):
            best = (entry, score)
    return best
