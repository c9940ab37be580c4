"""The static server of the built site (moved to harness/site.py, shared with bench/)."""
from harness.site import SiteServer

__all__ = ["SiteServer"]
