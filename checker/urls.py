"""The one rule for a source URL, shared by the rules loader and the link checker (maintenance)."""

from __future__ import annotations

from urllib.parse import urlsplit


def url_problem(url) -> str | None:
    """Why a source URL is not acceptable, or None."""
    if not isinstance(url, str):
        return "is not a text"
    if url != url.strip() or any(char.isspace() for char in url):
        return "contains spaces"
    parts = urlsplit(url)
    if parts.scheme != "https":
        return "must start with https://"
    host = parts.hostname or ""
    if not host or "." not in host or host.startswith(".") or host.endswith("."):
        return "has no valid host name"
    if parts.username or parts.password:
        return "must not contain a user name or password"
    return None
