"""`python -m bench.bakeoff`: which Japanese analysis Tayori should use, decided on numbers.

Every variant indexes the same passages (the real content) into Whoosh — BM25F, heading terms
weighted above body terms, the query an OR of its analysed terms — and is scored with the
benchmark's own metrics on the development and held-out sets. Beside relevance it measures what
the analyzer adds to the function: cold start (fresh process: import the library, load its
dictionary, analyse one query; median, minus the same process without the analyzer), installed
size of what it needs at query time, and per-query latency. Tayori's production pipeline runs
as shipped (a fresh index searched by tayori.engine), with and without its thesaurus files.

    python -m bench.bakeoff                     # every variant whose library is installed
    python -m bench.bakeoff --only bigram sudachi tayori

Janome, MeCab (fugashi + ipadic) and TinySegmenter come from the `bakeoff` extra
(`make bakeoff` installs it); a variant whose library is missing is listed as skipped.

Only the standard library is imported at module level: the cold-start probes import this module,
and anything heavy imported here would be charged to every analyzer alike.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tayori.ranking import RANKING

if TYPE_CHECKING:
    from bench.corpus import Doc
    from bench.relevance import SearchFn

ROOT = Path(__file__).resolve().parent.parent
TermsFn = Callable[[str], list[str]]

LIMIT = 10
# The weight Tayori gives heading words over body words, used for every variant alike.
# The engine's own heading and body boosts and BM25F parameters (tayori.ranking: standard library only).
FIELD_BOOSTS = {part: RANKING.word_field_boosts[part] for part in ("heading", "body")}
COLD_RUNS = 5
LATENCY_ROUNDS = 3
COLD_QUERY = "彼から連絡が来ないのは忙しかったからですか"

# Parts of speech that carry no content: particles, auxiliaries, symbols, blanks.
SUDACHI_SKIP = {"助詞", "助動詞", "補助記号", "記号", "空白"}
IPADIC_SKIP = {"助詞", "助動詞", "記号", "フィラー"}
_HAS_WORD = re.compile(r"[^\W_]")


def fold(text: str) -> str:
    """The width and case folding every variant gets before and after its analyzer."""
    return unicodedata.normalize("NFKC", text).casefold()


def content_terms(terms: Sequence[str]) -> list[str]:
    """Folded terms that hold a letter, digit, kana or kanji; a term never holds a space
    (index fields are fed space-separated)."""
    return [t for t in ("".join(fold(term).split()) for term in terms) if _HAS_WORD.search(t)]


# --- the analyzers -----------------------------------------------------------------------------


def bigram_terms() -> TermsFn:
    """Overlapping character bigrams of CJK runs, latin words whole (the whoosh-bigram peer's)."""
    from bench.peers.whoosh_bigram import terms

    return lambda text: list(terms(text))


def sudachi_terms() -> TermsFn:
    """Sudachi (core dictionary, mode C): normalized forms of content words."""
    from sudachipy import Dictionary, SplitMode

    tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)

    def terms(text: str) -> list[str]:
        morphemes = tokenizer.tokenize(fold(text))
        return content_terms([m.normalized_form() for m in morphemes if m.part_of_speech()[0] not in SUDACHI_SKIP])

    return terms


def janome_terms() -> TermsFn:
    """Janome (its bundled IPADIC): base forms of content words."""
    from janome.tokenizer import Tokenizer

    tokenizer = Tokenizer()

    def terms(text: str) -> list[str]:
        return content_terms(
            [
                t.base_form if t.base_form != "*" else t.surface
                for t in tokenizer.tokenize(fold(text))
                if t.part_of_speech.split(",")[0] not in IPADIC_SKIP
            ]
        )

    return terms


def mecab_terms() -> TermsFn:
    """MeCab through fugashi with IPADIC: base forms (feature 6) of content words."""
    import fugashi
    import ipadic

    tagger = fugashi.GenericTagger(ipadic.MECAB_ARGS)

    def terms(text: str) -> list[str]:
        out = []
        for word in tagger(fold(text)):
            feature = word.feature
            if feature[0] in IPADIC_SKIP:
                continue
            base = feature[6] if len(feature) > 6 and feature[6] != "*" else word.surface
            out.append(base)
        return content_terms(out)

    return terms


