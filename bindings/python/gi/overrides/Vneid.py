# SPDX-License-Identifier: LGPL-2.1-or-later
"""Pythonic conveniences over libvneid's GObject Introspection API.

Everything of the GI API stays as it is; these overrides add what a Python
user expects: mappings, iteration, dicts and datetime.date, keyword
arguments for the verification policy.
"""

import datetime
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
        return self.to_string()

    def __repr__(self):
        return f"Vneid.Date({self.to_string()!r})"

    def __eq__(self, other):
        if isinstance(other, datetime.date):
            return self.is_complete() and self.to_date() == other
        if isinstance(other, Vneid.Date):
            return self.equal(other)
        return NotImplemented

    def __hash__(self):
        return hash(self.to_string())


Date = override(Date)
__all__.append("Date")


class Attribute(Vneid.Attribute):
    @property
    def value(self):
        """The value as a Python object (str, int, list …)."""
        return _node_to_python(self.get_value())

    @property
    def source(self):
        """The source kind's name: ``population-db``, ``cccd-chip``, ``bhyt-db`` or ``self-asserted``."""
        return Vneid.source_kind_to_string(self.get_source_kind())

    def to_dict(self):
        return json.loads(_object_to_json(self.to_json()))

    def __repr__(self):
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
        attribute = self.lookup(path)
        if attribute is None:
            raise KeyError(path)
        return attribute

    def get(self, path, default=None):
        attribute = self.lookup(path)
        return default if attribute is None else attribute

    def __contains__(self, path):
        return self.lookup(path) is not None

    def __iter__(self):
        return iter(self.list_paths())

    def __len__(self):
        return len(self.list_paths())

    def keys(self):
        return list(self.list_paths())

    def items(self):
        return [(path, self.lookup(path)) for path in self.list_paths()]

    def values(self):
        return [self.lookup(path) for path in self.list_paths()]

    def to_dict(self):
        return json.loads(self.to_json(False))


Profile = override(Profile)
__all__.append("Profile")


class VerifiedCredential(Vneid.VerifiedCredential):
    @property
    def payload(self):
        """The processed payload as a dict."""
        return json.loads(self.to_json(False))

    def to_dict(self):
        return self.payload


VerifiedCredential = override(VerifiedCredential)
__all__.append("VerifiedCredential")


class Credential(Vneid.Credential):
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
    def get(self, index):
        """The status at ``index`` (a ``Vneid.Status`` where it is one of the three defined)."""
        _, value = Vneid.StatusList.get(self, index)
        try:
            return Vneid.Status(value)
        except ValueError:
            return value

    def __getitem__(self, index):
        return self.get(index)

    def __setitem__(self, index, value):
        self.set(index, int(value))

    def __len__(self):
        return self.get_size()


StatusList = override(StatusList)
__all__.append("StatusList")
