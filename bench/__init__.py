"""Benchmarks of the generation pipeline and of the generated package (``make bench``).

A program, not a test: it measures, prints a table and writes it to
``bench/results.md``. ``python -m bench --help`` lists the options;
``bench.payloads`` builds the Stream-shaped JSON it parses.
"""
