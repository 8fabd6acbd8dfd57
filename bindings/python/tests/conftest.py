# SPDX-License-Identifier: LGPL-2.1-or-later
import json
import os
import pathlib

import gi

gi.require_version("Vneid", "1.0")
gi.require_version("Json", "1.0")

import pytest  # noqa: E402
from gi.repository import Vneid  # noqa: E402

EXAMPLES = pathlib.Path(
    os.environ.get("VNEID_EXAMPLES_DATA", pathlib.Path(__file__).parents[3] / "examples" / "data")
)
POPULATION_DB = "https://id.vneid.example"
BHYT_ISSUER = "https://bhyt.baohiemxahoi.example"
VCTS = {
    "pid": ("urn:vn:vneid:pid:1", POPULATION_DB, "population-db"),
    "cccd": ("urn:vn:vneid:cccd:1", POPULATION_DB, "population-db"),
    "contact": ("urn:vn:vneid:contact:1", POPULATION_DB, "population-db"),
    "bhyt": ("urn:vn:bhyt:card:1", BHYT_ISSUER, "vss-bhyt"),
}
NONCE = "pytest-nonce-7d1e"
AUDIENCE = "https://dichvucong.example"


def key_file(name):
    return Vneid.Key.new_from_file(str(EXAMPLES / "keys" / f"{name}.jwk"))


@pytest.fixture(scope="session")
def trust_store():
    store = Vneid.TrustStore.new()
    store.add_metadata_file(str(EXAMPLES / "population-db.metadata.json"))
    store.add_metadata_file(str(EXAMPLES / "vss-bhyt.metadata.json"))
    for vct, issuer, _ in VCTS.values():
        store.allow(vct, issuer)
    return store


@pytest.fixture(scope="session")
def issue():
    """issue(slug, kind) → the citizen's credential of that kind, every claim disclosable."""
    keys = {name: key_file(name) for name in ("population-db", "vss-bhyt")}
    cache = {}

    def make(slug, kind):
        if (slug, kind) not in cache:
            vct, issuer, key_name = VCTS[kind]
            folder = EXAMPLES / "citizens" / slug
            builder = Vneid.CredentialBuilder.new_from_json(vct, (folder / f"{kind}.json").read_text())
            builder.set_all_disclosable(True)
            builder.set_holder_key(Vneid.Key.new_from_file(str(folder / "wallet.jwk")))
            cache[(slug, kind)] = builder.build(keys[key_name], issuer)
        return cache[(slug, kind)]

    return make


@pytest.fixture(scope="session")
def present(issue):
    """present(slug, kind, paths=None) → a presentation with a KB-JWT for NONCE/AUDIENCE."""

    def make(slug, kind, paths=None):
        credential = Vneid.Credential.new(issue(slug, kind))
        wallet = Vneid.Key.new_from_file(str(EXAMPLES / "citizens" / slug / "wallet.jwk"))
        chosen = credential.get_disclosable_paths() if paths is None else paths
        return credential.present(chosen, wallet, NONCE, AUDIENCE, 0)

    return make


def citizen_claims(slug, kind):
    return json.loads((EXAMPLES / "citizens" / slug / f"{kind}.json").read_text())


def citizen_kinds(slug):
    """The kinds of credential the demo citizen has (pid, cccd, contact, bhyt)."""
    return [kind for kind in VCTS if (EXAMPLES / "citizens" / slug / f"{kind}.json").exists()]


@pytest.fixture(scope="session")
def citizen_profile(trust_store, present):
    """citizen_profile(slug) → the verified profile from all the citizen's presentations."""
    cache = {}

    def make(slug):
        if slug not in cache:
            presentations = [present(slug, kind) for kind in citizen_kinds(slug)]
            cache[slug] = Vneid.Profile.new_from_presentations(
                Vneid.Verifier(trust_store), presentations, NONCE, AUDIENCE)
        return cache[slug]

    return make


@pytest.fixture(scope="session")
def registry():
    """The bundled plugins, found on VNEID_PLUGIN_PATH (the build tree's, or the installed ones)."""
    registry = Vneid.PluginRegistry.new()
    registry.load_default()
    return registry


BUNDLED_FORMS = ["vn.bca.ct01", "vn.bca.tk01", "vn.bhxh.bhyt-checkin",
                 "vn.mic.sim-registration", "vn.sbv.bank-account"]
CITIZENS = sorted(path.name for path in (EXAMPLES / "citizens").iterdir() if path.is_dir())
