#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Verify a citizen's presentations and print the verified profile.

    verify_profile.py [--nonce N --audience A] PRESENTATION_FILE...

Trusts the demo authority of examples/data (demo keys only, never trust them
outside a demo). Without files it issues and presents the demo citizen
Trần Thị Mai's PID, e-CCCD, contact and BHYT credentials itself.
"""
import argparse
import pathlib

import gi

gi.require_version("Vneid", "1.0")
from gi.repository import GLib, Vneid  # noqa: E402

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
POPULATION_DB, BHYT = "https://id.vneid.example", "https://bhyt.baohiemxahoi.example"
TYPES = {"pid": "urn:vn:vneid:pid:1", "cccd": "urn:vn:vneid:cccd:1",
         "contact": "urn:vn:vneid:contact:1", "bhyt": "urn:vn:bhyt:card:1"}


def demo_trust_store():
    store = Vneid.TrustStore.new()
    store.add_metadata_file(str(DATA / "population-db.metadata.json"))
    store.add_metadata_file(str(DATA / "vss-bhyt.metadata.json"))
    for kind, vct in TYPES.items():
        store.allow(vct, BHYT if kind == "bhyt" else POPULATION_DB)
    return store


def demo_presentations(slug, nonce, audience):
    """What a wallet would send: each credential, every claim, with a KB-JWT."""
    folder = DATA / "citizens" / slug
    wallet = Vneid.Key.new_from_file(str(folder / "wallet.jwk"))
    for kind, vct in TYPES.items():
        claims = folder / f"{kind}.json"
        if not claims.exists():
            continue
        issuer, key = (BHYT, "vss-bhyt") if kind == "bhyt" else (POPULATION_DB, "population-db")
        builder = Vneid.CredentialBuilder.new_from_json(vct, claims.read_text())
        builder.set_all_disclosable(True)
        builder.set_holder_key(wallet)
        issued = builder.build(Vneid.Key.new_from_file(str(DATA / "keys" / f"{key}.jwk")), issuer)
        credential = Vneid.Credential.new(issued)
        yield credential.present(credential.get_disclosable_paths(), wallet, nonce, audience, 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("presentations", nargs="*", type=pathlib.Path)
    parser.add_argument("--nonce", default="example-nonce")
    parser.add_argument("--audience", default="https://dichvucong.example")
    args = parser.parse_args()

    if args.presentations:
        texts = [path.read_text().strip() for path in args.presentations]
    else:
        texts = list(demo_presentations("tran-thi-mai", args.nonce, args.audience))

    verifier = Vneid.Verifier(demo_trust_store())
    try:
        profile = Vneid.Profile.new_from_presentations(verifier, texts, args.nonce, args.audience)
    except GLib.Error as error:
        raise SystemExit(f"rejected: {error.message}")

    print(f"{profile.get_name()} — level {profile.get_level()}, "
          f"born {profile.dup_birthdate()} in {profile.get_personal_id().get_province_name()}")
    for path, attribute in profile.items():
        print(f"  {path:44} {str(attribute.value):48.48} {attribute.source}")
    for path in profile.list_conflicts():
        print(f"  conflict: {path}")


if __name__ == "__main__":
    main()
