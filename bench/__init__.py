"""Benchmarks: each module has `run() -> list[str]` and prints figures and ratios against a
baseline measured in the same run. `python -m bench` runs them all; `python -m bench NAME` one."""
