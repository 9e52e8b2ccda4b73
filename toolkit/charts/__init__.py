"""Chart functions, one module per chart family; each returns a ``matplotlib.figure.Figure``.

Figures are built with ``Figure()``, never pyplot state, so they are safe in any kernel and
in tests without a display.
"""
