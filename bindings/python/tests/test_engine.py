# SPDX-License-Identifier: LGPL-2.1-or-later
"""Keys, issuing, presenting and verifying through GObject Introspection."""
import json

import pytest
from gi.repository import GLib, Vneid

from conftest import AUDIENCE, NONCE, POPULATION_DB, citizen_claims


def test_key_round_trip():
    key = Vneid.Key.generate("k1")
    assert key.props.has_private
    public = Vneid.Key.new_from_jwk(key.to_jwk(False))
    assert not public.has_private()
    assert public.get_kid() == "k1"
    assert "d" not in json.loads(public.to_jwk(True))
    assert public.equal(key)
    assert len(key.get_thumbprint()) == 43
    signature = key.sign(b"xin chao")
    assert public.verify(b"xin chao", signature.get_data())
    assert not public.verify(b"xin chao!", signature.get_data())


def test_invalid_jwk_raises_key_error():
    with pytest.raises(GLib.Error) as raised:
        Vneid.Key.new_from_jwk('{"kty":"RSA"}')
    assert raised.value.matches(Vneid.key_error_quark(), Vneid.KeyError.INVALID_JWK)
    assert "RSA" in raised.value.message


def test_verify_with_keyword_policy(trust_store, present):
    verifier = Vneid.Verifier(trust_store, nonce=NONCE, audience=AUDIENCE, leeway=30)
    assert verifier.props.leeway == 30
    verified = verifier.verify(present("tran-thi-mai", "pid", ["name", "birthdate"]))
    assert verified.get_key_bound()
    assert verified.get_issuer() == POPULATION_DB
    payload = verified.payload
    assert payload["name"] == "Trần Thị Mai"
    assert payload["birthdate"] == citizen_claims("tran-thi-mai", "pid")["birthdate"]
    assert "address" not in payload and "_sd" not in payload


@pytest.mark.parametrize(
    "nonce, audience, code",
    [
        ("other", AUDIENCE, Vneid.CredentialError.NONCE_MISMATCH),
        (NONCE, "https://other.example", Vneid.CredentialError.AUDIENCE_MISMATCH),
    ],
)
def test_rejections_are_glib_errors(trust_store, present, nonce, audience, code):
    verifier = Vneid.Verifier(trust_store)
    with pytest.raises(GLib.Error) as raised:
        verifier.verify_with_nonce(present("tran-thi-mai", "pid"), nonce, audience)
    assert raised.value.domain == "vneid-credential-error-quark"
    assert raised.value.code == int(code)


def test_untrusted_issuer(present):
    with pytest.raises(GLib.Error) as raised:
        Vneid.Verifier().verify(present("tran-thi-mai", "pid"))
    assert raised.value.matches(Vneid.credential_error_quark(), Vneid.CredentialError.UNTRUSTED_ISSUER)


def test_holder_claims_view(issue):
    credential = Vneid.Credential.new(issue("le-minh-khoa", "pid"))
    assert credential.claims["name"] == "Lê Minh Khoa"
    assert "address.region" in credential.get_disclosable_paths() or "address" in credential.get_disclosable_paths()


def test_status_list_round_trip(trust_store):
    status = Vneid.StatusList.new(2, 16)
    status.set(3, Vneid.Status.SUSPENDED)
    token = status.to_token(Vneid.Key.new_from_file(str(__import__("conftest").EXAMPLES / "keys" / "population-db.jwk")),
                            POPULATION_DB, "https://id.vneid.example/status/1", 0, 0)
    parsed = Vneid.StatusList.new_from_token(token, trust_store, 0)
    assert parsed.get(3) == Vneid.Status.SUSPENDED
    assert parsed.get(4) == Vneid.Status.VALID
    with pytest.raises(GLib.Error):
        parsed.get(16)
