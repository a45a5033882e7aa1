"""Synthetic projects of any size, and the benchmark that builds them."""
