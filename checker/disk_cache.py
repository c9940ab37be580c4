"""A disk cache for values that are pure functions of their inputs: walks of the answer space.

A value is stored under a hash of everything it is computed from (the caller lists the parts: the
rules, the code that computes it, its arguments), so a change to any of them computes it afresh;
nothing is ever invalidated by hand. Files live in `.cache/<kind>/` at the project root (git ignored),
or `$STAY_CACHE_DIR/<kind>/`; `STAY_CACHE_DIR=off` turns the cache off. A file lock per key makes
parallel processes (the xdist workers, a build beside them) wait for the first one instead of
computing the same value twice; a file is written whole or not at all (a temporary file, then a rename).
Only values this project wrote are read back (pickle), from a folder inside the project.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def cache_folder(kind: str) -> Path | None:
    setting = os.environ.get("STAY_CACHE_DIR", "")
    if setting == "off":
        return None
    return Path(setting or PROJECT / ".cache") / kind


def digest(*parts: bytes | str | Path) -> str:
    """A hash of texts, bytes and files' contents (in order)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.read_bytes() if isinstance(part, Path) else part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()[:32]


def cached(kind: str, key: str, compute: Callable[[], object], keep: int = 4):
    """compute(), or the value stored under this kind and key by an earlier call (in any process).
    The `keep` most recently used files of the kind are kept (switching branches does not recompute)."""
    folder = cache_folder(kind)
    if folder is None:
        return compute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = open(folder / f"{key}.lock", "w")
    except OSError:  # a read-only project: compute every time
        return compute()
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        path = folder / f"{key}.pickle"
        if path.exists():
            os.utime(path)
            with open(path, "rb") as file:
                return pickle.load(file)
        value = compute()
        partial = folder / f"{key}.partial"
        with open(partial, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
        for old in sorted(folder.glob("*.pickle"), key=lambda item: item.stat().st_mtime)[:-keep]:
            old.unlink(missing_ok=True)
            old.with_suffix(".lock").unlink(missing_ok=True)
        return value
