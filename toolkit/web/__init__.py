"""The participant page and its live updates, served by ``toolkit serve`` with no kernel."""
from toolkit.web.handlers import web_handlers

__all__ = ["web_handlers"]
