# SPDX-License-Identifier: LGPL-2.1-or-later
"""examples/python/flask_portal.py with Flask's test client, and the wallet
side through the Python API: the whole OpenID4VP exchange."""
import pathlib
import re
import sys
import urllib.parse

import pytest
from gi.repository import Vneid

flask = pytest.importorskip("flask", reason="python3-flask is needed for the portal example")
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "examples" / "python"))
import flask_portal  # noqa: E402

from conftest import EXAMPLES  # noqa: E402


@pytest.fixture()
def portal():
    portal, authority_key = flask_portal.demo_portal("http://127.0.0.1:8080")
    authorities = Vneid.TrustStore.new()
    authorities.add_key(flask_portal.AUTHORITY, authority_key.dup_public())
    return portal, authorities, flask_portal.create_app(portal).test_client()


def wallet_answer(client, authorities, issue, slug="tran-thi-mai"):
    """Follows the link as a wallet does: fetch, check, consent, answer."""
    start = client.get("/start/vn.bca.ct01")
    assert start.status_code == 200
    link = re.search(r'id="wallet-link" href="([^"]+)"', start.get_data(as_text=True)).group(1)
    params = urllib.parse.parse_qs(urllib.parse.urlparse(link.replace("&amp;", "&")).query)
    assert params["client_id"] == ["verifier_attestation:portal.example"]
    request_uri = urllib.parse.urlparse(params["request_uri"][0])
    fetched = client.get(request_uri.path)
    assert fetched.status_code == 200
    assert fetched.mimetype == "application/oauth-authz-req+jwt"

    req = Vneid.Openid4vpRequest.parse(fetched.get_data(as_text=True))
    assert req.verify(authorities, 0)
    credentials = [Vneid.Credential.new(issue(slug, kind)) for kind in ("pid", "cccd", "contact", "bhyt")]
    consent = Vneid.Openid4vpConsent.new(req, credentials)
    holder = Vneid.Key.new_from_file(str(EXAMPLES / "citizens" / slug / "wallet.jwk"))
    return req, consent, consent.build_vp_token(holder, 0)


def test_portal_fills_the_form_from_the_wallet(portal, issue):
    _, authorities, client = portal
    req, consent, vp_token = wallet_answer(client, authorities, issue)
    summary = consent.to_json_object()
    assert summary.get_object_member("verifier").get_string_member("registered_name").startswith("Cổng")
    posted = client.post("/response", data={"vp_token": vp_token, "state": req.get_state()})
    text = posted.get_data(as_text=True)
    assert posted.status_code == 200, text
    assert "Trần Thị Mai" in text and "verified" in text
    assert "001185034517" in text
    # only what CT01 reads came: no BHYT card number anywhere
    assert "bhyt" not in vp_token

    again = client.post("/response", data={"vp_token": vp_token, "state": req.get_state()})
    assert again.status_code == 400
    assert "already had its response" in again.get_data(as_text=True)


def test_portal_refuses_a_wrong_state_and_a_forged_request(portal, issue):
    _, authorities, client = portal
    req, _, vp_token = wallet_answer(client, authorities, issue)
    wrong = client.post("/response", data={"vp_token": vp_token, "state": "not-the-state"})
    assert wrong.status_code == 400
    assert "no transaction" in wrong.get_data(as_text=True)
    assert client.post("/response", data={"state": req.get_state()}).status_code == 400
    assert client.get("/start/vn.example.none").status_code == 404

    other = Vneid.TrustStore.new()
    other.add_key(flask_portal.AUTHORITY, Vneid.Key.generate("someone-else").dup_public())
    start = client.get("/start/vn.bca.ct01").get_data(as_text=True)
    path = urllib.parse.unquote(re.search(r"request_uri=([^\"&]+)", start).group(1))
    jwt = client.get(urllib.parse.urlparse(path).path).get_data(as_text=True)
    with pytest.raises(Exception) as refused:
        Vneid.Openid4vpRequest.parse(jwt).verify(other, 0)
    assert "signature does not verify" in str(refused.value)
