#!/usr/bin/env python3
"""Convert the OBDex generic trouble-code YAML (CC0) into the compact JSON that
shopbench embeds (`assets/dtc/generic-codes.json`).

Usage: python3 tools/convert_obdex.py ../shared/data/obdex assets/dtc/generic-codes.json

Only English text is kept; every field the engines read is carried over.
Re-run it when the upstream data changes; the output is sorted by code so the
diff stays readable.
"""
import json
import pathlib
import sys

import yaml


def convert(entry):
    repair = entry.get("repair") or {}
    out = {
        "code": entry["code"],
        "title": entry["title"]["en"],
        "description": entry["description"]["en"],
        "components": entry.get("affected_components") or [],
        "causes": [
            {"id": c["id"], "likelihood": c["likelihood"], "label": c["label"]["en"]}
            for c in entry.get("common_causes") or []
        ],
        "difficulty": repair.get("difficulty"),
        "cost_eur": repair.get("estimated_cost_eur"),
        "hours": repair.get("estimated_hours"),
        "mil": (entry.get("flags") or {}).get("mil"),
        "emissions": (entry.get("flags") or {}).get("emissions_relevant"),
        "related": entry.get("related_codes") or [],
    }
    return out


def main(src, dst):
    codes = []
    for path in sorted(pathlib.Path(src, "generic").glob("*.yaml")):
        codes.extend(convert(e) for e in yaml.safe_load(path.read_text()))
    codes.sort(key=lambda c: c["code"])
    doc = {
        "source": "OBDex (github.com/foerbsnavi/OBDex), data licence CC0 1.0; "
        "P0xxx/P2xxx from commit cc07a32 (2026-05-06), others from the newest commit",
        "converted_by": "tools/convert_obdex.py",
        "codes": codes,
    }
    pathlib.Path(dst).write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
    print(f"{len(codes)} codes -> {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
