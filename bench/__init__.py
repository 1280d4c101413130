"""Benchmark: jixiao against table-extraction peers on the sample PDFs (`make bench`)."""
