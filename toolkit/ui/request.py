"""Wait for the visitor of a pre-heated Voila kernel, without importing Voila into the kernel.

``voila.utils.wait_for_request`` does the same, but importing it loads Jupyter Server, nbconvert
and more: about 50 MB and 1.5 s of CPU in every pooled kernel. This module speaks the same small
protocol: when Voila hands a warm kernel to a visitor, it sends the request's details (query
string, cookies, server name) over the ``voila/query/<kernel id>`` websocket; they become
environment variables, as in a kernel started for that request.
"""
from __future__ import annotations

import json
import os


def query_url() -> str:
    """The address of Voila's request-info socket for this kernel."""
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    ip = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL") or os.environ.get("VOILA_SERVER_URL", "/")
    return f"{protocol}://{ip}:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"


def wait_for_request(timeout: float | None = None) -> bool:
    """Block until Voila sends this pre-heated kernel its visitor's request; ``False`` when the
    kernel was not pre-heated (a notebook, a test, a kernel started for its request)."""
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return False
    from websockets.sync.client import connect

    try:
        with connect(query_url(), open_timeout=10, max_size=2**20) as socket:
            message = socket.recv(timeout=timeout)
    except (OSError, TimeoutError) as exc:
        # As Voila does: the page still renders, without the request's details.
        import logging

        logging.getLogger(__name__).warning("no request details from Voila: %s", exc)
        return False
    for key, value in json.loads(message).items():
        os.environ[key] = str(value)
    return True
