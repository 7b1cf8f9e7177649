"""Fixtures of the report tests: one headless Chromium per test worker."""

from .chromium import chromium  # noqa: F401  (a pytest fixture)
