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


def preheated() -> bool:
    """Whether this kernel was started for Voila's warm pool (its visitor is not known yet)."""
    return os.environ.get("VOILA_PREHEAT", "False") != "False"


def _apply(message: str | bytes) -> None:
    for key, value in json.loads(message).items():
        os.environ[key] = str(value)


def _no_details(exc: BaseException) -> bool:
    # As Voila does: the page still renders, without the request's details.
    import logging

    logging.getLogger(__name__).warning("no request details from Voila: %s", exc)
    return False


async def request_arrived(timeout: float | None = None) -> bool:
    """Wait until Voila sends this pre-heated kernel its visitor's request, on the kernel's event
    loop (the notebook's cells can end before the visitor arrives); ``False`` when the kernel was
    not pre-heated (a notebook, a test, a kernel started for its request) or no details came."""
    if not preheated():
        return False
    import asyncio

    from tornado.websocket import WebSocketClosedError, websocket_connect

    try:
        socket = await asyncio.wait_for(websocket_connect(query_url(), max_message_size=2**20), 10)
    except (OSError, TimeoutError) as exc:
        return _no_details(exc)
    try:
        message = await asyncio.wait_for(socket.read_message(), timeout)
    except (OSError, TimeoutError, WebSocketClosedError) as exc:
        return _no_details(exc)
    finally:
        socket.close()
    if message is None:
        return _no_details(ConnectionError("the socket closed before the request arrived"))
    _apply(message)
    return True
