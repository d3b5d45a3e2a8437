"""`make index`: validate every article, build the Whoosh index aside, swap it in atomically.

A failed build (bad content, a crash while writing) leaves the index in use untouched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from adapters.partners import EMPTY, PartnersError, load_source, write_shipped
from adapters.partners import SOURCE_NAME as PARTNERS_SOURCE
from index.content import Article, ContentError, ContentErrors, Passage, load_articles, not_articles, shown
from index.lexicon import LexiconCache, build_lexicon
from index.progress import phase
from index.resources.derive import Derived, Options, derive
from tayori import thesaurus
from tayori.analysis import ANALYZER_VERSION, Analyzer
from tayori.impacts import IMPACTS_FILE, write_impacts, write_surfaces
from tayori.index_store import MANIFEST, POINTER, index_root, swap_in
from tayori.lexicon import Lexicon
from tayori.normalize import is_japanese
from tayori.ranking import RANKING, RankingParameters
from tayori.schema import GRAM_FIELDS, SCHEMA_VERSION, WORD_FIELDS, analysed_fields, passage_schema

DEFAULT_CONTENT = Path(__file__).resolve().parent.parent / "content"
GENERAL_RESOURCES = Options()  # which general language resources the build derives (index/resources)
PARALLEL_FROM_PASSAGES = 2000
# Sudachi's analysis of each text, reused by the next build of the function's own index (never
# shipped). A build elsewhere (--out) writes nothing outside that folder unless given --cache.
DEFAULT_CACHE = Path(__file__).resolve().parent.parent / "build" / "index-cache"
STAGING_PREFIX = ".staging-"
STAGING_ABANDONED_AFTER = 3600  # seconds; no build takes anywhere near this long
# What a finished build directory is called: "<build id>.<UTC time>"; nothing else is ever removed.
BUILD_DIR = re.compile(r"[0-9a-f]{16}\.\d{8}T\d{12}Z")


# Everything whose change changes the terms or impacts a build writes: the code (its bytes), the
# dictionaries' and the index library's versions, and the build-time ranking parameters.
_CORE = Path(__file__).resolve().parent.parent / "functions" / "search" / "tayori"
TERM_SOURCES = [
    *(_CORE / f"{name}.py" for name in ("normalize", "analysis", "latin", "lexicon", "schema", "impacts", "thesaurus")),
    Path(__file__).resolve().parent / "lexicon.py",
    # The derived rules and vocabulary change answers too.
    *sorted((Path(__file__).resolve().parent / "resources").glob("*.py")),
]
TERM_DISTRIBUTIONS = ("sudachipy", "sudachidict-core", "whoosh3", "jamdict-data")


def engine_fingerprint(params: RankingParameters = RANKING) -> str:
    """Hash of what turns content into index terms and impacts, besides the content itself."""
    digest = hashlib.sha256(f"analyzer={ANALYZER_VERSION};schema={SCHEMA_VERSION}".encode())
    for path in TERM_SOURCES:
        digest.update(path.read_bytes())
    for distribution in TERM_DISTRIBUTIONS:
        digest.update(f"{distribution}={metadata.version(distribution)};".encode())
    digest.update(params.build_fingerprint().encode())
    return digest.hexdigest()[:16]


def unmatchable_phrases(rules: thesaurus.Thesaurus, analyzer: Analyzer) -> list[str]:
    """`file:line: …` for each Japanese phrase of the editors' rules that is only function words to
    the analyzer (どのくらい is どの + くらい, 彼 a pronoun): no query matches it on a left side, and
    on a right side it finds no passage."""
    return [
        f"{rule.source}:{rule.line}: '{phrase}' is only function words: it never matches"
        for rule in (*rules.synonyms, *rules.english, *rules.intents)
        for phrase in dict.fromkeys((*rule.lhs, *rule.rhs))
        if is_japanese(phrase) and not analyzer.analyse(phrase).word_texts
    ]


def derive_general_resources(
    lexicon: Lexicon, texts: list[str], rules: thesaurus.Thesaurus, resources: Options
) -> Derived:
    """The general language resources for the content's words (index.resources), as a named phase."""
    with phase("general resources: English and synonym rules (JMdict, Sudachi)", 0, log):
        return derive(lexicon, texts, rules, resources)


def content_hash(content_dir: Path, params: RankingParameters = RANKING) -> str:
    """Build id: every content file (names and bytes) plus the engine's fingerprint."""
    digest = hashlib.sha256(engine_fingerprint(params).encode())
    for path in sorted(p for p in content_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(content_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def passage_document(
    passage: Passage, position: int, analyzer: Analyzer, surfaces: dict[str, Counter[str]] | None = None
) -> dict[str, object]:
    texts = {"heading": passage.heading, "body": passage.text, "category": passage.category}
    return {
        **analysed_fields(analyzer, texts, surfaces),
        "id": passage.id,
        "slug": passage.article.slug,
        "article_title": passage.article.title,
        "article_url": passage.article.url,
        "heading": passage.heading,
        "category": passage.category,
        "path": passage.heading_path,
        "url": passage.url,
        "kind": passage.kind,
        "body": passage.text,
        "position": position,
    }


def log(message: str) -> None:
    print(f"[index] {message}", file=sys.stderr, flush=True)


def write_index(
    staging: Path,
    articles: list[tuple[Article, list[Passage]]],
    content_dir: Path,
    analyzer: Analyzer,
    progress: Callable[[int], None] = lambda _: None,
    surfaces: dict[str, Counter[str]] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Index every non-empty passage into staging; returns the per-article counts and the empty sections.

    progress is called with the number of passages of each article once it is analysed; surfaces,
    if given, counts how the articles write each word term."""
    ix = whoosh_index.create_in(str(staging), passage_schema())
    counts: list[dict[str, Any]] = []
    empty: list[dict[str, Any]] = []
    with ix.writer() as writer:  # cancelled, lock released, on any exception
        for article, passages in articles:
            source = article.path.relative_to(content_dir).as_posix()
            indexed = 0
            for position, passage in enumerate(passages):
                if passage.is_empty:
                    where = f"{article.source}:{passage.line}"
                    log(f"warning: {where}: section '{passage.heading}' is empty: nothing indexed")
                    empty.append(
                        {"article": article.slug, "heading": passage.heading, "source": source, "line": passage.line}
                    )
                elif passage.blocks:
                    writer.add_document(**passage_document(passage, position, analyzer, surfaces))
                    indexed += 1
            counts.append({"slug": article.slug, "title": article.title, "source": source, "passages": indexed})
            progress(indexed)
    return counts, empty


def remove_old_builds(out_root: Path, keep: str) -> None:
    for old in out_root.iterdir():
        if old.is_dir() and old.name != keep and BUILD_DIR.fullmatch(old.name) and (old / MANIFEST).exists():
            shutil.rmtree(old, ignore_errors=True)


def builder_alive(staging: Path) -> bool:
    """Whether the build that made this staging directory (`.staging-<pid>-…`) is still running."""
    pid = staging.name.removeprefix(STAGING_PREFIX).split("-", 1)[0]
    if not pid.isdigit():  # an older build's name: judge it by age
        return time.time() - staging.stat().st_mtime < STAGING_ABANDONED_AFTER
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_abandoned_staging(out_root: Path) -> None:
    """A build killed outright (no chance to clean up) leaves its staging directory behind: the next
    build removes it, unless the process that made it is still building."""
    for staging in out_root.glob(f"{STAGING_PREFIX}*"):
        if staging.is_dir() and not builder_alive(staging):
            shutil.rmtree(staging, ignore_errors=True)


def build(
    content_dir: Path,
    out_root: Path,
    params: RankingParameters = RANKING,
    cache_dir: Path | None = None,
) -> dict[str, object]:
    """Build and swap in; returns the manifest. Raises ContentErrors on malformed content.

    cache_dir keeps Sudachi's analysis of each text for the next build (None: no cache)."""
    started = time.perf_counter()
    log(f"reading articles under {shown(content_dir / 'articles')}")
    for path in not_articles(content_dir):
        log(f"warning: {shown(path)} is not an article (only *.md and *.markdown files are read): not indexed")
    problems: list[ContentError | str] = []  # every problem in content/, reported at once
    # Partners: validated here and shipped inside the build, so the function reads exactly this.
    partners = EMPTY
    site: tuple[str, ...] = ()
    try:
        partners = load_source(Path(shown(content_dir / PARTNERS_SOURCE)))
        site = partners.publisher_origins
    except PartnersError as found:
        problems.extend(found.errors)
        site = found.publisher_origins  # a partner's error must not hide the article urls' own
    try:  # article urls must be on the publisher's own site
        articles = load_articles(content_dir, site)
    except ContentErrors as found:
        problems.extend(found.errors)
    # Synonyms and the English lexicon: validated here, shipped with the build like partners.
    try:
        rules = thesaurus.load(Path(shown(content_dir)))
    except thesaurus.ThesaurusError as found:
        problems.extend(found.errors)
    if problems:
        raise ContentErrors(problems)
    log(f"partners: {len(partners.partners)} ({', '.join(partners.partners) or 'none'})")
    build_id = content_hash(content_dir, params)
    out_root.mkdir(parents=True, exist_ok=True)
    dir_name = f"{build_id}.{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}"
    remove_abandoned_staging(out_root)
    staging = out_root / f"{STAGING_PREFIX}{os.getpid()}-{dir_name}"
    staging.mkdir()
    try:
        cache = LexiconCache(cache_dir, engine_fingerprint(params))
        with phase("lexicon: articles analysed with Sudachi", len(articles), log) as progress:
            lexicon = build_lexicon(articles, rules, cache, progress.advance)
        texts = [f"{p.heading}\n{p.text}" for _, passages in articles for p in passages]
        resources = GENERAL_RESOURCES
        # Rules only (no general vocabulary, which changes how passages segment) can be derived in a
        # second process while this one indexes: worth its start-up (JMdict read again) on large builds.
        beside = not resources.vocabulary and len(texts) >= PARALLEL_FROM_PASSAGES
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as second_core:
            if beside:
                pending = second_core.submit(derive, lexicon, texts, rules, resources)
            else:
                derived = derive_general_resources(lexicon, texts, rules, resources)
                lexicon = derived.lexicon
            for name in thesaurus.FILES:
                if (content_dir / name).exists():
                    shutil.copyfile(content_dir / name, staging / name)
            log(f"lexicon: {len(lexicon.entries)} entries")
            analyzer = Analyzer(lexicon)  # the one the passages are indexed with
            for problem in unmatchable_phrases(rules, analyzer):
                log(f"warning: {problem}")
            passages_total = sum(1 for _, passages in articles for p in passages if p.blocks and not p.is_empty)
            with phase("index: passages analysed and written", passages_total, log) as progress:
                surfaces: dict[str, Counter[str]] = {}
                counts, empty = write_index(staging, articles, content_dir, analyzer, progress.advance, surfaces)
            if beside:
                with phase("general resources: English and synonym rules (JMdict, Sudachi)", 0, log):
                    derived = pending.result()
        sizes = derived.save(staging)
        log(f"general resources: {len(derived.english)} English rules, {len(derived.synonyms)} synonym rules; {sizes}")
        with phase("impacts: terms scored with BM25F", 0, log) as progress:
            impact_counts = write_impacts(
                whoosh_index.open_dir(str(staging)),
                staging / IMPACTS_FILE,
                WORD_FIELDS,
                GRAM_FIELDS,
                params,
                progress.advance,
            )
        log(f"impacts: {impact_counts['word_terms']} word and {impact_counts['gram_terms']} bigram terms")
        write_surfaces(staging / IMPACTS_FILE, surfaces)
        # Whoosh leaves its lock file behind after the writer commits: not part of a finished build.
        (staging / "MAIN_WRITELOCK").unlink(missing_ok=True)
        total = sum(c["passages"] for c in counts)
        manifest: dict[str, object] = {
            "build_id": build_id,
            "directory": dir_name,
            "analyzer_version": ANALYZER_VERSION,
            "schema_version": SCHEMA_VERSION,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "build_seconds": round(time.perf_counter() - started, 3),
            "passage_count": total,
            "articles": counts,
            "empty_sections": empty,
        }
        write_shipped(partners, staging)
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        staging.rename(out_root / dir_name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(out_root, dir_name)
    remove_old_builds(out_root, keep=dir_name)
    remove_abandoned_staging(out_root)
    log(
        f"built {build_id}: {total} passages from {len(articles)} article(s), {len(empty)} empty section(s),"
        f" in {time.perf_counter() - started:.2f}s; {POINTER} -> {shown(out_root / dir_name)}"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index", description=__doc__)
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content/)")
    parser.add_argument("--out", type=Path, default=None, help="index root (default: next to the function)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="where Sudachi's analysis is kept between builds (default: build/index-cache for the function's"
        " own index, none with --out)",
    )
    parser.add_argument("--no-cache", action="store_true", help="analyse every text again")
    args = parser.parse_args(argv)
    cache = args.cache or (None if args.out else DEFAULT_CACHE)
    try:
        build(args.content, args.out or index_root(), cache_dir=None if args.no_cache else cache)
    except ContentErrors as errors:
        for error in errors.errors:
            print(error, file=sys.stderr)
        log(f"build failed: {len(errors.errors)} problem(s); the index in use is unchanged")
        return 1
    except OSError as err:
        log(f"build failed: {err}; the index in use is unchanged")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
