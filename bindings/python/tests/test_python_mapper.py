# SPDX-License-Identifier: LGPL-2.1-or-later
"""A form mapper written in Python, registered at run time, filled like a C plugin."""
import gc
import json
import weakref

import pytest
from gi.repository import GLib, GObject, Vneid

FORM_ID = "vn.example.library-card"
SCHEMA = json.dumps({
    "id": FORM_ID,
    "version": "1",
    "title": "Đăng ký thẻ thư viện",
    "authority": "Thư viện demo",
    "fields": [
        {"name": "full_name", "label": "Họ và tên", "type": "string", "required": True},
        {"name": "birth_year", "label": "Năm sinh", "type": "number", "required": True},
        {"name": "email", "label": "Email", "type": "string"},
        {"name": "card_number", "label": "Số CCCD", "type": "string", "min_level": 2},
        {"name": "notes", "label": "Ghi chú", "type": "string"},
    ],
})


class LibraryCardMapper(GObject.Object, Vneid.FormMapper):
    def __init__(self, schema_json=SCHEMA):
        super().__init__()
        self.schema = Vneid.FormSchema.new_from_json(schema_json, "library-card.schema.json")
        self.fills = 0
        self.fail_with = None

    def do_get_schema(self):
        return self.schema

    def do_fill(self, profile, form):
        self.fills += 1
        if self.fail_with is not None:
            raise self.fail_with
        name = profile["name"]
        form.fill("full_name", name.value, [name])
        birthdate = profile["birthdate"]
        form.fill("birth_year", str(profile.dup_birthdate().get_year()), [birthdate])
        email = profile.get("email")
        if email is not None:
            form.fill("email", email.value, [email])
        else:
            form.set_missing("email", "no contact credential")
        if form["card_number"].status != "needs-level-2":
            number = profile["personal_administrative_number"]
            form.fill("card_number", number.value, [number])
        return True


@pytest.fixture
def mai(citizen_profile):
    return citizen_profile("tran-thi-mai")


@pytest.fixture
def python_registry():
    registry = Vneid.PluginRegistry.new()
    registry.register_mapper(LibraryCardMapper())
    return registry


def test_filled_like_a_plugin(python_registry, mai):
    assert python_registry.forms == [FORM_ID]
    assert python_registry.plugins == []  # registered at run time, not by a plugin
    form = python_registry.fill(FORM_ID, mai)
    assert isinstance(form, Vneid.FilledForm)
    assert form.get_level() == 2

    assert (form["full_name"].value, form["full_name"].status, form["full_name"].read_only) == \
        ("Trần Thị Mai", "verified", True)
    assert (form["birth_year"].value, form["birth_year"].status) == ("1985", "verified")
    assert (form["email"].value, form["email"].status, form["email"].read_only) == \
        ("tran.thi.mai@example.com", "self-asserted", False)
    assert (form["card_number"].value, form["card_number"].status) == ("001185034517", "verified")
    assert (form["notes"].value, form["notes"].status) == (None, "missing")
    assert form.missing == []

    # Provenance: the attributes passed as sources, as the profile holds them.
    [source] = form["full_name"].sources
    assert (source.get_path(), source.source) == ("name", "cccd-chip")
    assert source.get_vct() == "urn:vn:vneid:cccd:1"
    data = form.to_dict()
    assert data["form"] == FORM_ID
    assert data["fields"][0]["sources"][0]["claim"] == "name"
    assert data["fields"][2]["sources"][0]["source"] == "self-asserted"


def test_the_registry_applies_level_gating(python_registry, citizen_profile):
    khoa = python_registry.fill(FORM_ID, citizen_profile("le-minh-khoa"))
    assert khoa.get_level() == 1
    assert khoa["full_name"].sources[0].source == "population-db"
    assert khoa["card_number"].status == "needs-level-2"
    assert khoa["email"].status == "missing" and khoa["email"].message == "no contact credential"
    assert khoa.missing == []


def test_a_level_2_form_never_calls_the_mapper_for_level_1(citizen_profile):
    schema = json.loads(SCHEMA)
    schema.update(id="vn.example.level-two", min_level=2)
    mapper = LibraryCardMapper(json.dumps(schema))
    registry = Vneid.PluginRegistry()
    registry.register_mapper(mapper)
    form = registry.fill("vn.example.level-two", citizen_profile("le-minh-khoa"))
    assert {field.status for field in form} == {"needs-level-2"}
    assert mapper.fills == 0
    registry.fill("vn.example.level-two", citizen_profile("tran-thi-mai"))
    assert mapper.fills == 1


