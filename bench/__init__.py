"""Benchmarks that print tables; run them all with ``make bench`` or one with
``python -m bench NAME`` (NAME is a module here without its ``bench_`` prefix)."""
