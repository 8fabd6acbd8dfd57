# SPDX-License-Identifier: LGPL-2.1-or-later
"""No growth over many calls: objects handed to Python are freed."""
import gc
import os

from gi.repository import Vneid

from conftest import AUDIENCE, NONCE


def resident_kib():
    with open(f"/proc/{os.getpid()}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def test_no_growth_over_10k_verifications(trust_store, present):
    verifier = Vneid.Verifier(trust_store, nonce=NONCE, audience=AUDIENCE)
    presentation = present("tran-thi-mai", "pid")

    def verify_many(n):
        for _ in range(n):
            verified = verifier.verify(presentation)
            assert verified.payload["name"]
        gc.collect()

    verify_many(1000)  # warm up the allocators and caches
    before = resident_kib()
    verify_many(10000)
    growth = resident_kib() - before
    # A leak of one payload per call would be tens of MiB; allow allocator slack.
    assert growth < 4096, f"resident memory grew by {growth} KiB over 10k verifications"


def test_profile_objects_are_released(trust_store, present):
    import weakref

    verifier = Vneid.Verifier(trust_store, nonce=NONCE, audience=AUDIENCE)
    profile = Vneid.Profile.new_from_presentations(verifier, [present("le-minh-khoa", "pid")], None, None)
    attribute = profile["name"]
    ref = weakref.ref(profile)
    del profile
    gc.collect()
    assert ref() is None
    assert attribute.value == "Lê Minh Khoa"  # an attribute outlives its profile
