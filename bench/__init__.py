"""Studio's benchmarks; run them with ``python -m bench.run`` (see bench/README.md)."""