def tinysegmenter_terms() -> TermsFn:
    """TinySegmenter: surface words (it knows no parts of speech or base forms)."""
    from tinysegmenter import TinySegmenter

    segmenter = TinySegmenter()
    return lambda text: content_terms(segmenter.tokenize(fold(text)))


def tayori_fields(build_dir: Path) -> dict[str, TermsFn]:
    """Tayori's analyzer as it runs in the function: the build's lexicon, words and bigrams."""
    from tayori.analysis import Analyzer
    from tayori.lexicon import LEXICON_FILE, Lexicon

    analyzer = Analyzer(Lexicon.load(build_dir / LEXICON_FILE))
    return {
        "words": lambda text: [t.text for t in analyzer.words(text)],
        "grams": lambda text: [t.text for t in analyzer.grams(text)],
    }


class _UniformStatistics:
    """Whoosh's term statistics are common to every variant; the probe times analysis and planning."""

    def idf(self, fieldname: str, text: str) -> float:
        return 1.0

    def doc_frequency(self, fieldname: str, text: str) -> int:
        return 1


def tayori_query_terms(build_dir: Path, with_thesaurus: bool) -> TermsFn:
    """Everything Tayori's query side loads and does to a query (for the cold-start probe): the
    real query planner over the build's lexicon, with the thesaurus files or without them."""
    from tayori import thesaurus
    from tayori.analysis import Analyzer
    from tayori.lexicon import LEXICON_FILE, Lexicon
    from tayori.query import QueryPlanner

    rules = thesaurus.load(build_dir) if with_thesaurus else thesaurus.Thesaurus([], [], [])
    planner = QueryPlanner(Analyzer(Lexicon.load(build_dir / LEXICON_FILE)), rules, _UniformStatistics())
    return lambda text: sorted({t for c in planner.plan(text).concepts for t in c.terms()})


# --- the variants ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    name: str
    what: str
    # Modules the variant needs; missing ones skip it.
    modules: tuple[str, ...] = ()
    # Installed distributions it needs at query time (their size is what it adds to the package).
    distributions: tuple[str, ...] = ()
    # Which analysis feeds which field pair: kind → analyzer factory (Whoosh harness variants).
    fields: dict[str, Callable[[], TermsFn]] = field(default_factory=dict)
    # Tayori's own pipeline: which build it searches ("full" or "bare", without thesaurus files).
    tayori_build: str | None = None
    ranking: str = "plain"  # "plain": the harness's OR query; "tayori": tayori.engine

    def missing(self) -> list[str]:
        return [m for m in self.modules if importlib.util.find_spec(m) is None]


SUDACHI = ("sudachipy", "sudachidict-core")
JANOME = ("janome",)
VARIANTS = [
    Variant("bigram", "character bigrams (NFKC, lower case)", fields={"grams": bigram_terms}),
    Variant(
        "sudachi", "Sudachi core, mode C, normalized forms", ("sudachipy", "sudachidict_core"), SUDACHI,
        {"words": sudachi_terms},
    ),
    Variant("janome", "Janome 0.5, base forms", ("janome",), JANOME, {"words": janome_terms}),
    Variant("mecab", "MeCab (fugashi + ipadic), base forms", ("fugashi", "ipadic"), ("fugashi", "ipadic"),
            {"words": mecab_terms}),
    Variant("tinysegmenter", "TinySegmenter, surface words", ("tinysegmenter",), ("tinysegmenter",),
            {"words": tinysegmenter_terms}),
    Variant(
        "sudachi+bigram", "Sudachi words field + bigram field", ("sudachipy", "sudachidict_core"), SUDACHI,
        {"words": sudachi_terms, "grams": bigram_terms},
    ),
    Variant("janome+bigram", "Janome words field + bigram field", ("janome",), JANOME,
            {"words": janome_terms, "grams": bigram_terms}),
    Variant("tayori-analysis", "Tayori lexicon words + bigrams, plain OR ranking, no thesaurus",
            tayori_build="bare"),
    Variant("tayori-bare", "Tayori engine (coverage ranking), no synonyms/English files",
            tayori_build="bare", ranking="tayori"),
    Variant("tayori", "Tayori as shipped: engine + synonyms + English lexicon", tayori_build="full",
            ranking="tayori"),
]


