"""Markdown headers: pandoc title blocks and YAML front matter give the article's title and
metadata and are not shown; look-alikes (a thematic break, a percentage) stay body text."""

from __future__ import annotations

import pytest

from reader.core.loaders import load
from reader.core.loaders._mdmeta import split_header


def md(tmp_path, source: str):
    p = tmp_path / "story.md"
    p.write_text(source, encoding="utf-8")
    return load(p)


def paragraphs(article) -> list[str]:
    return [article.text[b.start : b.end] for b in article.blocks]


# --- pandoc title blocks --------------------------------------------------------------------------


def test_pandoc_title_block_is_metadata_not_text(tmp_path):
    article = md(
        tmp_path,
        "% Harbour *fees* rise again\n% Mira Okafor; Tom Reyes\n% 3 March 2024\n\n"
        "The port authority raised fees by 4 percent.\n",
    )
    assert article.title == "Harbour fees rise again"
    assert article.author == "Mira Okafor; Tom Reyes"
    assert article.date == "3 March 2024"
    assert article.text == "The port authority raised fees by 4 percent."
    assert "%" not in article.text


def test_pandoc_continuation_lines_and_authors_on_lines(tmp_path):
    article = md(
        tmp_path,
        "% A title that runs\n  over two lines\n% Ana Lind\n  Bo Sten; Cy Ward\n% 2024-05-01\n\n"
        "# Body heading\n\nText.\n",
    )
    assert article.title == "A title that runs over two lines"
    assert article.author == "Ana Lind; Bo Sten; Cy Ward"
    assert article.date == "2024-05-01"
    assert paragraphs(article) == ["Body heading", "Text."]


def test_pandoc_empty_fields(tmp_path):
    article = md(tmp_path, "%\n% Only An Author\n\nBody text here.\n")
    assert article.author == "Only An Author"
    assert article.title is None  # no title field, no level-1 heading
    assert article.text == "Body text here."
    article = md(tmp_path, "% Title Only\n%\n% June 15, 2006\n\nBody.\n")
    assert (article.title, article.author, article.date) == ("Title Only", None, "June 15, 2006")


def test_pandoc_fourth_percent_line_is_body(tmp_path):
    article = md(tmp_path, "% T\n% A\n% D\n% not a field\n\nMore.\n")
    assert article.title == "T"
    assert paragraphs(article) == ["% not a field", "More."]


def test_percent_later_in_the_file_is_text(tmp_path):
    article = md(tmp_path, "# Rates\n\n% change was small.\n")
    assert article.title == "Rates"
    assert paragraphs(article) == ["Rates", "% change was small."]


# --- YAML front matter ------------------------------------------------------------------------------


def test_yaml_front_matter_fields(tmp_path):
    article = md(
        tmp_path,
        "---\n"
        'title: "Floods: what the \\"models\\" missed"  \n'
        "subtitle: A look back\n"
        "author:\n  - Jo Park\n  - name: Lee Chan\n    affiliation: Desk\n"
        "date: 2023-11-02\n"
        "publisher: The Valley Post\n"
        "url: https://example.invalid/floods_2023\n"
        "description: >\n  Folded text\n  that is not shown.\n"
        "tags: [weather, 'rivers, lakes']\n"
        "---\n\n"
        "Rain fell for nine days.\n",
    )
    assert article.title == 'Floods: what the "models" missed'
    assert article.author == "Jo Park; Lee Chan"
    assert article.date == "2023-11-02"
    assert article.publisher == "The Valley Post"
    assert article.url == "https://example.invalid/floods_2023"
    assert article.text == "Rain fell for nine days."


def test_yaml_closing_dots_quotes_comments_and_flow_list(tmp_path):
    article = md(
        tmp_path,
        "---\n# a comment\ntitle: 'It''s *done*'   \n"
        'authors: ["Ana Lind", Bo Sten]  # two\ndate: May 2 # day\n...\n'
        "# Heading\n\nBody.\n",
    )
    assert article.title == "It's done"
    assert article.author == "Ana Lind; Bo Sten"
    assert article.date == "May 2"
    assert paragraphs(article) == ["Heading", "Body."]


def test_yaml_author_mapping_and_block_scalar_title(tmp_path):
    article = md(
        tmp_path,
        "---\ntitle: |\n  Two\n  lines\nauthor:\n  name: Sam Roe\n  email: s@x.invalid\n---\nText.\n",
    )
    assert article.title == "Two lines"  # whitespace normalised
    assert article.author == "Sam Roe"
    assert article.text == "Text."


def test_yaml_plain_scalar_folded_over_lines(tmp_path):
    article = md(tmp_path, "---\ntitle: A long title\n  continued here\n---\nText.\n")
    assert article.title == "A long title continued here"


def test_yaml_is_never_executed(tmp_path):
    """Tags that a full YAML loader would act on are plain text here."""
    article = md(
        tmp_path,
        "---\ntitle: !!python/object/apply:os.system ['echo hacked']\nauthor: &a Kim\nby: *a\n---\nBody.\n",
    )
    assert article.text == "Body."
    assert article.author == "Kim"  # the anchor dropped
    assert "hacked" not in article.text


def test_thematic_break_then_prose_is_not_front_matter(tmp_path):
    article = md(tmp_path, "---\nA paragraph after a rule.\n\n---\n\nAnother one.\n")
    assert paragraphs(article) == ["A paragraph after a rule.", "Another one."]
    assert article.title is None


def test_unclosed_front_matter_stays_text(tmp_path):
    article = md(tmp_path, "---\ntitle: Never closed\n\nBody.\n")
    assert "Body." in article.text
    assert article.title is None or article.title != "Never closed"


def test_front_matter_only_later_in_file_is_body(tmp_path):
    article = md(tmp_path, "Intro.\n\n---\ntitle: Not a header\n---\n")
    assert "Intro." in article.text
    assert article.title != "Not a header"


def test_header_title_wins_over_first_heading(tmp_path):
    article = md(tmp_path, "---\ntitle: From the header\n---\n# From the body\n\nText.\n")
    assert article.title == "From the header"
    assert paragraphs(article)[0] == "From the body"


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("% Pandoc\n\nx", "Pandoc"),
        ("---\ntitle: Yaml\n---\nx", "Yaml"),
        ("---\r\ntitle: Windows\r\n---\r\nx", None),  # split_header expects normalised newlines
    ],
)
def test_split_header_returns_raw_fields(source, title):
    fields, body = split_header(source)
    assert fields.get("title") == title
    if title:
        assert body.strip() == "x"


def test_crlf_file_header_is_read(tmp_path):
    p = tmp_path / "crlf.md"
    p.write_bytes(b"---\r\ntitle: Windows lines\r\nauthor: Pat\r\n---\r\n\r\nBody text.\r\n")
    article = load(p)
    assert (article.title, article.author, article.text) == ("Windows lines", "Pat", "Body text.")
