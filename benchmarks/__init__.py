"""Benchmarks on large synthetic data: ``make bench`` (results in docs/benchmarks.md)."""
