"""The benchmarks: scripts run by hand (``.venv/bin/python benchmarks/X.py``), and a package so that
the tests import their scoring helpers (``from benchmarks.attribution import score_seed``)."""
