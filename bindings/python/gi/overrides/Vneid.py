# SPDX-License-Identifier: LGPL-2.1-or-later
"""Pythonic conveniences over libvneid's GObject Introspection API.

Everything of the GI API stays as it is; these overrides add what a Python
user expects: mappings, iteration, dicts and datetime.date, keyword
arguments for the verification policy; for forms, ``form["full_name"]``,
iteration over fields, string statuses, source lists, ``registry.forms``,
and form mappers written in Python (``Vneid.FormMapper``).
"""

import datetime
import functools
import inspect
import json

from ..module import get_introspection_module
from ..overrides import override

Vneid = get_introspection_module("Vneid")

__all__ = []


def _node_to_python(node):
    # Json.Node → Python through its JSON text: exact, and no per-type cases.
    from gi.repository import Json

    return json.loads(Json.to_string(node, False))


class Date(Vneid.Date):
    """A date that may be year-only (``1938``) or year-month (``1990-05``)."""

    @classmethod
    def from_date(cls, day):
        """Make a complete Vneid.Date from a ``datetime.date``."""
        return Vneid.Date.new(day.year, day.month, day.day)

    def to_date(self):
        """The ``datetime.date``; ValueError for a partial date."""
        if not self.is_complete():
            raise ValueError(f"{self.to_string()} is not a complete date")
        return datetime.date(self.get_year(), self.get_month(), self.get_day())

    def __str__(self):
        """The date as ISO 8601 text, as precise as it is: ``1938``, ``1990-05``, ``1990-05-17``."""
        return self.to_string()

    def __repr__(self):
        """``Vneid.Date('1990-05-17')``."""
        return f"Vneid.Date({self.to_string()!r})"

    def __eq__(self, other):
        """Equal to another Vneid.Date of the same precision, or to a ``datetime.date`` when complete."""
        if isinstance(other, datetime.date):
            return self.is_complete() and self.to_date() == other
        if isinstance(other, Vneid.Date):
            return self.equal(other)
        return NotImplemented

    def __hash__(self):
        """Hashes the ISO text, so that equal dates hash alike."""
        return hash(self.to_string())


Date = override(Date)
__all__.append("Date")


class Attribute(Vneid.Attribute):
    """One attribute of a profile: its value, and who vouched for it (claim, ``vct``, issuer, source)."""

    @property
    def value(self):
        """The value as a Python object (str, int, list …)."""
        return _node_to_python(self.get_value())

    @property
    def source(self):
        """The source kind's name: ``population-db``, ``cccd-chip``, ``bhyt-db`` or ``self-asserted``."""
        return Vneid.source_kind_to_string(self.get_source_kind())

    def to_dict(self):
        """``to_json()`` as a dict: value, source, verified, claim, vct, iss, iat (and conflicts)."""
        return json.loads(_object_to_json(self.to_json()))

    def __repr__(self):
        """``<Vneid.Attribute path=value from source>``."""
        return f"<Vneid.Attribute {self.get_path()}={self.value!r} from {self.source}>"


Attribute = override(Attribute)
__all__.append("Attribute")


def _object_to_json(obj):
    from gi.repository import Json

    node = Json.Node.alloc().init_object(obj)
    return Json.to_string(node, False)


class Profile(Vneid.Profile):
    """A verified citizen profile, also a read-only mapping of paths to attributes."""

    def __getitem__(self, path):
        """``profile["address.region"]``: the attribute at a claim path; KeyError when not disclosed."""
        attribute = self.lookup(path)
        if attribute is None:
            raise KeyError(path)
        return attribute

    def get(self, path, default=None):
        """The attribute at ``path``, or ``default`` when the citizen did not disclose it."""
        attribute = self.lookup(path)
        return default if attribute is None else attribute

    def __contains__(self, path):
        """``"email" in profile``: whether the citizen disclosed that path."""
        return self.lookup(path) is not None

    def __iter__(self):
        """Iterates over the paths present, in the order of docs/claims.md."""
        return iter(self.list_paths())

    def __len__(self):
        """The number of attributes present."""
        return len(self.list_paths())

    def keys(self):
        """The paths present, as a list."""
        return list(self.list_paths())

    def items(self):
        """``(path, attribute)`` pairs, as a list."""
        return [(path, self.lookup(path)) for path in self.list_paths()]

    def values(self):
        """The attributes, as a list."""
        return [self.lookup(path) for path in self.list_paths()]

    def to_dict(self):
        """``to_json()`` as a dict: every attribute with its sources, and the conflicts."""
        return json.loads(self.to_json(False))


Profile = override(Profile)
__all__.append("Profile")


class VerifiedCredential(Vneid.VerifiedCredential):
    """A credential that passed verification: its disclosed claims and how it was verified."""

    @property
    def payload(self):
        """The processed payload as a dict."""
        return json.loads(self.to_json(False))

    def to_dict(self):
        """The processed payload as a dict (same as ``payload``)."""
        return self.payload


VerifiedCredential = override(VerifiedCredential)
__all__.append("VerifiedCredential")


