"""The base URL of every link and QR code (``toolkit.core.urls``), the address ``toolkit serve``
gives the room (``toolkit.serve.addresses``), and ``example_for``."""
from __future__ import annotations

import ipaddress

import psutil
import pytest

from toolkit.core import urls
from toolkit.core.errors import NotFoundError, ValidationError
from toolkit.core.examples import example_for
from toolkit.core.urls import check_base_path
from toolkit.serve import addresses, lan_address


@pytest.mark.parametrize(("given", "expected"), [
    ("https://workshop.example.org/", "https://workshop.example.org"),
    ("http://192.168.1.20:8866", "http://192.168.1.20:8866"),
    (" https://example.org/team/workshop/ ", "https://example.org/team/workshop"),
    ("http://[fd00::5]:8866", "http://[fd00::5]:8866"),
])
def test_public_urls(given, expected):
    assert urls.check_public_url(given) == expected


@pytest.mark.parametrize("given", ["workshop.example.org", "ftp://example.org", "http://", "http://host:port",
                                   "https://example.org/?a=1", "javascript:alert(1)", "http://x/" + "a" * 300, ""])
def test_what_is_not_a_public_url(given):
    with pytest.raises(ValidationError) as raised:
        urls.check_public_url(given)
    assert "is not a base address" in str(raised.value)
    assert "is geen basisadres" in raised.value.in_language("nl")


def test_the_configured_url_wins(monkeypatch):
    monkeypatch.delenv(urls.PUBLIC_URL_ENV, raising=False)
    assert urls.public_base_url("http://127.0.0.1:8866/") == "http://127.0.0.1:8866"
    monkeypatch.setenv(urls.PUBLIC_URL_ENV, "https://room.example.org/")
    assert urls.public_base_url("http://127.0.0.1:8866") == "https://room.example.org"
    assert urls.join_url(urls.public_base_url("x"), "ABC123") == "https://room.example.org/j/ABC123"
    assert urls.facilitator_url("https://room.example.org", "ABC123", "en") == (
        "https://room.example.org/voila/render/live.ipynb?session=ABC123&view=facilitator&lang=en")


def test_the_facilitator_qr_code_uses_the_configured_url(monkeypatch):
    from toolkit.ui.browser import server_base_url

    monkeypatch.setenv("SERVER_NAME", "127.0.0.1")
    monkeypatch.setenv("SERVER_PORT", "8870")
    monkeypatch.delenv(urls.PUBLIC_URL_ENV, raising=False)
    assert server_base_url() == "http://127.0.0.1:8870"
    monkeypatch.setenv(urls.PUBLIC_URL_ENV, "http://10.0.0.7:8870")
    assert server_base_url() == "http://10.0.0.7:8870"


def test_the_announced_server(store):
    assert urls.announced_server(store) is None
    urls.announce_server(store, "http://127.0.0.1:9001")
    urls.announce_server(store, "https://room.example.org")
    assert urls.announced_server(store) == "https://room.example.org"


def test_the_address_for_the_room(monkeypatch):
    monkeypatch.delenv(urls.PUBLIC_URL_ENV, raising=False)
    assert lan_address("127.0.0.1") is None and lan_address("localhost") is None
    assert lan_address("10.1.2.3") == "10.1.2.3"
    found = lan_address("0.0.0.0")  # noqa: S104 (not listened on: the name of every interface)
    mine = {a.address for addresses_ in psutil.net_if_addrs().values() for a in addresses_}
    assert found is None or (found in mine and not ipaddress.ip_address(found).is_loopback)
    assert addresses(8866, "127.0.0.1", None) == ("http://127.0.0.1:8866", None)
    assert addresses(8866, "10.1.2.3", None) == ("http://10.1.2.3:8866", "http://10.1.2.3:8866")
    assert addresses(8866, "127.0.0.1", "https://room.example.org/") == (
        "http://127.0.0.1:8866", "https://room.example.org")
    monkeypatch.setenv(urls.PUBLIC_URL_ENV, "https://env.example.org")
    assert addresses(8866, "10.1.2.3", None)[1] == "https://env.example.org"


def test_every_workshop_with_an_example_finds_it():
    assert example_for("dna-mapping").name == "dna-insurer.yaml"
    with pytest.raises(NotFoundError):
        example_for("no-such-workshop")


@pytest.mark.parametrize(("given", "expected"), [("/", "/"), ("", "/"), ("user/ann/workshop", "/user/ann/workshop/"),
                                                 ("/user/ann/workshop/", "/user/ann/workshop/")])
def test_base_paths(given, expected):
    assert check_base_path(given) == expected


@pytest.mark.parametrize("given", ["/a/../b", "/a b/", "/<script>/", "/a?b"])
def test_what_is_not_a_base_path(given):
    with pytest.raises(ValidationError) as raised:
        check_base_path(given)
    assert "is not a path prefix" in str(raised.value) and "is geen padvoorvoegsel" in raised.value.in_language("nl")


def test_a_base_path_is_part_of_every_address(monkeypatch):
    from toolkit.ui.browser import server_base_url

    monkeypatch.delenv(urls.PUBLIC_URL_ENV, raising=False)
    assert addresses(8866, "10.1.2.3", None, "/user/ann/workshop/") == (
        "http://10.1.2.3:8866/user/ann/workshop", "http://10.1.2.3:8866/user/ann/workshop")
    monkeypatch.setenv("SERVER_NAME", "hub.example.org")
    monkeypatch.setenv("SERVER_PORT", "443")
    monkeypatch.setenv("VOILA_BASE_URL", "/user/ann/workshop/")
    assert server_base_url() == "http://hub.example.org:443/user/ann/workshop"
