# SPDX-License-Identifier: LGPL-2.1-or-later
"""Profiles and attributes with provenance, from Python."""
import datetime

import pytest
from gi.repository import GLib, Vneid

from conftest import AUDIENCE, NONCE


@pytest.fixture
def mai(trust_store, present):
    verifier = Vneid.Verifier(trust_store)
    presentations = [present("tran-thi-mai", kind) for kind in ("pid", "cccd", "contact", "bhyt")]
    return Vneid.Profile.new_from_presentations(verifier, presentations, NONCE, AUDIENCE)


def test_mapping_protocol(mai):
    assert mai["address.region"].value == "Thành phố Hà Nội"
    assert mai["address.region"].source == "population-db"
    assert mai["name"].source == "cccd-chip"
    assert mai["email"].source == "self-asserted"
    assert not mai["email"].get_verified()
    assert "bhyt_number" in mai
    assert "nonexistent.path" not in mai
    with pytest.raises(KeyError):
        mai["nonexistent.path"]
    paths = list(mai)
    assert paths[0] == "personal_administrative_number"
    assert len(mai) == len(paths) == len(mai.keys())
    assert all(attribute.get_path() == path for path, attribute in mai.items())


def test_typed_accessors(mai):
    assert mai.get_level() == 2
    assert mai.get_sex() == Vneid.Sex.FEMALE
    assert mai.dup_birthdate() == datetime.date(1985, 3, 8)
    assert mai.dup_birthdate().to_date() == datetime.date(1985, 3, 8)
    assert mai.get_personal_id().get_province_name() == "Hà Nội"
    assert mai.get_bhyt_number().get_benefit_level() == 4
    assert mai.dup_address(Vneid.AddressKind.PERMANENT).get_district() is None
    on = Vneid.Date.from_date(datetime.date(2026, 11, 27))
    assert mai.get_bhyt_validity(on) == Vneid.BhytValidity.VALID


def test_conflicts_are_reported(mai):
    assert "address.district" in mai.list_conflicts()
    kept = mai["address.locality"]
    assert [c.get_source_kind() for c in kept.get_conflicts()] == [Vneid.SourceKind.CCCD_CHIP]


def test_to_dict(mai):
    data = mai.to_dict()
    assert data["level"] == 2
    assert data["attributes"]["name"]["source"] == "cccd-chip"
    assert {c["vct"] for c in data["credentials"]} >= {"urn:vn:vneid:pid:1", "urn:vn:bhyt:card:1"}


def test_year_only_birthdate(trust_store, present):
    profile = Vneid.Profile.new_from_presentations(
        Vneid.Verifier(trust_store), [present("vu-dinh-thanh", "pid")], NONCE, AUDIENCE)
    birthdate = profile.dup_birthdate()
    assert str(birthdate) == "1938"
    assert birthdate.get_month() == 0
    with pytest.raises(ValueError):
        birthdate.to_date()


def test_mixed_subjects_fail(trust_store, present):
    with pytest.raises(GLib.Error) as raised:
        Vneid.Profile.new_from_presentations(
            Vneid.Verifier(trust_store),
            [present("tran-thi-mai", "pid"), present("pham-quoc-bao", "bhyt")], NONCE, AUDIENCE)
    assert raised.value.matches(Vneid.profile_error_quark(), Vneid.ProfileError.SUBJECT_MISMATCH)


def test_identity_parsers():
    personal_id = Vneid.PersonalId.parse("001185034517")
    assert (personal_id.get_birth_year(), personal_id.get_sex()) == (1985, Vneid.Sex.FEMALE)
    with pytest.raises(GLib.Error) as raised:
        Vneid.PersonalId.parse("999185034517")
    assert raised.value.matches(Vneid.identity_error_quark(), Vneid.IdentityError.INVALID_PERSONAL_ID)
    card = Vneid.BhytNumber.parse("DN4010123456789")
    assert (card.get_participant_type(), card.get_benefit_level()) == ("DN", 4)


def test_claim_registry(mai):
    assert Vneid.VCT_PID == "urn:vn:vneid:pid:1"
    assert Vneid.VCT_CCCD == "urn:vn:vneid:cccd:1"
    assert Vneid.VCT_CONTACT == "urn:vn:vneid:contact:1"
    assert Vneid.VCT_BHYT == "urn:vn:bhyt:card:1"
    assert Vneid.claims_list_vcts() == [Vneid.VCT_PID, Vneid.VCT_CCCD, Vneid.VCT_CONTACT, Vneid.VCT_BHYT]
    assert Vneid.claims_list_vcts_for_path("address.region") == [Vneid.VCT_PID, Vneid.VCT_CCCD]
    assert Vneid.claims_list_vcts_for_path("no.such.path") == []
    # best first: the credential the profile keeps a claim from
    assert Vneid.claims_list_suppliers("name") == [Vneid.VCT_CCCD, Vneid.VCT_PID, Vneid.VCT_BHYT]
    assert Vneid.claims_list_suppliers("address.region") == [Vneid.VCT_PID, Vneid.VCT_CCCD]
    assert Vneid.claims_list_suppliers("no.such.path") == []
    assert Vneid.claims_get_source_kind(Vneid.VCT_BHYT) == (True, Vneid.SourceKind.BHYT_DB)
    assert Vneid.claims_get_source_kind("urn:example")[0] is False
    assert Vneid.claims_is_date("valid_until") and not Vneid.claims_is_date("name")
    known = Vneid.claims_list_paths()
    # every attribute of a profile is a known path, listed in the registry's order
    assert [path for path in known if path in mai] == list(mai)
    assert all(Vneid.claims_is_known_path(path) for path in mai)
    # each credential in the profile is one of the known types, with its source kind
    for credential in mai.get_credentials():
        found, kind = Vneid.claims_get_source_kind(credential.get_vct())
        assert found and Vneid.source_kind_to_string(kind) in ("population-db", "cccd-chip",
                                                               "self-asserted", "bhyt-db")


def test_bounded_file_reader(tmp_path):
    path = tmp_path / "small.json"
    path.write_bytes(b'{"a": 1}')
    assert bytes(Vneid.file_read_bounded(str(path), 8, "test file")) == b'{"a": 1}'
    with pytest.raises(GLib.Error) as raised:
        Vneid.file_read_bounded(str(path), 7, "test file")
    assert raised.value.matches(Vneid.file_error_quark(), Vneid.FileError.TOO_LARGE)
    assert "over the limit of 7 bytes" in raised.value.message
    with pytest.raises(GLib.Error) as raised:
        Vneid.file_read_bounded(str(tmp_path), 1024, None)
    assert raised.value.matches(Vneid.file_error_quark(), Vneid.FileError.NOT_REGULAR)