class Credential(Vneid.Credential):
    """An issued SD-JWT VC as the wallet holds it: ``present()`` discloses some claims."""

    @property
    def claims(self):
        """Every claim with every disclosure in place, as a dict."""
        return json.loads(_object_to_json(self.get_claims()))


Credential = override(Credential)
__all__.append("Credential")


class Verifier(Vneid.Verifier):
    """``Vneid.Verifier(trust_store, time=…, leeway=…, key_binding_max_age=…,
    check_status=…, nonce=…, audience=…)``: the policy as keyword arguments."""

    def __init__(self, trust_store=None, *, nonce=None, audience=None, **policy):
        """Makes a verifier trusting ``trust_store``; the other keywords set its properties."""
        if trust_store is None:
            trust_store = Vneid.TrustStore.new()
        super().__init__(trust_store=trust_store, **policy)
        if (nonce is None) != (audience is None):
            raise TypeError("nonce and audience go together")
        if nonce is not None:
            self.require_key_binding(nonce, audience)


Verifier = override(Verifier)
__all__.append("Verifier")


class StatusList(Vneid.StatusList):
    """A Token Status List: ``status_list[i]`` reads, ``status_list[i] = value`` sets an entry."""

    def get(self, index):
        """The status at ``index`` (a ``Vneid.Status`` where it is one of the three defined)."""
        _, value = Vneid.StatusList.get(self, index)
        try:
            return Vneid.Status(value)
        except ValueError:
            return value

    def __getitem__(self, index):
        """``status_list[index]``: same as ``get(index)``."""
        return self.get(index)

    def __setitem__(self, index, value):
        """``status_list[index] = value``: sets an entry (before the list is shared)."""
        self.set(index, int(value))

    def __len__(self):
        """The number of entries."""
        return self.get_size()


StatusList = override(StatusList)
__all__.append("StatusList")


# ---- forms ------------------------------------------------------------------


class FormField(Vneid.FormField):
    """A field of a form schema; a group field iterates over its row's fields."""

    @property
    def name(self):
        """The field's name, such as ``full_name``."""
        return self.get_name()

    @property
    def label(self):
        """The label printed on the form."""
        return self.get_label()

    def __iter__(self):
        """A group field iterates over the fields of its row; other fields over nothing."""
        return iter(self.get_fields() or [])

    def __repr__(self):
        """``<Vneid.FormField name (type)>``."""
        return f"<Vneid.FormField {self.get_name()} ({self.get_field_type().value_nick})>"


FormField = override(FormField)
__all__.append("FormField")


class FormSchema(Vneid.FormSchema):
    """A form's schema; iterates over its fields, ``schema["full_name"]`` looks one up."""

    def __iter__(self):
        """Iterates over the form's fields in order."""
        return iter(self.get_fields())

    def __len__(self):
        """The number of top-level fields."""
        return len(self.get_fields())

    def __getitem__(self, name):
        """``schema["full_name"]``: the field of that name; KeyError when there is none."""
        field = self.lookup_field(name)
        if field is None:
            raise KeyError(name)
        return field

    def __contains__(self, name):
        """Whether the schema has a field of that name."""
        return self.lookup_field(name) is not None

    def __repr__(self):
        """``<Vneid.FormSchema id version>``."""
        return f"<Vneid.FormSchema {self.get_id()} {self.get_version()}>"


FormSchema = override(FormSchema)
__all__.append("FormSchema")


class FilledField(Vneid.FilledField):
    """A field of a filled form: value, status, read-only flag and provenance."""

    @property
    def name(self):
        """The field's name on the form (``group[i].child`` for a row's field)."""
        return self.get_name()

    @property
    def label(self):
        """The label printed on the form."""
        return self.get_field().get_label()

    @property
    def value(self):
        """The value as the form prints it, or None when it is not filled."""
        return self.get_value()

    @property
    def status(self):
        """The status's name: ``verified``, ``self-asserted``, ``missing``,
        ``needs-level-2`` or ``invalid`` (``get_status()`` gives the enum)."""
        return Vneid.field_status_to_string(self.get_status())

    @property
    def read_only(self):
        """Whether the form shows the field read-only: exactly when it is verified."""
        return self.get_read_only()

    @property
    def message(self):
        """Why the field is missing, needs level 2 or is invalid, when known; else None."""
        return self.get_message()

    @property
    def sources(self):
        """The profile attributes the value came from, as a list."""
        return list(self.get_sources())

    def __repr__(self):
        """``<Vneid.FilledField name=value status>``."""
        return f"<Vneid.FilledField {self.get_name()}={self.get_value()!r} {self.status}>"


FilledField = override(FilledField)
__all__.append("FilledField")


