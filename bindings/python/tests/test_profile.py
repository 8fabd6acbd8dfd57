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
