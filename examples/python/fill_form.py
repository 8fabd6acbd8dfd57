#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Verify a demo citizen's presentations and fill an e-government form.

    fill_form.py [--citizen SLUG] [--json] [FORM_ID]
    fill_form.py --list

Issues and presents the citizen's credentials as verify_profile.py does
(demo keys only), verifies them into a profile, fills the form (default
vn.bca.ct01) with the plugins found on VNEID_PLUGIN_PATH and in the
installed plugin folder, and prints every field with its status and
source, then what the citizen still has to type.
"""
import argparse
import json

import gi

gi.require_version("Vneid", "1.0")
from gi.repository import GLib, Vneid  # noqa: E402

from verify_profile import demo_presentations, demo_trust_store  # noqa: E402  (beside this script)

NONCE, AUDIENCE = "fill-form-nonce", "https://dichvucong.example"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("form", nargs="?", default="vn.bca.ct01")
    parser.add_argument("--citizen", default="tran-thi-mai", help="a folder of examples/data/citizens")
    parser.add_argument("--json", action="store_true", help="print the filled form's JSON")
    parser.add_argument("--list", action="store_true", help="list the forms the plugins fill")
    args = parser.parse_args()

    registry = Vneid.PluginRegistry()
    registry.load_default()
    for error in registry.errors:
        print(f"plugin skipped: {error}")
    if args.list:
        for form_id in registry.forms:
            print(f"{form_id:26} {registry[form_id].get_schema().get_title()}")
        return

    verifier = Vneid.Verifier(demo_trust_store())
    presentations = list(demo_presentations(args.citizen, NONCE, AUDIENCE))
    try:
        profile = Vneid.Profile.new_from_presentations(verifier, presentations, NONCE, AUDIENCE)
        form = registry.fill(args.form, profile)
    except GLib.Error as error:
        raise SystemExit(f"fill_form: {error.message}")

    if args.json:
        print(json.dumps(form.to_dict(), ensure_ascii=False, indent=2))
        return

    schema = form.get_schema()
    print(f"{profile.get_name()} (level {profile.get_level()}) → {schema.get_id()}: {schema.get_title()}")
    for field in form:
        value = "—" if field.value is None else field.value
        status = field.status + (", read-only" if field.read_only else "")
        sources = ", ".join(sorted({attribute.source for attribute in field.sources}))
        note = f"from {sources}" if sources else (field.message or "")
        print(f"  {field.name:28} {value:40.40} {status:24} {note}")
    if schema.get_min_level() > profile.get_level():
        print(f"this form needs a level-{schema.get_min_level()} VNeID account")
    elif form.missing:
        print(f"still to type: {', '.join(form.missing)} "
              f"({form.get_completeness():.0%} of the required fields filled)")
    else:
        print("every required field is filled")

if __name__ == "__main__":
    main()
