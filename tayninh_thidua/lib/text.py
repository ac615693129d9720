"""Vietnamese text helpers: slugs and diacritics-free search keys."""

import unicodedata

from django.utils.text import slugify

# đ/Đ have no Unicode decomposition, so NFD alone leaves them in place.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case text without diacritics: "Nguyễn Văn Đức" -> "nguyen van duc".

    Stored in search columns so that the same lookup works on SQLite and PostgreSQL.
    """
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def vn_slugify(text: str, max_length: int = 80) -> str:
    """A readable ASCII slug: "Dạy tốt - Học tốt" -> "day-tot-hoc-tot"."""
    slug = slugify(fold(text))
    return slug[:max_length].strip("-")


def unique_slug(model, text: str, *, field: str = "slug", exclude_pk=None, max_length: int = 80) -> str:
    """`vn_slugify(text)`, with -2, -3 ... appended until no other row of `model` has it."""
    base = vn_slugify(text, max_length - 6) or "muc"
    candidate, n = base, 1
    qs = model._default_manager.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(**{field: candidate}).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate
