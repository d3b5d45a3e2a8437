"""`make index`: validate every article, build the Whoosh index aside, swap it in atomically.

A failed build (bad content, a crash while writing) leaves the index in use untouched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tayori.analysis import ANALYZER_VERSION
from tayori.index_store import MANIFEST, POINTER, index_root, swap_in
from tayori.partners import SOURCE_NAME as PARTNERS_SOURCE
from tayori.partners import PartnersError, load_source, write_shipped
from tayori.schema import SCHEMA_VERSION, passage_schema
from whoosh import index as whoosh_index

from index.content import ContentErrors, Passage, load_articles

DEFAULT_CONTENT = Path(__file__).resolve().parent.parent / "content"


def content_hash(content_dir: Path) -> str:
    """Build id: every content file (names and bytes) plus the analyzer and schema versions."""
    digest = hashlib.sha256(f"analyzer={ANALYZER_VERSION};schema={SCHEMA_VERSION}".encode())
    for path in sorted(p for p in content_dir.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(content_dir)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def passage_document(passage: Passage, position: int) -> dict[str, object]:
    return {
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


def build(content_dir: Path, out_root: Path) -> dict[str, object]:
    """Build and swap in; returns the manifest. Raises ContentErrors on malformed content."""
    started = time.perf_counter()
    log(f"reading articles under {content_dir / 'articles'}")
    articles = load_articles(content_dir)
    # Partners: validated here and shipped inside the build, so the function reads exactly this.
    partners = load_source(content_dir / PARTNERS_SOURCE)
    log(f"partners: {len(partners.partners)} ({', '.join(partners.partners) or 'none'})")
    build_id = content_hash(content_dir)
    out_root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dir_name = f"{build_id}.{stamp}"
    staging = out_root / f".staging-{dir_name}"
    staging.mkdir()
    try:
        ix = whoosh_index.create_in(str(staging), passage_schema())
        writer = ix.writer()
        summary: list[dict[str, object]] = []
        empty: list[str] = []
        total = 0
        for n, (article, passages) in enumerate(articles, 1):
            indexed = 0
            for position, passage in enumerate(passages):
                if not passage.blocks:
                    if not passage.has_children:
                        where = f"{article.source}:{passage.line}"
                        empty.append(f"{where}: '{passage.heading}'")
                        log(f"warning: {where}: section '{passage.heading}' is empty: nothing indexed")
                    continue
                writer.add_document(**passage_document(passage, position))
                indexed += 1
            total += indexed
            summary.append({"slug": article.slug, "source": article.source, "passages": indexed})
            log(f"[{n}/{len(articles)}] {article.slug}: {indexed} passages")
        writer.commit()
        manifest: dict[str, object] = {
            "build_id": build_id,
            "directory": dir_name,
            "analyzer_version": ANALYZER_VERSION,
            "schema_version": SCHEMA_VERSION,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "passage_count": total,
            "articles": summary,
            "empty_sections": empty,
        }
        write_shipped(partners, staging)
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        staging.rename(out_root / dir_name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(out_root, dir_name)
    for old in out_root.iterdir():
        if old.is_dir() and old.name != dir_name and not old.name.startswith(".staging-"):
            shutil.rmtree(old, ignore_errors=True)
    log(f"built {build_id}: {total} passages from {len(articles)} articles in {time.perf_counter() - started:.2f}s")
    log(f"swapped in {out_root / dir_name} ({POINTER} updated)")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tayori-index", description=__doc__)
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content/)")
    parser.add_argument("--out", type=Path, default=None, help="index root (default: next to the function)")
    args = parser.parse_args(argv)
    try:
        build(args.content, args.out or index_root())
    except (ContentErrors, PartnersError) as errors:
        for error in errors.errors:
            print(error, file=sys.stderr)
        log(f"build failed: {len(errors.errors)} problem(s); the index in use is unchanged")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
