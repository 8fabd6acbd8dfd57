#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A form mapper written in Python, registered at run time.

    custom_mapper.py [--citizen SLUG]...

A made-up form, a city library's membership card, whose schema is the JSON
text below. The mapper implements Vneid.FormMapper (do_get_schema, do_fill)
and is registered beside the bundled plugins; the registry then fills the
form exactly as it fills a plugin's. Each value is written with the profile
attributes it came from, so its status (verified, self-asserted) and
provenance follow from them.
"""
import argparse

import gi

gi.require_version("Vneid", "1.0")
from gi.repository import GLib, GObject, Vneid  # noqa: E402

from verify_profile import demo_presentations, demo_trust_store  # noqa: E402  (beside this script)

SCHEMA = """
{
  "id": "vn.example.library-card",
  "version": "2026.1",
  "title": "Phiếu đăng ký thẻ thư viện",
  "authority": "Thư viện thành phố (demo)",
  "fields": [
    { "name": "full_name", "label": "Họ và tên", "type": "string", "required": true },
    { "name": "birth_year", "label": "Năm sinh", "type": "number", "required": true },
    { "name": "category", "label": "Loại thẻ", "type": "enum", "required": true,
      "enum": [ { "code": "TN", "label": "Thiếu nhi" }, { "code": "NL", "label": "Người lớn" },
                { "code": "CT", "label": "Người cao tuổi" } ] },
    { "name": "province", "label": "Tỉnh/thành phố thường trú", "type": "string" },
    { "name": "email", "label": "Email nhận thông báo", "type": "string" },
    { "name": "personal_id", "label": "Số định danh cá nhân", "type": "string",
      "pattern": "^[0-9]{12}$", "min_level": 2 }
  ]
}
"""

NONCE, AUDIENCE = "custom-mapper-nonce", "https://thuvien.example"
THIS_YEAR = 2026


class LibraryCardMapper(GObject.Object, Vneid.FormMapper):
    def __init__(self):
        super().__init__()
        # do_get_schema returns a borrowed reference: the mapper keeps the schema.
        self.schema = Vneid.FormSchema.new_from_json(SCHEMA, "library-card.schema.json")

    def do_get_schema(self):
        return self.schema

    def do_fill(self, profile, form):
        # The form arrives with every field missing (or needs-level-2 where the
        # profile's level is too low). Data the profile lacks is no error.
        name = profile["name"]
        form.fill("full_name", name.value, [name])

        birthdate = profile["birthdate"]
        year = profile.dup_birthdate().get_year()
        form.fill("birth_year", str(year), [birthdate])
        age = THIS_YEAR - year
        form.fill("category", "TN" if age < 16 else "CT" if age >= 60 else "NL", [birthdate])

        region = profile.get("address.region")
        if region is not None:
            form.fill("province", region.value, [region])

        email = profile.get("email")
        if email is not None:
            form.fill("email", email.value, [email])  # self-asserted: the citizen may change it
        else:
            form.set_missing("email", "no contact credential presented")

        if form["personal_id"].status != "needs-level-2":
            number = profile["personal_administrative_number"]
            form.fill("personal_id", number.value, [number])
        # Raising fails the fill: registry.fill raises GLib.Error.


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizen", action="append", help="a folder of examples/data/citizens")
    args = parser.parse_args()

    registry = Vneid.PluginRegistry()
    registry.load_default()
    registry.register_mapper(LibraryCardMapper())  # the registry holds a reference from here on
    print("forms:", ", ".join(registry.forms))

    verifier = Vneid.Verifier(demo_trust_store())
    for slug in args.citizen or ["tran-thi-mai", "le-minh-khoa"]:
        presentations = list(demo_presentations(slug, NONCE, AUDIENCE))
        try:
            profile = Vneid.Profile.new_from_presentations(verifier, presentations, NONCE, AUDIENCE)
            form = registry.fill("vn.example.library-card", profile)
        except GLib.Error as error:
            raise SystemExit(f"custom_mapper: {error.message}")
        print(f"\n{profile.get_name()} (level {profile.get_level()}): {form.get_schema().get_title()}")
        for field in form:
            value = "—" if field.value is None else field.value
            provenance = ", ".join(f"{a.get_path()} ({a.source})" for a in field.sources)
            print(f"  {field.name:12} {value:28} {field.status:14} {provenance or field.message or ''}")
        print("  still to type:", ", ".join(form.missing) or "nothing")


if __name__ == "__main__":
    main()
