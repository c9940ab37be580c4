"""Site build tools: the page generator and the MkDocs hook helpers."""

LANGUAGES = ("en", "fr", "fa")
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = ("fa",)
