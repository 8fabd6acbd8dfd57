#!/usr/bin/env python3
"""check-layers.py: libvneid's folders are its layers; includes only point down.

    check-layers.py LIBVNEID_DIR     check the tree, exit 1 and name each offence
    check-layers.py --self-test      show that an upward include is caught

The layers, lowest first: core, credentials, identity, forms, protocol (a
missing folder is skipped). A file may include any public header of its own
layer or a lower one. Private headers (*-private.h) are a layer's internals:
a file may include those of its own layer, of the layer directly below, and
of core (the shared foundation: errors, the JSON reader, encodings).
"""
import os
import re
import sys
import tempfile

LAYERS = ["core", "credentials", "identity", "forms", "protocol"]
INCLUDE = re.compile(r'\s*#\s*include\s*[<"]([^>"]+)[>"]')


def index_headers(root):
    """Maps each header's file name to the index of the layer that holds it."""
    where = {}
    for level, layer in enumerate(LAYERS):
        folder = os.path.join(root, layer)
        if os.path.isdir(folder):
            for name in os.listdir(folder):
                if name.endswith(".h"):
                    where[name] = level
    return where


def offences(root):
    where = index_headers(root)
    found = []
    for level, layer in enumerate(LAYERS):
        folder = os.path.join(root, layer)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = os.path.basename(m.group(1))
                    if target not in where:
                        continue
                    other = where[target]
                    where_from = f"{layer}/{name}:{number}"
                    if other > level:
                        found.append(f"{where_from} includes {target} from {LAYERS[other]}/, a layer above")
                    elif (target.endswith("-private.h") and other not in (level, level - 1, 0)):
                        found.append(f"{where_from} includes {target}, private to {LAYERS[other]}/")
    return found


def self_test():
    with tempfile.TemporaryDirectory() as root:
        for layer in ("core", "credentials", "identity", "forms"):
            os.mkdir(os.path.join(root, layer))
        files = {
            "core/vneid-util-private.h": "",
            "credentials/vneid-key.h": '#include "vneid-util-private.h"\n',
            "credentials/vneid-jws-private.h": "",
            "identity/vneid-profile.h": '#include "vneid-key.h"\n',
            "forms/vneid-form-schema.h": '#include "vneid-profile.h"\n',
            "forms/vneid-plugin.c": '#include "vneid-jws-private.h"\n',
            "credentials/vneid-key.c": '#include "vneid-key.h"\n  #  include <vneid-form-schema.h>\n',
        }
        for rel, text in files.items():
            with open(os.path.join(root, rel), "w") as f:
                f.write(text)
        got = offences(root)
        want = [
            "credentials/vneid-key.c:2 includes vneid-form-schema.h from forms/, a layer above",
            "forms/vneid-plugin.c:1 includes vneid-jws-private.h, private to credentials/",
        ]
        if got != want:
            print("self-test failed:\n  got  %r\n  want %r" % (got, want))
            return 1
    print("self-test: an upward include and a private header two layers down are caught")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    found = offences(argv[1])
    for line in found:
        print(line)
    if found:
        return 1
    print("libvneid: every include points down its layers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
