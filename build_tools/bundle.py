"""The checker app as the site ships it: one minified ES module built by esbuild, and the country
names in each language's collation order (Intl.Collator, as the browser sorts them).

esbuild is the npm package pinned in build_tools/js/package-lock.json, installed by `make js`
(which `make serve`, `make build`, `make test` and `make bench` run). Without it the build fails
with BundleError saying how to install it: there is no unbundled fallback.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

JS_DIR = Path(__file__).resolve().parent / "js"
ESBUILD = JS_DIR / "node_modules" / ".bin" / "esbuild"
INSTALL = "run `make js` (or `npm ci` in build_tools/js) to install the pinned esbuild"
# the browsers the site supports: ES modules, Intl.ListFormat, String.matchAll
TARGET = "es2020"


class BundleError(RuntimeError):
    """esbuild or Node.js is missing, or esbuild rejected the sources (its message included)."""


def esbuild_path() -> Path:
    """The pinned esbuild binary; BundleError naming the fix when it is not installed."""
    if not ESBUILD.exists():
        raise BundleError(f"esbuild is not installed ({ESBUILD.relative_to(JS_DIR.parent.parent)} is missing): {INSTALL}")
    return ESBUILD


def bundle(entry: Path, external: tuple[str, ...] = (), define: dict | None = None) -> bytes:
    """`entry` and every module it imports, as one minified ES module (UTF-8 bytes); a stylesheet
    (.css) minified. `external`: import paths left as they are (a chunk published beside the bundle);
    `define`: global names replaced by these values (JSON: a string, a number) in the code."""
    command = [str(esbuild_path()), str(entry), "--minify", "--charset=utf8", "--legal-comments=none", "--log-level=error"]
    if entry.suffix == ".js":
        command += ["--bundle", "--format=esm", f"--target={TARGET}", *(f"--external:{path}" for path in external),
                    *(f"--define:{name}={json.dumps(value)}" for name, value in (define or {}).items())]
    try:
        result = subprocess.run(command, capture_output=True, timeout=120)
    except OSError as error:
        raise BundleError(f"esbuild could not run ({error}): {INSTALL}") from error
    if result.returncode != 0:
        raise BundleError(f"esbuild could not bundle {entry.name}:\n{result.stderr.decode(errors='replace')}")
    return result.stdout


COLLATE = """
const names = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
for (const [lang, table] of Object.entries(names)) {
  const collator = new Intl.Collator(lang);
  out[lang] = Object.keys(table).sort((a, b) => collator.compare(table[a] || a, table[b] || b));
}
process.stdout.write(JSON.stringify(out));
"""


def collated(names: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """{lang: [code, …]} sorted by name the way Intl.Collator(lang) sorts them in the browser.

    names: {lang: {code: name}}. Node.js (needed for esbuild anyway) does the sorting with its ICU."""
    node = shutil.which("node")
    if not node:
        raise BundleError("Node.js is not installed: it is needed to build the checker (npm, esbuild)")
    result = subprocess.run([node, "-e", COLLATE], input=json.dumps(names).encode(), capture_output=True, timeout=60)
    if result.returncode != 0:
        raise BundleError(f"sorting the country names failed:\n{result.stderr.decode(errors='replace')}")
    return json.loads(result.stdout)


DISPLAY_NAMES = """
const { codes, languages } = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
for (const lang of languages) {
  const names = new Intl.DisplayNames([lang], { type: "region", fallback: "none" });
  out[lang] = {};
  for (const code of codes) out[lang][code] = names.of(code) || null;
}
process.stdout.write(JSON.stringify(out));
"""

_display_names: dict = {}


def display_names(codes: list[str], languages: list[str]) -> dict[str, dict[str, str | None]]:
    """{lang: {code: name or None}}: the region names of Intl.DisplayNames (Node.js's ICU, the CLDR the
    browsers ship), for the country names the checker does not need to ship."""
    key = (tuple(codes), tuple(languages))
    if key not in _display_names:
        node = shutil.which("node")
        if not node:
            raise BundleError("Node.js is not installed: it is needed to build the checker (npm, esbuild)")
        result = subprocess.run([node, "-e", DISPLAY_NAMES], input=json.dumps({"codes": codes, "languages": languages}).encode(),
                                capture_output=True, timeout=60)
        if result.returncode != 0:
            raise BundleError(f"reading the browser's country names failed:\n{result.stderr.decode(errors='replace')}")
        _display_names[key] = json.loads(result.stdout)
    return _display_names[key]