def variant(name: str) -> Variant:
    return next(v for v in VARIANTS if v.name == name)


def build_dir_of(index_root: Path) -> Path:
    from tayori.index_store import current_build

    return current_build(index_root)


def query_terms(name: str, index_root: str = "") -> TermsFn:
    """One variant's whole query-side analysis (the cold-start probe calls this)."""
    v = variant(name)
    if v.tayori_build:
        return tayori_query_terms(build_dir_of(Path(index_root)), with_thesaurus=v.tayori_build == "full")
    fns = [make() for make in v.fields.values()]
    return lambda text: [t for fn in fns for t in fn(text)]


# --- the harness -------------------------------------------------------------------------------


def whoosh_search(docs: Sequence[Doc], fields: dict[str, TermsFn], limit: int = LIMIT) -> SearchFn:
    """Index each passage's heading and body with every analysis into its own field; a query is
    the OR of its analysed terms over all of them, headings boosted (BM25F, Whoosh's defaults)."""
    from whoosh import query as wq
    from whoosh import scoring
    from whoosh.analysis import SpaceSeparatedTokenizer
    from whoosh.fields import STORED, TEXT, Schema
    from whoosh.filedb.filestore import RamStorage

    names = {(part, kind): f"{part}_{kind}" for kind in fields for part in FIELD_BOOSTS}
    schema = Schema(
        key=STORED(), **{n: TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False) for n in names.values()}
    )
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        for doc in docs:
            texts = {"heading": doc.heading, "body": doc.body}
            terms = {n: " ".join(fields[kind](texts[part])) for (part, kind), n in names.items()}
            writer.add_document(key=doc.key, **terms)
    searcher = index.searcher(weighting=scoring.BM25F(B=RANKING.bm25_b, K1=RANKING.bm25_k1))

    def search(text: str) -> list[str]:
        clauses = [
            wq.Term(names[part, kind], term, boost=boost)
            for kind, fn in fields.items()
            for term in dict.fromkeys(fn(text))
            for part, boost in FIELD_BOOSTS.items()
        ]
        if not clauses:
            return []
        return [hit["key"] for hit in searcher.search(wq.Or(clauses), limit=limit)]

    return search


@dataclass
class Run:
    variant: Variant
    search: SearchFn | None = None
    skipped: str = ""
    index_root: Path | None = None
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)
    cold_ms: float | None = None
    size_bytes: int | None = None


def prepare(variants: Sequence[Variant], content_dir: Path, workdir: Path) -> list[Run]:
    from bench.corpus import content_without_editors_language, passages
    from bench.tayori_engine import tayori_search

    docs = passages(content_dir)
    contents = {"full": content_dir}
    if any(v.tayori_build == "bare" for v in variants):
        contents["bare"] = content_without_editors_language(content_dir, workdir)
    engines: dict[str, tuple[Path, SearchFn]] = {}
    runs = []
    for v in variants:
        missing = v.missing()
        if missing:
            runs.append(Run(v, skipped=f"not installed: {', '.join(missing)} (make bakeoff installs them)"))
            continue
        run = Run(v)
        if v.tayori_build:
            if v.tayori_build not in engines:
                root = workdir / f"index-{v.tayori_build}"
                engines[v.tayori_build] = (root, tayori_search(root, contents[v.tayori_build]))
            run.index_root, engine_search = engines[v.tayori_build]
            fields = tayori_fields(build_dir_of(run.index_root))
            run.search = engine_search if v.ranking == "tayori" else whoosh_search(docs, fields)
        else:
            run.search = whoosh_search(docs, {kind: make() for kind, make in v.fields.items()})
        runs.append(run)
    return runs


# --- costs -------------------------------------------------------------------------------------


def probe_env() -> dict[str, str]:
    from bench.speed import probe_env as bench_env

    return bench_env(ROOT / "functions" / "search" / "search_index")


