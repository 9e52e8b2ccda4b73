"""Performance benchmarks of the workshop toolkit (``make bench``)."""
