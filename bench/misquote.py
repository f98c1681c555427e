"""How long a user waits to be told why a long misquote is not in a large article.

Writes a project whose one source is an article of about 1 MB (paragraphs of some 15,000
characters of Vietnamese words drawn at random, as `bench.generate` writes them) and whose one
quote is a passage of one paragraph, 10,000 characters long, with one word in 60 changed; then
times `dossier check`, in a new process as a user runs it, until it has printed the nearest
passage.

    python -m bench.misquote [--article-bytes N] [--quote-chars N] [--repeat K]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import _sentence

REPO = Path(__file__).resolve().parent.parent


def make_project(root: Path, article_bytes: int, quote_chars: int) -> None:
    """A project with one meeting whose one quote is a long misquote of a large article."""
    rng = random.Random(1)
    paragraphs: list[str] = []
    size = 0
    while size < article_bytes:
        paragraph = " ".join(_sentence(rng, 8, 20).capitalize() + "." for _ in range(150))
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    article = "Ông An nói: “" + "\n\n".join(paragraphs) + "”\n"
    # The quote: a passage of a paragraph in the middle, words changed here and there.
    middle = paragraphs[len(paragraphs) // 2]
    words = middle[len(middle) // 10 :][:quote_chars].rsplit(" ", 1)[0].split(" ")[1:]
    for index in range(0, len(words), 60):
        words[index] = "sai"
    quote = " ".join(words)
    src = root / "site_src"
    for folder in ("articles", "sources", "meetings"):
        (src / folder).mkdir(parents=True)
    (src / "articles" / "big.txt").write_text(article, encoding="utf-8")
    digest = hashlib.sha256(article.encode("utf-8")).hexdigest()
    (src / "sources" / "2024-01-05-big.yml").write_text(
        f"raw: articles/big.txt\nraw_sha256: {digest}\nlanguage: vi\n"
        "editorial_title: A large article\ndate: 2024-01-05\n",
        encoding="utf-8",
    )
    (src / "people.yml").write_text(
        'people:\n  - {id: ong-an, name: Ông An, role: Test, printed_names: ["Ông An"]}\n',
        encoding="utf-8",
    )
    front = {
        "id": "2024-01-05-big",
        "title": "A long misquote",
        "date": "2024-01-05",
        "date_source": "2024-01-05-big",
        "place": {"source": "2024-01-05-big"},
        "participants": ["ong-an"],
        "sources": ["2024-01-05-big"],
        "summary_line": "A long misquote.",
        "quotes": [
            {
                "id": "long-misquote",
                "speaker": "ong-an",
                "kind": "direct",
                "source": "2024-01-05-big",
                "text": quote,
                "translation": "A long misquote",
                "attribution": "Ông An nói",
            }
        ],
    }
    (src / "meetings" / "2024-01-05-big.md").write_text(
        f"---\n{json.dumps(front, ensure_ascii=False)}\n---\nA summary.[^2024-01-05-big]\n",
        encoding="utf-8",
    )
    (src / "about.md").write_text("# About\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article-bytes", type=int, default=1_000_000)
    parser.add_argument("--quote-chars", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    dossier = str(Path(sys.executable).parent / "dossier")
    with tempfile.TemporaryDirectory(prefix="dossier-misquote-") as folder:
        root = Path(folder)
        make_project(root, arguments.article_bytes, arguments.quote_chars)
        times: list[float] = []
        for _ in range(arguments.repeat):
            started = time.perf_counter()
            result = subprocess.run(
                [dossier, "check", "--root", str(root)],
                capture_output=True,
                text=True,
                check=False,
            )
            times.append(time.perf_counter() - started)
        message = result.stderr.splitlines()[0] if result.stderr else result.stdout
        print(message[:300] + ("…" if len(message) > 300 else ""))
        print(
            f"misquote of {arguments.quote_chars:,} characters against a "
            f"{arguments.article_bytes:,}-byte article: dossier check answered in "
            f"{statistics.median(times):.2f} s (median of {arguments.repeat}; "
            f"{', '.join(f'{t:.2f}' for t in times)})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
