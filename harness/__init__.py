"""What the tests (tests/) and the benchmarks (bench/) share: the strict site build, the static
server that serves it under a sub-path, the Chromium launch, the JavaScript engine runners.

A top-level package, not tests/harness: bench/ must run without importing the test suite (its
conftest.py, its pytest fixtures), and tests/ and bench/ then both depend on this one package.
Nothing here imports pytest.
"""
