"""Main text and page metadata from HTML, through trafilatura.

trafilatura drops navigation, footers and sidebars structurally, which no line pattern can do;
the plain-text boilerplate pass still runs afterwards for what lives inside the article body
(donation appeals, "Disclaimer:" paragraphs). The headline is put back as the first line so an
HTML page yields the same shape of text as a copied page: headline, then paragraphs.

Dates come only from what the page declares (``extensive_search`` off): htmldate's extensive
search would pick any date printed in the body, which is not the publication date.

libxml2 stops building the tree about 255 elements deep (lxml's ``huge_tree`` lifts that to a
few thousand), so the text of a page nested deeper (generated markup, or a page made to hide its
text from parsers) was lost and the page rejected as having no text. When neither trafilatura nor
its plain-text fallback finds anything, ``flat_text`` reads the page without a tree: lxml with
``huge_tree`` first, then tag stripping, so the words survive whatever the nesting.
"""

from __future__ import annotations

import html as html_entities
import re
from dataclasses import dataclass

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_INVISIBLE = re.compile(r"(?is)<(script|style|noscript|template|head)\b.*?</\1\s*>|<!--.*?-->")
_BLOCK_TAG = re.compile(r"(?i)</?(p|div|br|li|h[1-6]|tr|article|section|blockquote|pre|table|ul|ol)\b[^>]*>")
_ANY_TAG = re.compile(r"<[^>]*>")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


@dataclass(frozen=True)
class HtmlExtract:
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    sitename: str | None = None
    url: str | None = None


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """The page's main text (headline first) and declared metadata; text is "" when none is found."""
    import trafilatura  # imported on the first HTML page: plain-text runs skip its 0.4 s import

    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if extracted is None:
        # Pages too small for trafilatura's main-content heuristics: keep all visible text and
        # let the line patterns drop the boilerplate.
        return HtmlExtract(text=trafilatura.html2txt(html) or flat_text(html))
    body = extracted.text or flat_text(html)
    title = (extracted.title or "").strip() or None
    if title and not body.lstrip().lower().startswith(title.lower()):
        body = f"{title}\n\n{body}"
    return HtmlExtract(
        text=body,
        title=title,
        author=(extracted.author or "").strip() or None,
        published=extracted.date or None,
        sitename=(extracted.sitename or "").strip() or None,
        url=extracted.url or None,
    )


def flat_text(html: str) -> str:
    """The visible text of a page without relying on its tree depth (see the module's note)."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True, remove_comments=True))
        for hidden in root.xpath("//script|//style|//noscript|//template|//head"):
            hidden.drop_tree()
        text = "\n".join(line.strip() for line in root.text_content().splitlines())
    except (ParserError, ValueError):
        text = ""
    if not text.strip():
        stripped = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", _INVISIBLE.sub(" ", html)))
        text = "\n".join(" ".join(line.split()) for line in html_entities.unescape(stripped).splitlines())
    return _BLANK_LINES.sub("\n\n", text).strip()