def _run_probe(code: str) -> tuple[float, float]:
    """(process wall ms, ms the code's timed part printed) for one fresh Python process."""
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=ROOT, env=probe_env(), capture_output=True, text=True
    ).stdout
    wall = (time.perf_counter() - started) * 1000
    return wall, float(out.strip().splitlines()[-1]) if out.strip() else 0.0


# What every probe does anyway: start Python and import the harness (bigram peer included).
_PROBE_BASE = "import time, bench.bakeoff, bench.peers.whoosh_bigram"


def baseline_ms(runs: int = COLD_RUNS) -> float:
    """Median wall time of a fresh process doing nothing but the imports every probe shares."""
    return statistics.median(_run_probe(_PROBE_BASE)[0] for _ in range(runs))


def cold_start_ms(run: Run, runs: int = COLD_RUNS) -> float:
    """Median, over fresh processes (after the shared imports), of the time to import the
    variant's library, load its dictionary and analyse one query. Timed inside the process, so
    the interpreter's own start, the same for every variant, is left out."""
    root = str(run.index_root or "")
    code = (
        f"{_PROBE_BASE}\nstarted = time.perf_counter()\n"
        f"bench.bakeoff.query_terms({run.variant.name!r}, {root!r})({COLD_QUERY!r})\n"
        "print((time.perf_counter() - started) * 1000)"
    )
    return statistics.median(_run_probe(code)[1] for _ in range(runs))


def du_bytes(paths: Sequence[Path]) -> int:
    """Apparent size of files and directories, each file counted once (GNU du)."""
    if not paths:
        return 0
    out = subprocess.run(["du", "-scb", *map(str, paths)], check=True, capture_output=True, text=True).stdout
    return int(out.strip().splitlines()[-1].split()[0])


def installed_paths(distribution: str) -> list[Path]:
    """The top-level directories and files a distribution installed (package, dictionary, libs)."""
    from importlib.metadata import distribution as dist_of

    dist = dist_of(distribution)
    paths = set()
    for f in dist.files or []:
        if not f.parts or f.parts[0] == "..":  # scripts installed outside site-packages
            continue
        # A package directory whole; a top-level module or its shared-__pycache__ entry alone.
        whole = len(f.parts) > 1 and f.parts[0] != "__pycache__"
        paths.add(Path(str(dist.locate_file(f.parts[0] if whole else f))))
    return sorted(paths)


def query_time_paths(run: Run) -> list[Path]:
    """What the function would have to ship for this analysis, beyond Whoosh and Tayori's engine."""
    if run.variant.tayori_build and run.index_root:
        from tayori import analysis, lexicon, normalize, thesaurus

        build = build_dir_of(run.index_root)
        modules = [Path(m.__file__ or "") for m in (analysis, lexicon, normalize)]
        shipped = [build / lexicon.LEXICON_FILE, *modules]
        if run.variant.tayori_build == "full":
            shipped += [Path(thesaurus.__file__ or ""), *(build / name for name in thesaurus.FILES)]
        return [p for p in shipped if p.exists()]
    return [p for d in run.variant.distributions for p in installed_paths(d)]


# --- the table ---------------------------------------------------------------------------------


QUERY_SETS = {
    "dev": ("dev_queries.json", "dev_offtopic.json"),
    "held-out": ("heldout_queries.json", "heldout_offtopic.json"),
}
SET_COLUMNS = [("nDCG", "ndcg@5"), ("MRR", "mrr@10"), ("S@1", "s@1"), ("R@5", "r@5"), ("EN", "en_mrr@10")]


def score(runs: Sequence[Run], rounds: int = LATENCY_ROUNDS) -> dict[str, tuple[int, int, int]]:
    """Evaluate every run on both query sets; returns each set's (queries, English, off-topic)."""
    from bench.corpus import CONTENT, DATA, load_offtopic, load_queries, load_sections, passages, section_keys
    from bench.relevance import evaluate

    keys = section_keys(load_sections(), passages(CONTENT))
    sizes = {}
    for set_name, (q, o) in QUERY_SETS.items():
        queries, offtopic = load_queries(DATA / q, keys), load_offtopic(DATA / o)
        for run in runs:
            if run.search:
                run.scores[set_name] = evaluate(run.search, queries, offtopic, rounds=rounds)
                r = run.scores[set_name]
                sizes[set_name] = (r["queries"], r["english_queries"], r["offtopic_queries"])
    return sizes


