"""`python -m importer SRC`: import articles into content/articles, one progress line per article.

    python -m importer saved-pages/                       # every .html/.htm under it (and .xml, .json)
    python -m importer export.WordPress.2025-06-01.xml    # a WordPress export (WXR)
    python -m importer posts.json --force                 # REST API posts; overwrite earlier imports
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from importer.problems import ImportProblemError
from importer.site import PublisherSite
from importer.sources import Skipped, read_sources
from importer.writer import Converted, Existing, Settings, convert, existing_articles

DEFAULT_OUT = Path("content/articles")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def destination(converted: Converted, out: Path, existing: list[Existing], force: bool) -> tuple[Path | None, str]:
    """Where to write, or None and why not: never over another article, over an earlier import only with --force."""
    same_url = next((e for e in existing if e.url == converted.url), None)
    target = same_url.path if same_url else out / f"{converted.slug}.md"
    other = next((e for e in existing if e.slug == converted.slug and e.url != converted.url), None)
    if other is not None:
        return None, f"slug '{converted.slug}' is already {other.path} ({other.url}): not written"
    if target.exists() and not force:
        return None, f"{target} exists: not overwritten (use --force to replace it)"
    return target, ""


def import_all(src: Path, out: Path, force: bool, settings: Settings) -> tuple[int, int, int]:
    """Import every article of src into out; returns (written, skipped, failed). Progress goes to stderr."""
    existing = existing_articles(out)
    settings.slugs_by_url.update({e.url: e.slug for e in existing if e.url and e.slug})
    sources = list(read_sources(src))
    settings.site.check_before_import(src, settings.url_base, sources)
    log(f"importing {src} into {out}")
    written = skipped = failed = 0
    for n, source in enumerate(sources, 1):
        prefix = f"[{n}/{len(sources)}] {source.where}"
        if isinstance(source, Skipped):
            skipped += source.count
            log(f"{prefix}: skipped: {source.reason}")
            continue
        converted = convert(source, settings)
        if converted.refused:
            failed += 1
            log(f"{prefix}: not imported: {converted.refused}")
        elif converted.errors:
            failed += 1
            notes = f", {len(converted.notes)} note(s)" if converted.notes else ""
            log(f"{prefix}: not imported ({len(converted.errors)} problem(s){notes})")
        else:
            target, why_not = destination(converted, out, existing, force)
            if target is None:
                skipped += 1
                log(f"{prefix}: skipped: {why_not}")
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(converted.markdown, encoding="utf-8")
                existing = [e for e in existing if e.path != target] + [Existing(target, converted.slug, converted.url)]
                settings.slugs_by_url[converted.url] = converted.slug  # a later page cannot take its slug
                written += 1
                indexed = sum(1 for p in converted.passages if not p.is_empty)
                dropped = ", ".join(f"{kind} {count}" for kind, count in converted.dropped.most_common())
                published = re.search(r"^published: (.+)$", converted.markdown, re.MULTILINE)
                said = [f"{indexed} passages"]
                if published and converted.published_from:
                    said.append(f"published {published[1]} from {converted.published_from}")
                if dropped:
                    said.append(f"dropped {dropped}")
                log(f"{prefix} → {target}: " + "; ".join(said))
        for note in converted.errors + converted.notes:
            log(f"    {note}")
    return written, skipped, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m importer", description=__doc__.split("\n\n")[0])
    parser.add_argument("src", type=Path, help="an .html/.htm page, a folder of them, a WXR .xml or a REST API .json")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"where articles go (default {DEFAULT_OUT})")
    parser.add_argument("--force", action="store_true", help="overwrite articles imported before")
    parser.add_argument("--url-base", default="", help="for pages with no canonical URL: the site's URL for SRC")
    parser.add_argument("--published", default="", help="for articles with no date: YYYY-MM-DD")
    args = parser.parse_args(argv)
    if args.published and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.published):
        parser.error("--published must be YYYY-MM-DD")
    try:
        date.fromisoformat(args.published or "2000-01-01")
    except ValueError as err:
        parser.error(f"--published {args.published} is not a date on the calendar ({err})")
    root = args.src if args.src.is_dir() else None
    settings = Settings(args.url_base, args.published, root, site=PublisherSite.of(args.out.parent))
    try:
        written, skipped, failed = import_all(args.src, args.out, args.force, settings)
    except ImportProblemError as error:
        log(f"import: {error}")
        return 2
    log(f"imported {written}, skipped {skipped}, not imported {failed}" + ("; next: make index" if written else ""))
    return 1 if failed else 0
