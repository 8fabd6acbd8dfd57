# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every method and property the overrides add has a docstring, and help()
shows it."""
import inspect
import pydoc

import gi

gi.require_version("Vneid", "1.0")
from gi.overrides import Vneid as overrides  # noqa: E402
from gi.repository import Vneid  # noqa: E402


def override_members():
    for class_name in overrides.__all__:
        cls = getattr(overrides, class_name)
        if not inspect.isclass(cls):
            continue
        for name, member in vars(cls).items():
            if isinstance(member, property):
                member = member.fget
            elif isinstance(member, (classmethod, staticmethod)):
                member = member.__func__
            if inspect.isfunction(member) and member.__module__ == overrides.__name__:
                yield f"{class_name}.{name}", member


def test_every_override_member_has_a_docstring():
    members = dict(override_members())
    assert len(members) > 40, sorted(members)
    undocumented = sorted(name for name, member in members.items() if not inspect.getdoc(member))
    assert undocumented == []


def test_every_override_class_has_a_docstring():
    undocumented = [name for name in overrides.__all__
                    if inspect.isclass(getattr(overrides, name))
                    and getattr(overrides, name).__dict__.get("__doc__") is None]
    assert undocumented == []


def test_help_shows_the_override_docstrings():
    text = pydoc.render_doc(Vneid.Profile, renderer=pydoc.plaintext)
    assert "the attribute at a claim path" in text
    assert "read-only mapping of paths to attributes" in text
    text = pydoc.render_doc(Vneid.FilledForm, renderer=pydoc.plaintext)
    assert "The names of the required fields still empty" in text
