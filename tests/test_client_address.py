"""The visitor's address behind proxies: X-Forwarded-For is believed only from our own proxies."""

import pytest
from django.test import RequestFactory, override_settings

from mindful.client_address import client_ip
from mindful.spam import client_address_hash

VISITOR = "203.0.113.7"
CADDY = "127.0.0.1"
LOAD_BALANCER = "10.0.0.5"


def request_from(remote_addr, forwarded=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@override_settings(TRUSTED_PROXY_COUNT=0, TRUSTED_PROXIES=[])
def test_direct_visitor_is_remote_addr_and_a_sent_header_is_ignored():
    assert client_ip(request_from(VISITOR)) == VISITOR
    assert client_ip(request_from(VISITOR, forwarded="198.51.100.1")) == VISITOR


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=[])
def test_one_proxy_gives_the_address_it_received_the_request_from():
    assert client_ip(request_from(CADDY, forwarded=VISITOR)) == VISITOR


@override_settings(TRUSTED_PROXY_COUNT=2, TRUSTED_PROXIES=[])
def test_two_proxies_give_the_address_the_outer_one_saw():
    assert client_ip(request_from(CADDY, forwarded=f"{VISITOR}, {LOAD_BALANCER}")) == VISITOR


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=[])
def test_forged_header_behind_one_proxy_does_not_change_the_address():
    # The visitor sent "X-Forwarded-For: 1.2.3.4"; Caddy appended the real address.
    forged = request_from(CADDY, forwarded=f"1.2.3.4, {VISITOR}")
    assert client_ip(forged) == VISITOR


@override_settings(TRUSTED_PROXY_COUNT=2, TRUSTED_PROXIES=[])
def test_forged_header_behind_two_proxies_does_not_change_the_address():
    forged = request_from(CADDY, forwarded=f"1.2.3.4, 5.6.7.8, {VISITOR}, {LOAD_BALANCER}")
    assert client_ip(forged) == VISITOR


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=[])
def test_missing_header_behind_a_proxy_falls_back_to_remote_addr():
    assert client_ip(request_from(CADDY)) == CADDY


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=[])
def test_garbage_in_the_header_falls_back_to_remote_addr():
    assert client_ip(request_from(CADDY, forwarded="not-an-address")) == CADDY


@override_settings(TRUSTED_PROXY_COUNT=0, TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (VISITOR, None, VISITOR),  # direct
        (VISITOR, "1.2.3.4", VISITOR),  # direct, forged header: not from a proxy
        (CADDY, VISITOR, VISITOR),  # one proxy
        (CADDY, f"{VISITOR}, {LOAD_BALANCER}", VISITOR),  # two proxies
        (CADDY, f"1.2.3.4, {VISITOR}, {LOAD_BALANCER}", VISITOR),  # forged, two proxies
        (CADDY, f"{LOAD_BALANCER}", LOAD_BALANCER),  # only proxies: the furthest one
    ],
)
def test_list_of_proxy_addresses_skips_exactly_our_proxies(remote, forwarded, expected):
    assert client_ip(request_from(remote, forwarded)) == expected


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=[])
def test_address_hash_is_per_visitor_behind_the_proxy():
    one = client_address_hash(request_from(CADDY, forwarded=VISITOR))
    same = client_address_hash(request_from(CADDY, forwarded=f"9.9.9.9, {VISITOR}"))
    other = client_address_hash(request_from(CADDY, forwarded="198.51.100.2"))
    assert one == same != other
    assert VISITOR not in one
