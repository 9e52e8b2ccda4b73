"""What ``toolkit serve`` adds to Voila so that no visitor can freeze it or exhaust the machine.

One concern per module: :mod:`~toolkit.guard.frames` (the kernel websocket's frame check),
:mod:`~toolkit.guard.websocket` (the websocket handler), :mod:`~toolkit.guard.kernels` (the
kernel cap and the cull of unconnected kernels), :mod:`~toolkit.guard.admission` (per-client
limits), :mod:`~toolkit.guard.busy` (the busy page), :mod:`~toolkit.guard.pages` (the page
handler that applies them) and :mod:`~toolkit.guard.banner` (the "connection lost" banner).
Only :mod:`frames`, :mod:`admission` and :mod:`busy` can be imported without Voila.
"""
