#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A minimal portal: asks a citizen's wallet for exactly what a form needs
(OpenID4VP 1.0 with DCQL) and shows the form filled from the answer.

    flask_portal.py [--port 8080]      (serves http://127.0.0.1:PORT only)

Routes:
  GET  /start/<form_id>   starts a transaction for the form and renders the
                          openid4vp:// link (client_id + request_uri) for the wallet
  GET  /request/<id>      the signed request object (application/oauth-authz-req+jwt)
  POST /response          the wallet's direct_post (vp_token, state): verified,
                          then the filled form

The portal identifies itself with `verifier_attestation:` and a Verifier
Attestation its registration authority issued (here made up on the spot
with throw-away keys: demo only). It trusts the demo issuers of
examples/data. Transactions live in memory, each for at most 5 minutes and
one response.
"""
import argparse
import html
import os
import pathlib
import secrets
import threading

import gi

gi.require_version("Vneid", "1.0")
from flask import Flask, Response, abort, request  # noqa: E402
from gi.repository import GLib, Vneid  # noqa: E402

EXAMPLES = pathlib.Path(os.environ.get("VNEID_EXAMPLES_DATA",
                                       pathlib.Path(__file__).resolve().parents[1] / "data"))
AUTHORITY = "https://dangky.vneid.example"


class Portal:
    """What the portal keeps: its key and attestation, the verifier, the
    open transactions by state, the request objects by id."""

    def __init__(self, client_id, base_url, portal_key, attestation, verifier, registry):
        self.client_id = client_id
        self.base_url = base_url.rstrip("/")
        self.portal_key = portal_key
        self.attestation = attestation
        self.verifier = verifier
        self.registry = registry
        self.transactions = {}     # state -> (transaction, form_id)
        self.request_objects = {}  # id -> request object
        self.lock = threading.Lock()

    def start(self, form_id):
        query = Vneid.DcqlQuery.new_for_forms(self.registry, [form_id])
        req = Vneid.Openid4vpRequest.new(self.client_id, self.base_url + "/response", query, 0)
        request_id = secrets.token_urlsafe(16)
        with self.lock:
            self.request_objects[request_id] = req.sign(self.portal_key, self.attestation)
            self.transactions[req.get_state()] = (Vneid.Openid4vpTransaction.new(req), form_id)
        return req.make_link(f"{self.base_url}/request/{request_id}")

    def finish(self, vp_token, state):
        with self.lock:
            found = self.transactions.get(state)
        if found is None:
            raise LookupError("no transaction has this state")
        transaction, form_id = found
        profile = transaction.verify_response(self.verifier, vp_token, state)
        return self.registry.fill(form_id, profile), transaction.list_dropped_claims()


def page(title, body):
    return (f"<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"</head><body><h1>{html.escape(title)}</h1>{body}</body></html>")


def create_app(portal):
    app = Flask(__name__)

    @app.get("/start/<form_id>")
    def start(form_id):
        try:
            link = portal.start(form_id)
        except GLib.Error as e:
            abort(Response(page("Không có biểu mẫu / no such form", f"<p>{html.escape(e.message)}</p>"), 404))
        return page("Chia sẻ dữ liệu từ VNeID / share from your wallet",
                    f"<p>Mở bằng ví VNeID / open with your wallet:</p>"
                    f"<p><a id=\"wallet-link\" href=\"{html.escape(link)}\">{html.escape(link)}</a></p>")

    @app.get("/request/<request_id>")
    def request_object(request_id):
        with portal.lock:
            jwt = portal.request_objects.get(request_id)
        if jwt is None:
            abort(404)
        return Response(jwt, mimetype="application/oauth-authz-req+jwt")

    @app.post("/response")
    def response():
        vp_token, state = request.form.get("vp_token"), request.form.get("state")
        if not vp_token or not state:
            abort(Response(page("Thiếu dữ liệu / incomplete response", "<p>vp_token and state are required</p>"), 400))
        try:
            form, dropped = portal.finish(vp_token, state)
        except (LookupError, GLib.Error) as e:
            message = e.message if isinstance(e, GLib.Error) else str(e)
            abort(Response(page("Từ chối / refused", f"<p class=\"error\">{html.escape(message)}</p>"), 400))
        rows = "".join(
            f"<tr><td>{html.escape(f.get_name())}</td><td>{html.escape(f.get_value() or '')}</td>"
            f"<td>{html.escape(Vneid.field_status_to_string(f.get_status()))}</td></tr>"
            for f in form.get_fields())
        notes = "".join(f"<li>{html.escape(d)}</li>" for d in dropped)
        schema = form.get_schema()
        return page(schema.get_title(),
                    f"<table>{rows}</table>" + (f"<ul class=\"dropped\">{notes}</ul>" if notes else ""))

    return app


def demo_portal(base_url):
    """A portal with throw-away keys and an attestation for every bundled form."""
    registry = Vneid.PluginRegistry.new()
    registry.load_default()
    authority_key = Vneid.Key.generate("authority-demo")
    portal_key = Vneid.Key.generate("portal-demo")
    client_id = "verifier_attestation:portal.example"
    paths, vcts = set(), set()
    for form_id in registry.list_forms():
        query = Vneid.DcqlQuery.new_for_forms(registry, [form_id])
        paths.update(query.list_claim_paths())
        vcts.update(query.list_vcts())
    now = GLib.get_real_time() // 1_000_000
    attestation = Vneid.VerifierAttestation.issue(authority_key, AUTHORITY, client_id, portal_key,
                                                  "Cổng thử nghiệm / demo portal", "Điền sẵn biểu mẫu",
                                                  sorted(paths), sorted(vcts), now, now + 86400)
    store = Vneid.TrustStore.new()
    store.add_metadata_file(str(EXAMPLES / "population-db.metadata.json"))
    store.add_metadata_file(str(EXAMPLES / "vss-bhyt.metadata.json"))
    for issuer in store.list_issuers():
        store.allow_all_types(issuer)
    verifier = Vneid.Verifier.new(store)
    verifier.set_check_status(False)  # the demo credentials carry no status
    portal = Portal(client_id, base_url, portal_key, attestation, verifier, registry)
    return portal, authority_key


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    portal, _ = demo_portal(f"http://127.0.0.1:{args.port}")
    create_app(portal).run(host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
