"""Maintenance commands of the rules (`python -m maintenance <command>`): semantic diff, freshness,
translation drift and source links. The site build (build_tools/) never imports this package."""
