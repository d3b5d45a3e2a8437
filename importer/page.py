"""A full page → its metadata and the article body alone, with the site's chrome dropped.

Metadata (title, canonical URL, published date, language) comes from trafilatura, which reads
what CMSs and SEO plugins write (Open Graph, JSON-LD, <link rel=canonical>, <time>) through
htmldate. The body is the element that WordPress themes and most CMSs mark as the article's
text; then navigation, ads, share buttons, tables of contents, related-article boxes, scripts and
forms are dropped by CSS selectors, so everything else in it is the author's and is kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, Tag

# The article body, most specific first: schema.org markup, WordPress themes (classic, block,
# Cocoon, SWELL, JIN, AFFINGER…), then generic containers; the first that matches is the body.
BODY_SELECTORS = (
    "[itemprop=articleBody]",
    ".entry-content",
    ".post_content",
    ".post-content",
    ".article-body",
    ".article-content",
    ".wp-block-post-content",
    "article",
    "main",
    "[role=main]",
    "body",
)

# Chrome inside or around the body: dropped, and counted in the progress output.
CHROME_SELECTORS = {
    "scripts and styles": "script, style, noscript, template, link, meta",
    "navigation": "nav, [role=navigation], .breadcrumb, .breadcrumbs, .pagination, .post-navigation, .nav-links",
    "site header and footer": "body > header, .site-header, #masthead, footer, .site-footer",
    "sidebars": "aside.widget-area, #secondary, .sidebar, .widget-area",
    "ads": "ins.adsbygoogle, .ad, .ads, .advertisement, [id^=div-gpt-ad], .sponsored, .pr-box",
    "share buttons": ".share, .share-buttons, .sns-share, .sharedaddy, .social-share, .sns-buttons, .addtoany_share",
    "tables of contents": "#toc_container, .toc, .ez-toc-container, #ez-toc-container, .p-toc, .wp-block-toc",
    "related articles": ".related, .related-posts, .related-entries, .yarpp-related, .jp-relatedposts, .relpost",
    "article header": ".entry-header, .entry-meta, .post-meta, .author-box, .entry-footer, .tags-links, .cat-links",
    "comments and forms": "#comments, .comments-area, form, button, input, select, textarea",
}


@dataclass
class PageMetadata:
    title: str
    url: str
    published: str  # YYYY-MM-DD, or "" when the page does not say
    lang: str  # "ja", "en"… from <html lang>, or ""


def page_metadata(html: str) -> PageMetadata:
    """Title (without the site name), canonical URL, published date and language of a full page."""
    import trafilatura

    meta = trafilatura.extract_metadata(html, extensive=False)
    soup = BeautifulSoup(html, "html.parser")
    root = soup.find("html")
    lang = str(root.get("lang") or "").split("-")[0].lower() if isinstance(root, Tag) else ""
    if meta is None:
        return PageMetadata("", "", "", lang)
    return PageMetadata(meta.title or "", meta.url or "", (meta.date or "")[:10], lang or (meta.language or ""))


def article_body(html: str) -> tuple[Tag, Counter[str]]:
    """The article body element of a full page (or of a post's content), chrome removed; and how many
    elements of each kind of chrome were dropped."""
    soup = BeautifulSoup(html, "html.parser")
    body: Tag = next((found for s in BODY_SELECTORS if (found := soup.select_one(s)) is not None), soup)
    dropped: Counter[str] = Counter()
    for comment in body.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()  # Gutenberg's <!-- wp:paragraph --> block markers
    for kind, selector in CHROME_SELECTORS.items():
        for element in body.select(selector):
            if element is not body and not element.decomposed:
                element.decompose()
                dropped[kind] += 1
    title = body.select_one("h1")
    first_text = next((text for text in body.find_all(string=True) if text.strip()), None)
    if title is not None and first_text is not None and title in first_text.parents:
        title.decompose()  # the article title opening the body: already in the front matter
        dropped["article header"] += 1
    return body, dropped
