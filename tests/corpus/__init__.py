"""Tests of the round-trip corpus generator (bench/corpus)."""
