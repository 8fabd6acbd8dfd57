# SPDX-License-Identifier: LGPL-2.1-or-later
"""Filling the bundled forms from Python, through the plugin registry."""
import datetime
import os

import pytest
from gi.repository import GLib, Vneid

from conftest import BUNDLED_FORMS, CITIZENS

STATUSES = {"verified", "self-asserted", "missing", "needs-level-2", "invalid"}


def test_registry_loads_the_bundled_plugins(registry):
    # The build tree's plugins (VNEID_PLUGIN_PATH), or those an installed
    # library finds by itself (scripts/test-installed.sh names their folder):
    # never others by accident.
    expected = os.environ.get("VNEID_PLUGIN_PATH") or os.environ.get("VNEID_TEST_INSTALLED_PLUGINS")
    assert expected, "the suite runs with VNEID_PLUGIN_PATH or VNEID_TEST_INSTALLED_PLUGINS set"
    for name in registry.plugins:
        assert registry.get_plugin_info(name).get_folder().startswith(expected.rstrip("/") + "/")
    assert registry.errors == []
    assert registry.forms == BUNDLED_FORMS == list(registry.list_forms())
    assert registry.plugins == ["bank-account", "bhyt-checkin", "ct01", "sim-registration", "tk01"]
    assert "vn.bca.ct01" in registry and "vn.example.nothing" not in registry
    assert isinstance(registry["vn.bca.ct01"], Vneid.FormMapper)
    assert isinstance(registry["vn.bca.ct01"], Vneid.DeclarativeMapper)
    with pytest.raises(KeyError):
        registry["vn.example.nothing"]


@pytest.mark.parametrize("form_id", BUNDLED_FORMS)
@pytest.mark.parametrize("slug", CITIZENS)
def test_every_bundled_form_fills_for_every_citizen(registry, citizen_profile, form_id, slug):
    profile = citizen_profile(slug)
    form = registry.fill(form_id, profile)
    schema = form.get_schema()
    assert schema.get_id() == form_id
    assert form.get_level() == profile.get_level()

    data = form.to_dict()
    assert data["form"] == form_id and data["level"] == profile.get_level()
    assert [entry["name"] for entry in data["fields"]] == [field.name for field in form]
    assert data["missing"] == form.missing == list(form.list_missing())
    assert len(form) == len(data["fields"])
    for field, entry in zip(form, data["fields"]):
        assert form[field.name] is field
        assert field.status in STATUSES
        assert field.status == entry["status"] == Vneid.field_status_to_string(field.get_status())
        assert field.value == entry["value"]
        assert field.read_only == entry["read_only"] == (field.status == "verified")
        assert [a.to_dict()["source"] for a in field.sources] == [s["source"] for s in entry["sources"]]
        if field.status in ("verified", "self-asserted") and field.get_field().get_field_type() != Vneid.FieldType.GROUP:
            assert field.value
        if field.status == "verified" and field.sources:
            assert all(a.get_verified() for a in field.sources)
        if field.status in ("missing", "needs-level-2"):
            assert field.value is None
    # Every top-level field of the schema is on the form, in schema order.
    top = [field.name for field in form if "[" not in field.name]
    assert top == [field.name for field in schema]
    if schema.get_min_level() == 2 and profile.get_level() < 2:
        assert {field.status for field in form} == {"needs-level-2"}


def test_ct01_for_a_level_2_citizen(registry, citizen_profile):
    form = registry.fill("vn.bca.ct01", citizen_profile("tran-thi-mai"))

    full_name = form["full_name"]
    assert isinstance(full_name, Vneid.FilledField)
    assert (full_name.value, full_name.status, full_name.read_only) == ("Trần Thị Mai", "verified", True)
    assert full_name.get_status() == Vneid.FieldStatus.VERIFIED
    assert full_name.label == "Họ, chữ đệm và tên"
    [source] = full_name.sources
    assert (source.get_path(), source.source, source.value) == ("name", "cccd-chip", "Trần Thị Mai")

    assert (form["birth_date"].value, form["birth_date"].status) == ("08/03/1985", "verified")
    assert form["sex"].value == "2"
    assert form["household_head_id"].value == "001185034517"
    assert form["household_head_id"].sources[0].source == "population-db"

    phone = form["phone"]
    assert (phone.value, phone.status, phone.read_only) == ("+84912000185", "self-asserted", False)
    assert phone.sources[0].source == "self-asserted" and not phone.sources[0].get_verified()

    authority = form["recipient_authority"]
    assert (authority.value, authority.status, authority.read_only, authority.sources) == (None, "missing", False, [])
    assert form["household_members"].status == "missing"
    assert "household_members[0].full_name" not in form

    assert form.missing == ["recipient_authority", "request_content"]
    assert form.get("nonexistent") is None
    with pytest.raises(KeyError):
        form["nonexistent"]

    data = form.to_dict()
    assert data["missing"] == form.missing and data["complete"] is False
    assert data["fields"][1]["sources"][0]["claim"] == "name"


def test_year_only_birthdate_and_upper_case(registry, citizen_profile):
    thanh = registry.fill("vn.bca.ct01", citizen_profile("vu-dinh-thanh"))
    assert (thanh["birth_date"].value, thanh["birth_date"].status) == ("1938", "verified")
    khoa = registry.fill("vn.bca.tk01", citizen_profile("le-minh-khoa"))
    assert khoa["full_name"].value == "LÊ MINH KHOA"
    assert khoa["card_issue_date"].status == "needs-level-2"  # a level-2 field on a level-1 form
    assert khoa["card_issue_date"].message
    assert khoa["phone"].status == "missing" and khoa["phone"].message == "not disclosed: phone_number"
    assert khoa.missing == ["phone", "occupation", "request_content"]


