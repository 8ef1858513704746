"""Benchmarks: run with ``make bench``; a short smoke run is part of ``make test``."""
