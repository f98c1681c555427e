"""Measure the built site with Lighthouse, as recorded in BENCHMARKS.md (`make lighthouse`).

Serves `site/` on 127.0.0.1, text gzip-compressed as GitHub Pages serves it, and runs
Lighthouse 12.8.2 (from tools/lighthouse/, pinned by its package-lock.json) in Debian's
Chromium with the mobile preset on the home page and a meeting page, RUNS times each. Writes
the JSON reports into build/lighthouse/ and prints a Markdown table of each page's median run
(by performance score), with every audit that kept a category below 100.

Lighthouse's simulated mobile CPU is this machine's CPU slowed four times, so the performance
score moves with the machine's load; each run's `benchmarkIndex` is printed to show it.
Not part of `make test`: a measurement.

    python tools/lighthouse_scores.py [RUNS]     (default 5)
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
REPORTS = ROOT / "build" / "lighthouse"
PAGES = ["index.html", "meetings/2025-09-03-beijing.html"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--no-first-run",
    ]
)


COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}


class PagesLikeHandler(SimpleHTTPRequestHandler):
    """Serves files as GitHub Pages does, text gzip-compressed for browsers that accept it;
    keeps its request log to itself."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def run_lighthouse(url: str, report: Path) -> dict[str, Any]:
    """Run Lighthouse on one address (mobile preset, the default) and return its report."""
    subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        check=True,
        timeout=300,
    )
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def shortfalls(result: dict[str, Any]) -> list[str]:
    """The audits that cost a category points, one line each."""
    lines = []
    for name in CATEGORIES:
        category = result["categories"][name]
        if category["score"] == 1:
            continue
        for reference in category["auditRefs"]:
            audit = result["audits"][reference["id"]]
            if reference["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue", "")
                lines.append(f"{name}: {audit['id']} {audit['score']} {shown}".rstrip())
    return lines


def median_run(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The run whose performance score is the median (the lower middle of an even count)."""
    ranked = sorted(results, key=lambda result: result["categories"]["performance"]["score"])
    return ranked[(len(ranked) - 1) // 2]


def main(arguments: list[str]) -> int:
    """Serve the site, measure each page and print the table."""
    runs = int(arguments[0]) if arguments else 5
    site = ROOT / "site"
    if not (site / "index.html").is_file():
        print("build the site first: make site", file=sys.stderr)
        return 1
    if not LIGHTHOUSE.is_file():
        print("install Lighthouse first: npm ci --prefix tools/lighthouse", file=sys.stderr)
        return 1
    REPORTS.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(PagesLikeHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    try:
        for page in PAGES:
            results = []
            for run in range(1, runs + 1):
                name = f"{page.replace('/', '_')}.{run}.json"
                results.append(run_lighthouse(base + page, REPORTS / name))
                score = results[-1]["categories"]["performance"]["score"]
                index = results[-1]["environment"]["benchmarkIndex"]
                print(f"{page} run {run}: performance {score * 100:.0f}, benchmarkIndex {index}")
            result = median_run(results)
            scores = [round(result["categories"][name]["score"] * 100) for name in CATEGORIES]
            audits = result["audits"]
            metrics = [
                audits[key]["displayValue"]
                for key in (
                    "first-contentful-paint",
                    "largest-contentful-paint",
                    "total-blocking-time",
                    "cumulative-layout-shift",
                )
            ]
            rows.append(f"| `{page}` | " + " | ".join(map(str, scores + metrics)) + " |")
            for line in shortfalls(result):
                print(f"{page} median run: {line}")
        version = result["lighthouseVersion"]
        agent = result["environment"]["hostUserAgent"]
    finally:
        server.shutdown()
    print(f"Lighthouse {version}, mobile preset, {agent}, median of {runs} runs")
    print()
    print("| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
