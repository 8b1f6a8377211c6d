"""Web pages: trailers and credits that main-content extraction keeps are dropped, real
paragraphs that look a little like them are kept, and site suffixes leave titles."""

from __future__ import annotations

import html

import pytest

from reader.core.loaders import load
from reader.core.loaders._webclean import clean_title, keep_blocks, trailer

BODY = [
    "The river rose above its banks on Tuesday night, flooding the lower town and closing the "
    "two bridges that link it to the rest of the valley, the regional authority said.",
    "Emergency crews moved about 300 residents to a school gym on higher ground, where volunteers "
    "handed out blankets and hot meals until the early hours of Wednesday morning.",
    "Forecasters expect the water to fall slowly over the weekend, but warned that more rain in "
    "the hills could send a second crest downstream by the middle of next week.",
]


def page(paragraphs: list[str], *, title: str = "River floods lower town", head: str = "") -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>{head}"
        f"</head><body><nav><a href='/'>Home</a></nav><main><article>{body}</article></main>"
        "<footer>Site footer</footer></body></html>"
    )


def load_page(tmp_path, paragraphs: list[str], **kw):
    p = tmp_path / "page.html"
    p.write_text(page(paragraphs, **kw), encoding="utf-8")
    return load(p)


def texts(article) -> list[str]:
    return [article.text[b.start : b.end] for b in article.blocks]


TRAILERS = [
    "Read more: Town council votes on new flood wall",
    "Volunteers fill sandbags outside the fire station. (Credit: Mara Quist / Valley Wire)",
    "Reporting by Ivo Brandt in Lowtown; Editing by Nell Carver",
    "Our Standards: The Thomson Reuters Trust Principles.",
    "Sign up for our free morning newsletter",
    "Follow us on Facebook and Instagram",
    "© 2026 Valley Wire. All rights reserved.",
    "This story was originally published by Valley Wire with the title “Water everywhere”.",
]


def test_trailers_at_the_end_are_dropped(tmp_path):
    article = load_page(tmp_path, BODY + TRAILERS)
    assert texts(article) == BODY


def test_credit_and_read_more_lines_inside_the_article_are_dropped(tmp_path):
    inside = [
        BODY[0],
        "Read more: Why the valley floods every spring",
        "Image caption, Residents wade through the main street",
        BODY[1],
        "Photo: Mara Quist/Valley Wire",
        "Advertisement",
        BODY[2],
    ]
    article = load_page(tmp_path, inside)
    assert texts(article) == BODY


def test_trailing_link_list_is_dropped_with_its_label(tmp_path):
    links = ["More from Valley Wire", "Bridge repairs to start in June", "School reopens after the storm"]
    article = load_page(tmp_path, BODY + links)
    assert texts(article) == BODY


@pytest.mark.parametrize(
    "paragraph",
    [
        "Reporting by the regional paper showed that the flood wall had never been finished, and "
        "the council has promised an inquiry.",
        "The report was first published by the ministry in 2019 and warned of exactly this kind of flood.",
        "Copyright law does not cover the photographs the residents shared, the lawyer said.",
        "Registered voters in the lower town will be able to vote by post in the coming election.",
        "Read more books, the librarian told the children who spent the night in the gym.",
    ],
)
def test_real_paragraphs_that_resemble_trailers_are_kept(tmp_path, paragraph):
    article = load_page(tmp_path, [*BODY, paragraph])
    assert texts(article) == [*BODY, paragraph]


def test_nothing_is_dropped_when_it_would_leave_no_text():
    assert keep_blocks(["Advertisement"]) == [True]


def test_tail_patterns_only_apply_at_the_end():
    line = "This article was originally published in the spring issue."
    assert trailer(line) is None
    assert trailer(line, at_end=True) == "originally-published"
    blocks = [BODY[0], line, BODY[1]]
    assert keep_blocks(blocks) == [True, True, True]
    assert keep_blocks([BODY[0], BODY[1], line]) == [True, True, False]


def test_title_loses_site_and_date_segments(tmp_path):
    article = load_page(tmp_path, BODY, title="River floods lower town | VW | 19.01.2020")
    assert article.title == "River floods lower town"
    assert article.publisher != "19.01.2020"


def test_title_loses_site_name_from_metadata(tmp_path):
    head = '<meta property="og:site_name" content="The Valley Wire">'
    article = load_page(tmp_path, BODY, title="River floods lower town – The Valley Wire", head=head)
    assert article.title == "River floods lower town"
    assert article.publisher == "The Valley Wire"


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        ("Storm hits the coast - BBC News", [], "Storm hits the coast"),
        ("Markets rally | Reuters", ["https://www.reuters.com/markets/x"], "Markets rally"),
        ("Heatwave grips Europe – The Guardian", ["theguardian.com"], "Heatwave grips Europe"),
        ("Dam plan approved · example-news.org", [], "Dam plan approved"),
        ("Storm hits coast - Three dead", [], "Storm hits coast - Three dead"),  # not a site
        ("Brexit | BBC News", [], "Brexit | BBC News"),  # one word would be left
        ("Floods | Valley Wire", ["Valley Wire"], "Floods | Valley Wire"),
        ("Markets rally | Reuters", [], "Markets rally | Reuters"),  # no metadata: kept
        ("Q&A: the flood wall, explained", [], "Q&A: the flood wall, explained"),
    ],
)
def test_clean_title(title, names, expected):
    assert clean_title(title, names) == expected
