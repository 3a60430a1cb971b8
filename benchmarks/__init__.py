"""Benchmarks on large synthetic data: ``make bench`` runs ``benchmarks.suite`` (targets, docs/benchmarks.md);
``make bench-apps`` the per-app modules here (detail, docs/benchmarks-<app>.md)."""
