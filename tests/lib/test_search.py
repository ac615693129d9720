"""lib.search: the words of a query, and highlighting them in the original text."""

import unicodedata

import pytest

from tayninh_thidua.lib.search import MAX_QUERY_CHARS, MAX_WORDS, clean_query, highlight, query_words


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("nguyen duc", ["nguyen", "duc"]),
        ("NGUYỄN văn đức", ["nguyen", "van", "duc"]),
        ("  Đức,  Nguyễn!! đức ", ["duc", "nguyen"]),
        ("", []),
        ("   ", []),
        ("—…!", []),
        ("a\x00b", ["a", "b"]),
    ],
)
def test_query_words_are_folded_and_split(query, words):
    assert query_words(query) == words


def test_query_is_bounded():
    assert len(clean_query("x" * 10_000)) == MAX_QUERY_CHARS
    assert len(query_words(" ".join(f"tu{i}" for i in range(50)))) == MAX_WORDS
    assert "\x00" not in clean_query("ab\x00cd")


def test_highlight_marks_words_in_the_text_with_its_diacritics():
    assert highlight("Nguyễn Văn Đức", ["duc", "nguyen"]) == "<mark>Nguyễn</mark> Văn <mark>Đức</mark>"
    assert highlight("NGUYỄN", ["nguyen"]) == "<mark>NGUYỄN</mark>"
    assert highlight("Trần Thị Bích", ["duc"]) == "Trần Thị Bích"


def test_highlight_follows_text_written_with_separate_accents():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Đức")
    marked = highlight(decomposed, ["nguyen"])
    assert marked == f"<mark>{unicodedata.normalize('NFD', 'Nguyễn')}</mark>{unicodedata.normalize('NFD', ' Văn Đức')}"


def test_highlight_survives_letters_that_fold_longer():
    # "ß" folds to "ss": positions after it still land on the right letters.
    assert highlight("Straße Đức", ["duc"]) == "Straße <mark>Đức</mark>"
    assert highlight("Straße", ["strasse"]) == "<mark>Straße</mark>"


def test_highlight_escapes_the_text():
    assert highlight("<b>Đức</b> & co", ["duc"]) == "&lt;b&gt;<mark>Đức</mark>&lt;/b&gt; &amp; co"
    assert highlight('"><script>', ["script"]) == "&quot;&gt;&lt;<mark>script</mark>&gt;"


def test_highlight_excerpt_keeps_the_first_match_in_view():
    text = "Mở đầu " + "chữ " * 200 + "giúp đỡ đồng bào vùng biên giới " + "đuôi " * 200
    excerpt = highlight(text, ["dong", "bao"], excerpt=120)
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "<mark>đồng</mark> <mark>bào</mark>" in excerpt
    assert len(excerpt) < 240
