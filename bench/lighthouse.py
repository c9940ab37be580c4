"""Lighthouse (npm `lighthouse`, pinned in bench/package.json, installed by `make bench`) against a
served site, with the system Chromium, mobile preset (Lighthouse's default form factor, simulated
throttling). No `run()`: it is driven by bench/report.py, never by `python -m bench`.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from harness.browser import chromium_path

BENCH = Path(__file__).resolve().parent
CLI = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 97, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-dev-shm-usage"


def version() -> str:
    package = BENCH / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.exists() else "not installed"


def available() -> str | None:
    """None when Lighthouse can run, else why not."""
    if not CLI.exists():
        return "Lighthouse is not installed (run `make bench`, which runs `npm ci` in bench/)"
    if not chromium_path():
        return "no system Chromium (set CHROMIUM or install chromium)"
    return None


def audit(url: str, attempts: int = 2) -> dict:
    """Scores (0-100) per category, the failing audits per category, and key metrics of one page."""
    env = dict(os.environ, CHROME_PATH=chromium_path() or "")
    last = ""
    for _ in range(attempts):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "report.json"
            result = subprocess.run(
                ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={out}",
                 f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
                 "--max-wait-for-load=60000"],
                env=env, capture_output=True, text=True, timeout=300)
            if result.returncode == 0 and out.exists():
                return summarise(json.loads(out.read_text(encoding="utf-8")))
            last = (result.stderr or result.stdout)[-1500:]
    raise RuntimeError(f"Lighthouse failed on {url}:\n{last}")


def summarise(report: dict) -> dict:
    scores, failing = {}, {}
    for category in CATEGORIES:
        entry = report["categories"][category]
        scores[category] = round((entry["score"] or 0) * 100)
        failing[category] = sorted(
            f"{ref['id']} ({round((report['audits'][ref['id']]['score'] or 0) * 100)})"
            for ref in entry["auditRefs"]
            if ref.get("weight", 0) > 0 and report["audits"][ref["id"]].get("score") not in (None, 1)
            and report["audits"][ref["id"]].get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
    audits = report["audits"]
    metrics = {name: audits[key].get("displayValue", "") for name, key in (
        ("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"), ("TBT", "total-blocking-time"),
        ("CLS", "cumulative-layout-shift"), ("SI", "speed-index"))}
    return {"scores": scores, "failing": failing, "metrics": metrics,
            "lcp_ms": audits["largest-contentful-paint"].get("numericValue"),
            "lighthouse": report.get("lighthouseVersion"), "user_agent": report.get("environment", {}).get("hostUserAgent", ""),
            "form_factor": report.get("configSettings", {}).get("formFactor")}