def _cell(value: float | None, spec: str, width: int) -> str:
    return f"{'-' if value is None else format(value, spec):>{width}}"


def table(runs: Sequence[Run]) -> str:
    set_width = 6 * len(SET_COLUMNS) + 6
    group = "".join(f"{'── ' + name + ' ':─<{set_width}}" for name in QUERY_SETS)
    head = f"{'variant':<17}" + "".join(
        "".join(f"{title:>6}" for title, _ in SET_COLUMNS) + f"{'off∅%':>6}" for _ in QUERY_SETS
    ) + f"{'ms/q':>7}{'cold ms':>9}{'MB':>8}"
    lines = [f"{'':<17}{group}", head, "─" * len(head)]
    for run in runs:
        if run.skipped:
            lines.append(f"{run.variant.name:<17}skipped: {run.skipped}")
            continue
        cells = ""
        for set_name in QUERY_SETS:
            r = run.scores[set_name]
            cells += "".join(_cell(r[key], ".3f", 6) for _, key in SET_COLUMNS)
            cells += _cell(None if r["offtopic_empty"] is None else r["offtopic_empty"] * 100, ".0f", 6)
        latencies = [(r["latency_mean_ms"], r["queries"] + r["offtopic_queries"]) for r in run.scores.values()]
        mean_ms = sum(ms * n for ms, n in latencies) / sum(n for _, n in latencies)
        size_mb = None if run.size_bytes is None else run.size_bytes / 1e6
        lines.append(
            f"{run.variant.name:<17}{cells}{mean_ms:>7.2f}{_cell(run.cold_ms, '.0f', 9)}{_cell(size_mb, '.2f', 8)}"
        )
    return "\n".join(lines)


def legend(runs: Sequence[Run], sizes: dict[str, tuple[int, int, int]], baseline: float | None) -> str:
    counts = "; ".join(f"{name}: {q} queries ({en} English), {off} off-topic" for name, (q, en, off) in sizes.items())
    lines = [
        f"analysis bake-off, {date.today().isoformat()}, Python {sys.version.split()[0]} — {counts}",
        "nDCG@5, MRR@10, S@1 (best passage first), R@5, EN = MRR@10 of the English queries, "
        "off∅% = off-topic queries answered with nothing;",
        "ms/q = mean search latency in process (analysis included); cold ms = in a fresh process, import the "
        f"library + load its dictionary + analyse one query, median of {COLD_RUNS}"
        + ("" if baseline is None else f" (on top of {baseline:.0f} ms for Python's start and the harness's imports)")
        + ";",
        "MB = installed size of what the analysis needs at query time (du of the package and dictionary "
        "directories; for Tayori the shipped lexicon and modules)",
    ]
    lines += [f"  {run.variant.name:<17}{run.variant.what}" for run in runs]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bakeoff", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=[v.name for v in VARIANTS], help="these variants")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="content folder (default: content/)")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start probes")
    args = parser.parse_args(argv)
    variants = [v for v in VARIANTS if not args.only or v.name in args.only]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tayori-bakeoff-") as tmp:
        print("indexing the passages with every variant …", file=sys.stderr, flush=True)
        runs = prepare(variants, args.content, Path(tmp))
        print("scoring …", file=sys.stderr, flush=True)
        sizes = score(runs)
        baseline = None if args.no_cold else baseline_ms()
        for run in (r for r in runs if r.search):
            run.size_bytes = du_bytes(query_time_paths(run))
            if baseline is not None:
                print(f"cold start: {run.variant.name} …", file=sys.stderr, flush=True)
                run.cold_ms = cold_start_ms(run)
    print(legend(runs, sizes, baseline))
    print()
    print(table(runs))
    print(f"\n({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
