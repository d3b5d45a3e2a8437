"""Assemble the Lambda function: its code, a freshly built index, and the dependencies Powertools' layer lacks.

One entry point serves both ways of shipping:
- `sam build` runs the Makefile's `build-SearchFunction`, which calls `--function-dir "$ARTIFACTS_DIR"`;
- `make package` (`python -m deploy.package`) assembles into a temporary folder and zips it.

Powertools (and boto3) are not bundled: the function gets them from the official public Powertools
layer and the Lambda runtime. Only `[project].dependencies` of pyproject.toml is installed, for the
Lambda platform (arm64, CPython 3.13), whatever machine builds the package.
"""

from __future__ import annotations

import argparse
import compileall
import py_compile
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from index.build import build as build_index

ROOT = Path(__file__).resolve().parent.parent
FUNCTION_SOURCE = ROOT / "functions" / "search"
CONTENT = ROOT / "content"
DEFAULT_ZIP = ROOT / "dist" / "tayori-function.zip"
INDEX_DIR = "search_index"
WIDGET_FILE = "widget/tayori-search.js"  # built by `make widget` from widget/src, not in git

# The Lambda function's platform (template.yaml: Runtime python3.13, Architectures arm64).
LAMBDA_PYTHON = (3, 13)
LAMBDA_PLATFORM = "manylinux2014_aarch64"

# Never shipped from the source folder: caches, and the index built for local runs (a fresh one is built).
SOURCE_EXCLUDES = ("__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache", INDEX_DIR)

# A fixed timestamp makes the zip depend only on its contents.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class PackageSize:
    files: int
    unzipped: int
    zipped: int


def log(message: str) -> None:
    print(f"[package] {message}", file=sys.stderr, flush=True)


def runtime_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """What the function needs besides Powertools: pyproject's own pinned dependencies, nothing else."""
    with pyproject.open("rb") as handle:
        return list(tomllib.load(handle)["project"]["dependencies"])


def install_requirements(requirements: list[str], dest: Path) -> None:
    """pip-install for the Lambda platform, not this machine's (wheels only, so nothing is compiled here)."""
    if not requirements:
        return
    python_version = "".join(map(str, LAMBDA_PYTHON))
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--target", str(dest), "--no-compile",
        "--platform", LAMBDA_PLATFORM, "--only-binary=:all:",
        "--python-version", python_version, "--implementation", "cp",
        *requirements,
    ]  # fmt: skip
    log(f"installing {', '.join(requirements)} for {LAMBDA_PLATFORM}, CPython {python_version}")
    subprocess.run(command, check=True)
    # Console scripts point at this machine's interpreter: useless in the function.
    shutil.rmtree(dest / "bin", ignore_errors=True)


def precompile(dest: Path) -> None:
    """Ship bytecode: the Lambda code folder is read-only, so without it every cold start compiles from source.

    Only when this interpreter is the runtime's version (bytecode is version-specific); unchecked-hash
    pycs stay valid whatever timestamps the zip gives the sources.
    """
    if sys.version_info[:2] != LAMBDA_PYTHON:
        log(f"not precompiling: this is Python {sys.version_info[0]}.{sys.version_info[1]}, the function runs 3.13")
        return
    ok = compileall.compile_dir(
        str(dest), quiet=1, workers=0, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
    )
    if not ok:
        raise RuntimeError(f"byte-compiling {dest} failed")


def assemble(dest: Path, *, source: Path = FUNCTION_SOURCE, content: Path = CONTENT) -> dict[str, object]:
    """Fill dest (missing or empty) with a deployable function; returns the index manifest."""
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    if not (source / WIDGET_FILE).is_file():
        raise FileNotFoundError(f"{source / WIDGET_FILE} is missing: `make widget` builds it (make package does)")
    log(f"copying the function code from {source}")
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(*SOURCE_EXCLUDES), dirs_exist_ok=True)
    manifest = build_index(content, dest / INDEX_DIR)
    install_requirements(runtime_requirements(), dest)
    precompile(dest)
    return manifest


def write_zip(folder: Path, zip_path: Path) -> PackageSize:
    """Zip folder's contents (paths relative to it), sorted and timestamp-free so equal input gives equal bytes."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    partial = zip_path.with_name(zip_path.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(zip_path)
    return PackageSize(files=len(files), unzipped=sum(p.stat().st_size for p in files), zipped=zip_path.stat().st_size)


def package(zip_path: Path) -> PackageSize:
    with tempfile.TemporaryDirectory(prefix="tayori-function-") as tmp:
        function_dir = Path(tmp) / "function"
        manifest = assemble(function_dir)
        size = write_zip(function_dir, zip_path)
    log(f"index {manifest['build_id']}: {manifest['passage_count']} passages")
    return size


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.2f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.package", description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--out", type=Path, default=DEFAULT_ZIP, help="zip to write (default: %(default)s)")
    target.add_argument("--function-dir", type=Path, help="assemble into this folder instead of zipping (sam build)")
    args = parser.parse_args(argv)
    if args.function_dir:
        manifest = assemble(args.function_dir)
        log(f"assembled {args.function_dir} with index {manifest['build_id']}")
        return 0
    size = package(args.out)
    print(
        f"{args.out}: {megabytes(size.zipped)} zipped, {megabytes(size.unzipped)} unzipped, {size.files} files "
        "(Lambda limit: 50 MB zipped upload, 250 MB unzipped with layers)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