class FilledForm(Vneid.FilledForm):
    """A filled form; iterates over its fields (rows' fields included),
    ``form["full_name"]`` or ``form["members[0].full_name"]`` looks one up."""

    def __iter__(self):
        """Iterates over the fields in form order, each group followed by its rows' fields."""
        return iter(self.get_fields())

    def __len__(self):
        """The number of fields, rows' fields included."""
        return len(self.get_fields())

    def __getitem__(self, name):
        """``form["full_name"]``: the filled field of that name; KeyError when there is none."""
        field = self.lookup(name)
        if field is None:
            raise KeyError(name)
        return field

    def get(self, name, default=None):
        """The filled field of that name, or ``default``."""
        field = self.lookup(name)
        return default if field is None else field

    def __contains__(self, name):
        """Whether the form has a field of that name."""
        return self.lookup(name) is not None

    def add_row(self, group):
        """Adds a row to a group field; returns its index (``group[i].child`` names its fields)."""
        result = Vneid.FilledForm.add_row(self, group)
        # GI gives (True, index): the boolean only repeats that nothing was raised.
        return result[1] if isinstance(result, tuple) else result

    @property
    def missing(self):
        """The names of the required fields still empty, as a list."""
        return list(self.list_missing())

    def to_dict(self):
        """``to_json()`` as a dict: form, level, completeness, missing, fields with sources."""
        return json.loads(self.to_json(False))

    def __repr__(self):
        """``<Vneid.FilledForm id level N, M fields>``."""
        schema = self.get_schema()
        return f"<Vneid.FilledForm {schema.get_id()} level {self.get_level()}, {len(self)} fields>"


FilledForm = override(FilledForm)
__all__.append("FilledForm")


class FormMapper(Vneid.FormMapper):
    """The mapper interface. A Python mapper::

        class Mapper(GObject.Object, Vneid.FormMapper):
            def __init__(self):
                super().__init__()
                self.schema = Vneid.FormSchema.new_from_json(SCHEMA_JSON)
            def do_get_schema(self):
                return self.schema
            def do_fill(self, profile, form):
                name = profile.lookup("name")
                form.fill("full_name", name.value, [name])

    ``do_fill`` fails by raising: a ``GLib.Error`` arrives as it is, any other
    exception as ``Vneid.FormError.FAILED`` naming it; returning None (or
    True) is success. The schema ``do_get_schema`` returns is kept alive by
    the mapper (the vfunc returns a borrowed reference).
    """

    def __init_subclass__(cls, **kwargs):
        """Wraps a Python mapper's ``do_fill`` and ``do_get_schema`` so that their exceptions reach the caller as ``GLib.Error``."""
        super().__init_subclass__(**kwargs)
        # This runs before GObject's metaclass registers the type and hooks the
        # do_* methods up as vfuncs.
        overrides = [name for name in ("do_fill", "do_get_schema") if inspect.isfunction(cls.__dict__.get(name))]
        if overrides and FormMapper not in cls.__bases__ and \
                not any(issubclass(FormMapper, base) for base in cls.__bases__):
            # A subclass of a Python mapper: a GType that does not name the
            # interface itself shares its parent's vtable, so hooking its
            # do_fill up would replace the parent's too. Naming the interface
            # again gives it a vtable of its own.
            cls.__bases__ = cls.__bases__ + (FormMapper,)
        for name, wrap in (("do_fill", _wrap_fill), ("do_get_schema", _wrap_get_schema)):
            method = cls.__dict__.get(name)
            if inspect.isfunction(method) and not getattr(method, "_vneid_wrapped", False):
                setattr(cls, name, wrap(method))


def _wrap_fill(fill):
    from gi.repository import GLib

    @functools.wraps(fill)
    def do_fill(self, profile, form):
        try:
            result = fill(self, profile, form)
        except GLib.Error:
            raise
        except Exception as error:
            raise GLib.Error(f"{type(self).__name__}.do_fill: {type(error).__name__}: {error}",
                             GLib.quark_to_string(Vneid.form_error_quark()),
                             Vneid.FormError.FAILED) from error
        return True if result is None else bool(result)

    do_fill._vneid_wrapped = True
    return do_fill


def _wrap_get_schema(get_schema):
    @functools.wraps(get_schema)
    def do_get_schema(self):
        schema = get_schema(self)
        # The vfunc is transfer none: hold the schema for as long as the mapper lives.
        self._vneid_schema = schema
        return schema

    do_get_schema._vneid_wrapped = True
    return do_get_schema


FormMapper = override(FormMapper)
__all__.append("FormMapper")


class PluginRegistry(Vneid.PluginRegistry):
    """Where form mappers are found: ``registry.forms``, ``"vn.bca.ct01" in registry``,
    ``registry.fill(form_id, profile)``."""

    @property
    def forms(self):
        """The ids of the forms some mapper fills, as a list."""
        return list(self.list_forms())

    @property
    def plugins(self):
        """The names of the plugins that loaded, as a list."""
        return list(self.list_plugins())

    @property
    def errors(self):
        """What went wrong loading plugins (each broken plugin was skipped)."""
        return list(self.list_errors())

    def __contains__(self, form_id):
        """``form_id in registry``: whether some mapper fills that form."""
        return self.lookup(form_id) is not None

    def __getitem__(self, form_id):
        """``registry[form_id]``: the mapper of that form; KeyError when none fills it."""
        mapper = self.lookup(form_id)
        if mapper is None:
            raise KeyError(form_id)
        return mapper


PluginRegistry = override(PluginRegistry)
__all__.append("PluginRegistry")