def test_glib_error_from_do_fill(python_registry, mai):
    python_registry[FORM_ID].fail_with = GLib.Error("the library is closed", "vneid-form-error-quark",
                                                    Vneid.FormError.FAILED)
    with pytest.raises(GLib.Error) as raised:
        python_registry.fill(FORM_ID, mai)
    assert raised.value.matches(Vneid.form_error_quark(), Vneid.FormError.FAILED)
    assert raised.value.message == "the library is closed"


def test_glib_error_of_another_domain_passes_through(python_registry, mai):
    python_registry[FORM_ID].fail_with = GLib.Error("no such file", "g-file-error-quark", GLib.FileError.NOENT)
    with pytest.raises(GLib.Error) as raised:
        python_registry.fill(FORM_ID, mai)
    assert raised.value.matches(GLib.file_error_quark(), GLib.FileError.NOENT)


def test_python_exception_from_do_fill(python_registry, mai):
    python_registry[FORM_ID].fail_with = KeyError("birthdate")
    with pytest.raises(GLib.Error) as raised:
        python_registry.fill(FORM_ID, mai)
    assert raised.value.matches(Vneid.form_error_quark(), Vneid.FormError.FAILED)
    assert raised.value.message == "LibraryCardMapper.do_fill: KeyError: 'birthdate'"


def test_do_fill_returning_false_or_nothing(mai):
    class Refuses(LibraryCardMapper):
        def do_fill(self, profile, form):
            return False

    class SaysNothing(LibraryCardMapper):
        def do_fill(self, profile, form):
            form.fill("notes", "typed by nobody")

    registry = Vneid.PluginRegistry()
    registry.register_mapper(Refuses())
    with pytest.raises(GLib.Error) as raised:
        registry.fill(FORM_ID, mai)
    assert raised.value.matches(Vneid.form_error_quark(), Vneid.FormError.FAILED)
    assert FORM_ID in raised.value.message

    registry = Vneid.PluginRegistry()
    registry.register_mapper(SaysNothing())
    form = registry.fill(FORM_ID, mai)  # no return value is success
    assert (form["notes"].value, form["notes"].status, form["notes"].sources) == \
        ("typed by nobody", "self-asserted", [])


def test_errors_of_the_form_api_inside_do_fill(mai):
    class Misnamed(LibraryCardMapper):
        def do_fill(self, profile, form):
            form.fill("no_such_field", "x")

    registry = Vneid.PluginRegistry()
    registry.register_mapper(Misnamed())
    with pytest.raises(GLib.Error) as raised:
        registry.fill(FORM_ID, mai)
    assert raised.value.matches(Vneid.form_error_quark(), Vneid.FormError.UNKNOWN_FIELD)


def test_duplicate_form_id_is_refused(python_registry):
    with pytest.raises(GLib.Error) as raised:
        python_registry.register_mapper(LibraryCardMapper())
    assert raised.value.matches(Vneid.form_error_quark(), Vneid.FormError.DUPLICATE_FORM)
    assert python_registry.forms == [FORM_ID]


def test_duplicate_of_a_bundled_form_is_refused(registry):
    schema = json.loads(SCHEMA)
    schema["id"] = "vn.bca.ct01"
    fresh = Vneid.PluginRegistry()
    fresh.load_default()
    with pytest.raises(GLib.Error) as raised:
        fresh.register_mapper(LibraryCardMapper(json.dumps(schema)))
    assert raised.value.matches(Vneid.form_error_quark(), Vneid.FormError.DUPLICATE_FORM)
    assert isinstance(fresh["vn.bca.ct01"], Vneid.DeclarativeMapper)


def test_beside_the_bundled_plugins(citizen_profile):
    registry = Vneid.PluginRegistry()
    registry.load_default()
    registry.register_mapper(LibraryCardMapper())
    assert FORM_ID in registry.forms and "vn.bca.ct01" in registry.forms
    mai = citizen_profile("tran-thi-mai")
    assert registry.fill(FORM_ID, mai)["full_name"].value == "Trần Thị Mai"
    assert registry.fill("vn.bca.ct01", mai)["full_name"].value == "Trần Thị Mai"


