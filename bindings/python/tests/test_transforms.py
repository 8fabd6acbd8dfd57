# SPDX-License-Identifier: LGPL-2.1-or-later
"""The transforms of declarative mappings, used by a mapper written in Python:
the same values a JSON mapping writes, from the same functions."""
import json

import pytest
from gi.repository import GLib, GObject, Vneid

FORM_ID = "vn.example.transforms"
SCHEMA = json.dumps({
    "id": FORM_ID,
    "version": "1",
    "title": "Phiếu thử các phép biến đổi",
    "authority": "demo",
    "fields": [
        {"name": "name_upper", "label": "HỌ VÀ TÊN", "type": "string"},
        {"name": "name_ascii", "label": "Họ tên không dấu", "type": "string"},
        {"name": "family", "label": "Họ", "type": "string"},
        {"name": "middle", "label": "Chữ đệm", "type": "string"},
        {"name": "given", "label": "Tên", "type": "string"},
        {"name": "birth_words", "label": "Ngày sinh (chữ)", "type": "string"},
        {"name": "birth_date", "label": "Ngày sinh", "type": "date", "format": "dd/MM/yyyy"},
        {"name": "sex", "label": "Giới tính", "type": "string"},
        {"name": "nationality", "label": "Quốc tịch", "type": "string"},
        {"name": "ethnicity", "label": "Mã dân tộc", "type": "string", "pattern": "^[0-9]{2}$"},
        {"name": "address", "label": "Nơi thường trú", "type": "string"},
        {"name": "place_of_birth", "label": "Nơi sinh", "type": "string"},
    ],
})

# The same form filled by a declarative mapping, to compare with.
MAPPING = json.dumps({
    "form": FORM_ID,
    "fields": {
        "name_upper": {"from": "name", "transforms": ["upper"]},
        "name_ascii": {"from": "name", "transforms": ["fold", "upper"]},
        "family": {"from": "name", "transforms": [{"name_part": "family"}]},
        "middle": {"from": "name", "transforms": [{"name_part": "middle"}]},
        "given": {"from": "name", "transforms": [{"name_part": "given"}]},
        "birth_words": {"from": "birthdate", "transforms": [{"date": "Ngày dd tháng MM năm yyyy"}]},
        "birth_date": {"from": "birthdate"},
        "sex": {"from": "sex", "transforms": [{"lookup": "sex"}]},
        "nationality": {"from": "nationalities", "transforms": [{"lookup": "country"}]},
        "ethnicity": {"from": "ethnicity", "transforms": [{"lookup": "ethnicity"}]},
        "address": {"from": "address", "transforms": ["address"]},
        "place_of_birth": {"from": "place_of_birth", "transforms": ["address"]},
    },
})


class TransformsMapper(GObject.Object, Vneid.FormMapper):
    """Fills the form as MAPPING does, with Vneid.transforms_*."""

    def __init__(self):
        super().__init__()
        self.schema = Vneid.FormSchema.new_from_json(SCHEMA)

    def do_get_schema(self):
        return self.schema

    def do_fill(self, profile, form):
        name = profile["name"]
        form.fill("name_upper", Vneid.transforms_upper(name.value), [name])
        form.fill("name_ascii", Vneid.transforms_upper(Vneid.transforms_fold(name.value)), [name])
        for field, part in (("family", Vneid.NamePart.FAMILY), ("middle", Vneid.NamePart.MIDDLE),
                            ("given", Vneid.NamePart.GIVEN)):
            text = Vneid.transforms_name_part(name.value, part)
            if text is not None:
                form.fill(field, text, [name])
        birthdate = profile["birthdate"]
        form.fill("birth_words", Vneid.transforms_date(birthdate.value, "Ngày dd tháng MM năm yyyy"),
                  [birthdate])
        form.fill("birth_date", birthdate.value, [birthdate])  # ISO: the form writes it in dd/MM/yyyy
        sex = profile["sex"]
        form.fill("sex", Vneid.transforms_lookup(Vneid.LookupTable.SEX, str(sex.value)), [sex])
        nationalities = profile["nationalities"]
        form.fill("nationality", ", ".join(Vneid.transforms_lookup(Vneid.LookupTable.COUNTRY, code)
                                           for code in nationalities.value), [nationalities])
        ethnicity = profile.get("ethnicity")
        if ethnicity is not None:
            form.fill("ethnicity", Vneid.transforms_lookup(Vneid.LookupTable.ETHNICITY, ethnicity.value),
                      [ethnicity])
        for field in ("address", "place_of_birth"):
            line, sources = Vneid.transforms_address(profile, field)
            if line is not None:
                form.fill(field, line, sources)


