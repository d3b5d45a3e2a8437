"""`make import SRC=...`: a publisher's existing articles (saved pages, a WordPress export, the WordPress
REST API's posts) into Tayori's Markdown under content/articles/.

    sources   finds the articles in SRC: HTML files or folders, WXR (.xml), REST API JSON (.json)
    page      a full HTML page → its title, canonical URL, date and the article body alone
    markdown  the article body → Tayori's Markdown, with a note for everything it could not map
    writer    front matter, slug, validation by the build step's own parser, never overwriting
"""