def test_the_registry_keeps_the_mapper_alive(mai):
    registry = Vneid.PluginRegistry()
    mapper = LibraryCardMapper()
    mapper.fills = 100
    base = mapper.ref_count
    registry.register_mapper(mapper)
    assert mapper.ref_count == base + 1
    alive = weakref.ref(mapper)
    del mapper
    gc.collect()
    assert alive() is not None
    # The same Python object, with its Python state, comes back.
    assert registry.fill(FORM_ID, mai)["full_name"].value == "Trần Thị Mai"
    assert registry[FORM_ID] is alive() and alive().fills == 101
    del registry
    gc.collect()
    assert alive() is None


def test_the_schema_returned_by_do_get_schema_is_kept(mai):
    # do_get_schema is transfer none: a schema made on the fly must outlive the call.
    class OnTheFly(GObject.Object, Vneid.FormMapper):
        def do_get_schema(self):
            return Vneid.FormSchema.new_from_json(SCHEMA)

        def do_fill(self, profile, form):
            form.fill("full_name", profile.get_name(), [profile["name"]])

    registry = Vneid.PluginRegistry()
    registry.register_mapper(OnTheFly())
    gc.collect()
    for _ in range(3):
        form = registry.fill(FORM_ID, mai)
        gc.collect()
        assert form.get_schema().get_id() == FORM_ID
        assert form["full_name"].value == "Trần Thị Mai"


def test_mapper_fill_without_a_registry(mai):
    mapper = LibraryCardMapper()
    form = mapper.fill(mai)  # the interface's method: makes the form and calls do_fill
    assert form["full_name"].value == "Trần Thị Mai"
    assert mapper.get_schema() is mapper.schema


def test_no_growth_over_many_fills(mai):
    import os

    def resident_kib():
        with open(f"/proc/{os.getpid()}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024

    registry = Vneid.PluginRegistry()
    registry.load_default()
    registry.register_mapper(LibraryCardMapper())

    def fill_many(n):
        for _ in range(n):
            for form_id in (FORM_ID, "vn.bca.tk01"):
                assert registry.fill(form_id, mai).to_dict()["fields"]
        gc.collect()

    fill_many(500)
    before = resident_kib()
    fill_many(5000)
    growth = resident_kib() - before
    assert growth < 4096, f"resident memory grew by {growth} KiB over 10k fills"


def test_a_subclass_overriding_do_fill_leaves_its_parent_alone(mai):
    # GObject shares an inherited interface's vtable with the parent type;
    # the overrides name the interface again for such a subclass.
    class Parent(GObject.Object, Vneid.FormMapper):
        def __init__(self, form_id):
            super().__init__()
            schema = json.loads(SCHEMA)
            schema["id"] = form_id
            self.schema = Vneid.FormSchema.new_from_json(json.dumps(schema))

        def do_get_schema(self):
            return self.schema

        def do_fill(self, profile, form):
            form.fill("notes", "parent")

    class Child(Parent):
        def do_fill(self, profile, form):
            form.fill("notes", "child")

    registry = Vneid.PluginRegistry()
    registry.register_mapper(Parent("vn.example.parent"))
    registry.register_mapper(Child("vn.example.child"))
    assert registry.fill("vn.example.parent", mai)["notes"].value == "parent"
    assert registry.fill("vn.example.child", mai)["notes"].value == "child"
    assert isinstance(registry["vn.example.child"], Parent)


def test_rows_of_a_group(mai):
    schema = json.loads(SCHEMA)
    schema["id"] = "vn.example.group"
    schema["fields"].append({"name": "members", "label": "Thành viên", "type": "group",
                             "fields": [{"name": "full_name", "label": "Họ và tên", "type": "string"}]})

    class WithRows(LibraryCardMapper):
        def do_fill(self, profile, form):
            for name in ("name", "household.head_name"):
                row = form.add_row("members")
                form.fill(f"members[{row}].full_name", profile[name].value, [profile[name]])

    registry = Vneid.PluginRegistry()
    registry.register_mapper(WithRows(json.dumps(schema)))
    form = registry.fill("vn.example.group", mai)
    assert [field.name for field in form][-3:] == ["members", "members[0].full_name", "members[1].full_name"]
    assert form["members[1].full_name"].value == "Trần Thị Mai"
    assert form["members[1].full_name"].sources[0].get_path() == "household.head_name"
    assert form.to_dict()["fields"][5]["rows"] == 2
