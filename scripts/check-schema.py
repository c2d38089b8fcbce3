#!/usr/bin/env python3
"""Checks toggles files against Config/runtime_toggles.schema.json with python-jsonschema.

Usage: scripts/check-schema.py [FILE ...]   (default: Config/runtime_toggles.json)
Optional: CI relies on the Swift validator (guardrank toggles validate, GuardrailsTests);
this cross-checks that the published JSON Schema agrees for other tools.
"""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(__file__).resolve().parent.parent
schema = json.loads((root / "Config" / "runtime_toggles.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
files = sys.argv[1:] or [str(root / "Config" / "runtime_toggles.json")]
failed = False
for name in files:
    errors = sorted(validator.iter_errors(json.loads(pathlib.Path(name).read_text())), key=lambda e: list(e.path))
    for error in errors:
        failed = True
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.path)
        print(f"{name}: {path}: {error.message}", file=sys.stderr)
    if not errors:
        print(f"{name}: valid")
sys.exit(1 if failed else 0)
