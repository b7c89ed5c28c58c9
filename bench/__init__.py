"""Benchmarks and the round-trip corpus generator (not part of the installed package)."""
