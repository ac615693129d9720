"""Search by words on a folded column (text.fold), and highlighting of the words found.

Every word of the query must occur in the row's folded text, in any order: "duc nguyen" finds "Nguyễn Văn Đức"
(`search_text LIKE '%duc%' AND search_text LIKE '%nguyen%'`, which the trigram GIN index serves on PostgreSQL).
On PostgreSQL the rows are ranked by pg_trgm's word similarity of the whole query to the folded text; SQLite has
no such function, so there the queryset keeps its own order.

`highlight` marks the words in the original text (with its diacritics) by mapping each folded character back to
the character it came from: folding can shorten ("ệ" is three code points in NFD, one letter folded) or lengthen
("ß" folds to "ss") the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.db import connections
from django.db.models import Case, Count, F, FloatField, IntegerField, QuerySet, Value, When, Window
from django.db.models.functions import Left
from django.db.models.lookups import GreaterThan
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import _D_MAP, fold

MAX_QUERY_CHARS = 100  # of what the visitor typed; the rest is ignored (and the page says so)
MAX_WORDS = 8
RANK_LIMIT = 1000  # matches beyond which PostgreSQL does not rank (see _bounded_similarity)
RANK_CHARS = 40  # of the folded text, which starts with the name or title: what the query is compared with
RANK = "search_rank"

_WORD = re.compile(r"\w+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw: str | None) -> str:
    """The query as typed, without control characters (NUL included) and cut to MAX_QUERY_CHARS."""
    return " ".join(_CONTROL.sub(" ", raw or "").split())[:MAX_QUERY_CHARS]


def query_words(raw: str | None) -> list[str]:
    """The folded words of a query, each once, in the order typed: "Nguyễn, văn ĐỨC" -> ["nguyen", "van", "duc"]."""
    words: list[str] = []
    for word in _WORD.findall(fold(clean_query(raw))):
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def word_search(
    queryset: QuerySet, raw: str | None, *, field: str = "search_text", rank: bool = True, matches: int | None = None
) -> QuerySet:
    """Rows whose folded `field` contains every word of the query; ranked by similarity on PostgreSQL.

    An empty query (or one with no word in it) filters nothing. With `rank`, PostgreSQL orders by
    `word_similarity(query, field)` (annotated as `search_rank`), then by the queryset's own order. When the caller
    already knows the number of `matches` (a count kept per publication), the bound is decided here: up to RANK_LIMIT
    the rows are ranked, beyond it they keep the queryset's own order, which PostgreSQL can read from an index and
    stop at the page instead of reading every match.
    """
    words = query_words(raw)
    if not words:
        return queryset
    for word in words:
        queryset = queryset.filter(**{f"{field}__contains": word})
    return rank_matches(queryset, raw, field=field, matches=matches) if rank else queryset


def rank_matches(queryset: QuerySet, raw: str | None, *, field: str = "search_text", matches: int | None = None):
    """`queryset` (already filtered by the words) ordered by similarity to the query, first, on PostgreSQL.

    Up to RANK_LIMIT `matches` (or, when the caller does not know how many, bounded in the query itself by
    `COUNT(*) OVER ()`); past it, the queryset's own order stands.
    """
    words = query_words(raw)
    if not words or connections[queryset.db].vendor != "postgresql" or (matches is not None and matches > RANK_LIMIT):
        return queryset
    from django.contrib.postgres.search import TrigramWordSimilarity

    ordering = queryset.query.order_by or queryset.model._meta.ordering
    query = " ".join(words)
    similarity = (
        _bounded_similarity(queryset, query, field)
        if matches is None
        else TrigramWordSimilarity(query, Left(field, RANK_CHARS))
    )
    return queryset.annotate(**{RANK: similarity}).order_by(F(RANK).desc(), *ordering)


def _bounded_similarity(queryset: QuerySet, query: str, field: str):
    """pg_trgm's word similarity to the text's first RANK_CHARS, or 0 for every row when more than RANK_LIMIT match.

    The folded text starts with the name or title, so a match there ranks first. word_similarity costs some 20-30 µs
    a row on the whole text (about 120 characters for an exemplar), a third of that on its start: ranking the 75,000
    matches of a two-letter word would still take a second. The number of matches is `COUNT(*) OVER ()`, counted in
    the same pass as the rows (no second scan of the matches), and CASE never calls the function when it is over the
    limit: the queryset's own order then stands. One SQL query either way, so query counts do not change.
    """
    from django.contrib.postgres.search import TrigramWordSimilarity

    return Case(
        When(GreaterThan(matches(), RANK_LIMIT), then=Value(0.0)),
        default=TrigramWordSimilarity(query, Left(field, RANK_CHARS)),
        output_field=FloatField(),
    )


def matches() -> Window:
    """The number of rows the query matches, on every row (`COUNT(*) OVER ()`), whatever LIMIT cuts."""
    return Window(Count("*"), output_field=IntegerField())


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    # As text.fold, one character at a time (whitespace kept as it is: words never span it).
    decomposed = unicodedata.normalize("NFD", char.translate(_D_MAP))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(c for c in folded if not unicodedata.combining(c))


def match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """(start, end) ranges of `text` where a folded word occurs, merged and in order."""
    folded: list[str] = []
    origin: list[int] = []  # for each folded character, the index of the original character it came from
    for index, char in enumerate(text):
        for piece in _fold_char(char):
            folded.append(piece)
            origin.append(index)
    haystack = "".join(folded)
    spans = []
    for word in filter(None, words):
        at = haystack.find(word)
        while at != -1:
            end = origin[at + len(word) - 1] + 1
            # Marks that fold to nothing (a combining accent written apart) belong to the letter before them.
            while end < len(text) and not _fold_char(text[end]) and unicodedata.combining(text[end]):
                end += 1
            spans.append((origin[at], end))
            at = haystack.find(word, at + len(word))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str | None, words: list[str], *, excerpt: int = 0) -> SafeString:
    """`text` escaped, with each occurrence of the words in `<mark>`.

    With `excerpt`, only about that many characters around the first occurrence are kept (cut at spaces, with "…").
    """
    text = str(text or "")
    spans = match_spans(text, words) if words else []
    start, end = 0, len(text)
    if excerpt and len(text) > excerpt:
        first = spans[0][0] if spans else 0
        start = 0 if first < excerpt // 3 else text.rfind(" ", 0, first - excerpt // 3) + 1
        end = start + excerpt
        end = end if end >= len(text) else (text.rfind(" ", start, end) if " " in text[start:end] else end)
    parts = ["…" if start else ""]
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