@pytest.fixture(scope="module")
def both():
    """A registry with the Python mapper, and the declarative mapper of the same form."""
    registry = Vneid.PluginRegistry()
    registry.register_mapper(TransformsMapper())
    schema = Vneid.FormSchema.new_from_json(SCHEMA)
    declarative = Vneid.DeclarativeMapper.new_from_json(schema, MAPPING, "transforms.mapping.json")
    return registry, declarative


def fields(form):
    return [(f.name, f.value, f.status, [a.get_path() for a in f.sources]) for f in form]


@pytest.mark.parametrize("slug", ["tran-thi-mai", "vu-dinh-thanh", "thach-sa-rinh", "vang-thi-my",
                                  "le-minh-khoa"])
def test_python_mapper_writes_what_the_mapping_writes(both, citizen_profile, slug):
    registry, declarative = both
    profile = citizen_profile(slug)
    by_python = registry.fill(FORM_ID, profile)
    by_mapping = declarative.fill(profile)
    assert fields(by_python) == fields(by_mapping)
    assert all(f.status == "verified" for f in by_python if f.name != "middle"), fields(by_python)


def test_values_for_a_citizen(both, citizen_profile):
    registry, _ = both
    mai = registry.fill(FORM_ID, citizen_profile("tran-thi-mai"))
    assert mai["name_upper"].value == "TRẦN THỊ MAI"
    assert mai["name_ascii"].value == "TRAN THI MAI"
    assert (mai["family"].value, mai["middle"].value, mai["given"].value) == ("Trần", "Thị", "Mai")
    assert mai["birth_words"].value == "Ngày 08 tháng 03 năm 1985"
    assert (mai["birth_date"].value, mai["birth_date"].status) == ("08/03/1985", "verified")
    assert (mai["sex"].value, mai["nationality"].value, mai["ethnicity"].value) == ("Nữ", "Việt Nam", "01")
    assert mai["address"].value == "Số 18 Phố Hàng Chuối, Phường Hai Bà Trưng, Thành phố Hà Nội"
    assert [a.get_path() for a in mai["address"].sources] == \
        ["address.street_address", "address.locality", "address.region"]
    assert mai["place_of_birth"].value == "Thành phố Hà Nội"

    thanh = registry.fill(FORM_ID, citizen_profile("vu-dinh-thanh"))
    assert (thanh["birth_date"].value, thanh["birth_words"].value) == ("1938", "Ngày 1938")
    # a pre-2025 address keeps its district
    assert thanh["address"].value == "Xóm 3, Xã Xuân Ngọc, Huyện Xuân Trường, Tỉnh Nam Định"


def test_transform_functions():
    assert Vneid.transforms_upper("Nguyễn Văn Đức") == "NGUYỄN VĂN ĐỨC"
    assert Vneid.transforms_lower("ĐẶNG THỊ ÚT") == "đặng thị út"
    assert Vneid.transforms_upper("istanbul") == "ISTANBUL"  # the same in every locale
    assert Vneid.transforms_fold("Nguyễn Văn Đức") == "Nguyen Van Duc"
    assert Vneid.transforms_name_part("Tôn Nữ Thị Ngọc Hân", Vneid.NamePart.MIDDLE) == "Nữ Thị Ngọc"
    assert Vneid.transforms_name_part("Lê Na", Vneid.NamePart.MIDDLE) is None
    assert Vneid.transforms_name_part("Rinh", Vneid.NamePart.FAMILY) is None
    assert Vneid.transforms_date("1990-05-17", "dd/MM/yyyy") == "17/05/1990"
    assert Vneid.transforms_date("1990-05", "dd/MM/yyyy") == "05/1990"
    assert Vneid.transforms_lookup(Vneid.LookupTable.SEX, "1") == "Nam"
    assert Vneid.transforms_lookup(Vneid.LookupTable.SEX, "0") is None
    assert Vneid.transforms_lookup(Vneid.LookupTable.COUNTRY, "la") == "Lào"
    assert Vneid.transforms_lookup(Vneid.LookupTable.COUNTRY, "ZZ") is None
    assert Vneid.transforms_lookup(Vneid.LookupTable.ETHNICITY, "H'Mông") == "08"
    assert Vneid.transforms_lookup(Vneid.LookupTable.ETHNICITY, "Thai") is None