def test_bank_account_needs_level_2(registry, citizen_profile):
    khoa = citizen_profile("le-minh-khoa")
    assert khoa.get_level() == 1
    form = registry.fill("vn.sbv.bank-account", khoa)
    assert form.get_schema().get_min_level() == 2
    assert {field.status for field in form} == {"needs-level-2"}
    assert all(field.value is None and not field.read_only and field.message for field in form)
    assert form.get_completeness() < 1

    mai = registry.fill("vn.sbv.bank-account", citizen_profile("tran-thi-mai"))
    assert (mai["id_card_issue_date"].value, mai["id_card_issue_date"].status) == ("20/06/2023", "verified")
    assert mai["nationality"].value == "Việt Nam"
    assert mai.missing == ["occupation"]


def test_plugin_info_from_the_key_files(registry):
    ct01 = registry.get_plugin_info("ct01")
    assert ct01.get_name() == "ct01" and ct01.get_version() == "1.0"
    assert ct01.get_description().startswith("Tờ khai thay đổi thông tin cư trú")
    assert list(ct01.get_forms()) == ["vn.bca.ct01"]
    assert ct01.get_folder().endswith("ct01") and ct01.get_module_name() is None
    assert registry.get_plugin_info("bhyt-checkin").get_module_name() == "bhyt-checkin"
    assert registry.get_plugin_info("no-such-plugin") is None


def test_declarative_only_registry_loads_no_code():
    registry = Vneid.PluginRegistry(declarative_only=True)
    assert registry.get_declarative_only() and registry.props.declarative_only
    registry.load_default()
    assert "vn.bca.ct01" in registry and "vn.bhxh.bhyt-checkin" not in registry
    assert [e for e in registry.errors if "bhyt-checkin" in e and "declarative plugins only" in e]


def test_mapper_property_names_are_constants(registry):
    shared = registry["vn.bhxh.bhyt-checkin"]
    names = {spec.name for spec in shared.list_properties()}
    assert {Vneid.FORM_MAPPER_PROP_FACILITY_CODE, Vneid.FORM_MAPPER_PROP_VISIT_DATE} <= names


def test_c_plugin_instance_with_its_settings(registry, citizen_profile):
    # The C plugin's mapper has construct-only settings: a clinic makes its
    # own instance of the registry's mapper type and fills with it directly.
    shared = registry["vn.bhxh.bhyt-checkin"]
    assert isinstance(shared, Vneid.FormMapper)
    clinic = type(shared)(visit_date=Vneid.Date.from_date(datetime.date(2026, 6, 1)),
                          facility_code="01013")
    assert clinic.props.facility_code == "01013"
    mai = clinic.fill(citizen_profile("tran-thi-mai"))
    assert mai["visit_date"].value == "01/06/2026"
    assert mai["card_validity"].value == "valid"
    assert mai["at_registered_facility"].value == "true"
    assert mai["bhyt_number"].sources[0].source == "bhyt-db"
    bao = clinic.fill(citizen_profile("pham-quoc-bao"))
    assert bao["card_validity"].value == "expired"
    assert bao["at_registered_facility"].value == "false"
    # The registry's instance knows no clinic.
    shared_mai = registry.fill("vn.bhxh.bhyt-checkin", citizen_profile("tran-thi-mai"))
    assert shared_mai["at_registered_facility"].status == "missing"
    assert shared_mai["bhyt_number"].value == mai["bhyt_number"].value


def test_citizen_types_what_is_missing(registry, citizen_profile):
    form = registry.fill("vn.bca.ct01", citizen_profile("tran-thi-mai"))
    with pytest.raises(GLib.Error) as raised:
        form.validate()
    assert raised.value.matches(Vneid.form_error_quark(), Vneid.FormError.INVALID_VALUE)
    form.set_typed_value("recipient_authority", "Công an phường Hai Bà Trưng")
    form.set_typed_value("request_content", "Đăng ký tạm trú")
    assert form["recipient_authority"].status == "self-asserted"
    assert form.missing == []
    assert form.validate()
    with pytest.raises(GLib.Error) as raised:
        form.set_typed_value("nonexistent", "x")
    assert raised.value.matches(Vneid.form_error_quark(), Vneid.FormError.UNKNOWN_FIELD)


def test_unknown_form(registry, citizen_profile):
    with pytest.raises(GLib.Error) as raised:
        registry.fill("vn.example.nothing", citizen_profile("tran-thi-mai"))
    assert raised.value.matches(Vneid.form_error_quark(), Vneid.FormError.UNKNOWN_FORM)
    assert raised.value.domain == "vneid-form-error-quark"
    assert "vn.example.nothing" in raised.value.message


def test_schema_iteration(registry):
    schema = registry["vn.bca.ct01"].get_schema()
    names = [field.name for field in schema]
    assert names[:3] == ["recipient_authority", "full_name", "birth_date"]
    assert len(schema) == len(names) == len(schema.get_fields())
    assert "full_name" in schema and "nonexistent" not in schema
    assert schema["sex"].get_enum_codes() == ["1", "2"]
    assert schema["sex"].get_enum_label("2") == "Nữ"
    members = schema["household_members"]
    assert members.get_field_type() == Vneid.FieldType.GROUP
    assert "full_name" in [field.name for field in members]
    assert schema["household_members.full_name"].label
    with pytest.raises(KeyError):
        schema["nonexistent"]
