"""Writes the hashes of every run of seven consecutive words in the curated data's source
documents, so that a test can check that no description copies a source without the sources
being in the repository.

    python3 scripts/source-runs.py [SOURCES_DIR] [OUT_FILE]

SOURCES_DIR defaults to ../shared/sources (the documents the curated data is built from, kept
outside the repository), OUT_FILE to tests/fixtures/source-runs.txt. Run it again only when the
sources change. The test (tests/it/data.rs) splits descriptions the same way:

- words are the maximal runs of letters and digits (Unicode), lower-cased;
- a run is seven consecutive words joined by single spaces;
- its hash is the first 16 hexadecimal digits of the SHA-256 of the run in UTF-8.
"""
import hashlib
import re
import sys
from pathlib import Path

RUN = 7


def words(text):
    """The lower-cased words of a text: maximal runs of letters and digits."""
    return [w.lower() for w in re.findall(r"[^\W_]+", text)]


def run_hashes(text):
    """The hashes of every run of RUN consecutive words of a text."""
    found = words(text)
    return {
        hashlib.sha256(" ".join(found[i : i + RUN]).encode()).hexdigest()[:16]
        for i in range(len(found) - RUN + 1)
    }


def main():
    root = Path(__file__).resolve().parent.parent
    sources = Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "sources"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "tests" / "fixtures" / "source-runs.txt"
    files = sorted(sources.glob("*.txt"))
    if not files:
        raise SystemExit(f"no *.txt source in {sources}")
    hashes = set()
    for path in files:
        hashes |= run_hashes(path.read_text(encoding="utf-8"))
    lines = [
        "# SHA-256 (first 16 hex digits) of every run of 7 consecutive words of the curated",
        f"# data's {len(files)} source documents; made by scripts/source-runs.py.",
    ]
    out.write_text("\n".join(lines + sorted(hashes)) + "\n", encoding="utf-8")
    print(f"wrote {len(hashes)} hashes of {len(files)} sources to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
