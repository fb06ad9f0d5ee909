#!/usr/bin/env python3
"""Keeps the README's metric list in step with the catalog.

    readme-metrics.py CATALOG README          rewrite the list
    readme-metrics.py --check CATALOG README  fail if it is out of date
"""
import json
import sys

BEGIN, END = "<!-- metrics:begin -->", "<!-- metrics:end -->"
SOURCES = {"table": "table", "estimated": "estimate", "proxy": "proxy"}


def headline(metric):
    """The summary a card headlines, per variant where they differ."""
    if len(metric.get("steps", [])) > 1:
        return "the conversion from the first step to the segment's last"
    found = []
    for v in metric["variants"]:
        ids = [s["id"] for s in v.get("summaries", metric.get("summaries", [])) if s.get("role") == "headline"]
        found += [(i, SOURCES[v["source"]]) for i in ids if i not in [f[0] for f in found]]
    if len(found) == 1:
        return f"`{found[0][0]}`"
    return ", ".join(f"`{i}` ({source})" for i, source in found)


def render(catalog):
    groups = {g["id"]: g["title"] for g in catalog["groups"]}
    out = ["", "Days are `[d 00:00, d+1 00:00)` in the reporting time zone; ranges are "
           "inclusive; every day of the range appears in every daily series, 0 when "
           "nothing happened. Rows soft-deleted later still count on the day they "
           "happened. Ratios are 0 when the denominator is 0 unless stated.", ""]
    for group_id, title in groups.items():
        metrics = [m for m in catalog["metrics"] if m["group"] == group_id]
        if not metrics:
            continue
        out.append(f"### {title}")
        out.append("")
        for m in metrics:
            variants = ", ".join(
                f"{SOURCES[v['source']]} ({', '.join(v['requires']) or 'no table'})"
                for v in m["variants"])
            out.append(f"- **{m['title']}** (`{m['id']}`, {m.get('unit', '')}): "
                       f"{m.get('definition', m['description'])} *Sources: {variants}.* "
                       f"*Headline: {headline(m)}.*")
        out.append("")
    return "\n".join(out)


def main(argv):
    check = argv[1:2] == ["--check"]
    catalog_path, readme_path = argv[2:4] if check else argv[1:3]
    with open(catalog_path, encoding="utf-8") as f:
        catalog = json.load(f)
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    updated = head + BEGIN + render(catalog) + END + tail
    if check:
        if updated != readme:
            print("README.md's metric list is out of date: run "
                  "build-aux/readme-metrics.py data/metrics/catalog.json README.md", file=sys.stderr)
            return 1
        return 0
    with open(readme_path, "w", encoding="utf-8") as f:
        f.write(updated)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
