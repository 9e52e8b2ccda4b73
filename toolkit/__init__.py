"""Workshop toolkit: joint workshops for marketing, specialists, IT and customer service."""

__version__ = "0.1.0"