def test_date_transform_errors():
    with pytest.raises(GLib.Error) as raised:
        Vneid.transforms_date("17/05/1990", "dd/MM/yyyy")
    assert raised.value.matches(Vneid.form_error_quark(), Vneid.FormError.INVALID_VALUE)
    assert "17/05/1990" in raised.value.message
    with pytest.raises(GLib.Error) as raised:
        Vneid.transforms_date("1990-05-17", "d/M/yy")
    assert raised.value.matches(Vneid.form_error_quark(), Vneid.FormError.INVALID_MAPPING)
    assert "not a token" in raised.value.message


def test_address_not_disclosed_or_not_an_address(citizen_profile):
    mai = citizen_profile("tran-thi-mai")
    assert Vneid.transforms_address(mai, "temporary_address") == (None, [])
    assert Vneid.transforms_address(mai, "name") == (None, [])
    assert Vneid.transforms_address(mai, "address.region") == (None, [])
    line, sources = Vneid.transforms_address(mai, "current_address")
    assert line.endswith("Thành phố Hà Nội")
    assert all(isinstance(s, Vneid.Attribute) and s.get_verified() for s in sources)


def test_introspectable():
    # The enums are GObject enums with nicks, as the mapping names them.
    assert Vneid.LookupTable.COUNTRY.value_nick == "country"
    assert Vneid.NamePart.GIVEN.value_nick == "given"
    assert Vneid.transforms_upper.__doc__.startswith("transforms_upper(text:str)")


class IsoDateMapper(GObject.Object, Vneid.FormMapper):
    """Passes whatever it is given to a date field."""

    def __init__(self, value, form_id="vn.example.iso-date", date_format="dd/MM/yyyy"):
        super().__init__()
        self.value = value
        self.schema = Vneid.FormSchema.new_from_json(json.dumps({
            "id": form_id, "version": "1", "title": "t", "authority": "a",
            "fields": [{"name": "born", "label": "Ngày sinh", "type": "date", "format": date_format,
                        "required": True}]}))

    def do_get_schema(self):
        return self.schema

    def do_fill(self, profile, form):
        birthdate = profile["birthdate"]
        form.fill("born", self.value if self.value is not None else birthdate.value, [birthdate])


@pytest.mark.parametrize("value, date_format, expected, status", [
    (None, "dd/MM/yyyy", "08/03/1985", "verified"),          # the profile's ISO date
    ("1985-03-08", "Ngày dd tháng MM năm yyyy", "Ngày 08 tháng 03 năm 1985", "verified"),
    ("1985-03", "dd/MM/yyyy", "03/1985", "verified"),
    ("1985", "dd/MM/yyyy", "1985", "verified"),
    ("08/03/1985", "dd/MM/yyyy", "08/03/1985", "verified"),  # already in the field's format
    ("1985-03-08", "yyyy-MM-dd", "1985-03-08", "verified"),
    ("08.03.1985", "dd/MM/yyyy", "08.03.1985", "invalid"),   # neither: kept, invalid
    ("1985-02-30", "dd/MM/yyyy", "1985-02-30", "invalid"),   # not a real date
    ("mùng 8 tháng 3", "dd/MM/yyyy", "mùng 8 tháng 3", "invalid"),
])
def test_a_date_field_takes_an_iso_date(citizen_profile, value, date_format, expected, status):
    registry = Vneid.PluginRegistry()
    registry.register_mapper(IsoDateMapper(value, date_format=date_format))
    form = registry.fill("vn.example.iso-date", citizen_profile("tran-thi-mai"))
    assert (form["born"].value, form["born"].status) == (expected, status)
    if status == "invalid":
        assert "is not a date in the format" in form["born"].message
        assert form.missing == ["born"]
    else:
        assert form["born"].message is None and form.missing == []
