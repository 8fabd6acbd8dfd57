#!/usr/bin/env python3
"""Copy a bundled plugin's files into its build-tree folder.

    assemble-plugin.py STAMP DEST_DIR FILE...

The build tree then holds build/plugins/NAME/ as it will be installed, so
that VNEID_PLUGIN_PATH=build/plugins finds the plugins uninstalled. STAMP is
the file meson tracks; it is written last.
"""
import os
import shutil
import sys


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    stamp, dest, files = argv[1], argv[2], argv[3:]
    os.makedirs(dest, exist_ok=True)
    for path in files:
        shutil.copyfile(path, os.path.join(dest, os.path.basename(path)))
    with open(stamp, 'w', encoding='utf-8') as out:
        out.write('\n'.join(os.path.basename(p) for p in files) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
