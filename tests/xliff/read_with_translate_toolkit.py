"""Reads an XLIFF 2 file exported by rapport with translate-toolkit's XLIFF 2 reader
(translate.storage.xliff2), as a translation tool built on it would: prints its
languages and units as JSON, then sets one target (unit p2) and saves the file under
another name, for tests/xliff.rs to import.

Usage: python read_with_translate_toolkit.py EXPORTED.xlf EDITED.xlf
"""

import json
import sys

from translate.storage import xliff2


def main(exported, edited):
    with open(exported, "rb") as handle:
        store = xliff2.Xliff2File.parsefile(handle)
    units = [
        {
            "id": unit.getid(),
            "source": str(unit.source),
            "target": None if unit.target is None else str(unit.target),
            "translated": unit.istranslated(),
        }
        for unit in store.units
    ]
    print(
        json.dumps(
            {
                "srcLang": store.getsourcelanguage(),
                "trgLang": store.gettargetlanguage(),
                "units": units,
            },
            ensure_ascii=False,
        )
    )
    for unit in store.units:
        if unit.getid() == "p2":
            unit.target = "The third paragraph."
    store.savefile(edited)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
