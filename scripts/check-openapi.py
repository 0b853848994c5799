#!/usr/bin/env python3
"""Lint for docs/openapi.yaml: it parses (no duplicate keys), and every
/api/v1 route of the one route table (src/web/routes.c) is documented
with its method, and nothing is documented that has no route."""
import re
import sys

try:
    import yaml
except ImportError:  # python3-yaml: then only the paths are checked
    yaml = None


def no_duplicates(loader, node, deep=False):
    seen = set()
    for k, _ in node.value:
        key = loader.construct_object(k, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}",
                                                    k.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep)


text = open("docs/openapi.yaml", encoding="utf-8").read()
if yaml:
    class Unique(yaml.SafeLoader):
        pass
    Unique.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, no_duplicates)
    try:
        yaml.load(text, Loader=Unique)
    except yaml.YAMLError as e:
        print(f"openapi: docs/openapi.yaml does not parse: {e}")
        sys.exit(1)
# The paths and their methods, by indentation (two spaces: a path, four:
# a method), so that this part needs no YAML library.
doc, path, seen = set(), None, set()
for line in text.split("\n"):
    m = re.match(r"^  (/[^:\s]*):\s*$", line)
    if m:
        path = m.group(1)
        if path in seen:
            print(f"openapi: {path} appears twice")
            sys.exit(1)
        seen.add(path)
        continue
    if re.match(r"^\S", line):
        path = None
    m = re.match(r"^    (get|put|post|delete|patch):", line)
    if m and path:
        doc.add((m.group(1).upper(), path))
src = open("src/web/routes.c", encoding="utf-8").read()
routes = {(m, p[len("/api/v1"):]) for m, p in
          re.findall(r'\{ "(GET|POST|PUT|DELETE|PATCH)", "(/api/v1/[^"]*)"', src)}
status = 0
for m, p in sorted(routes - doc):
    print(f"openapi: {m} /api/v1{p} is routed but not in docs/openapi.yaml")
    status = 1
for m, p in sorted(doc - routes):
    print(f"openapi: {m} /api/v1{p} is documented but has no route")
    status = 1
sys.exit(status)
