#!/usr/bin/env python3
"""Cross-check data/metrics/*.sql against pulse_metrics_reference.py.

  crosscheck.py generate --host H --user U --dbname D [--seed N] [--tracking]
      (re)creates schema public in D: data/schema/baseline.sql, random rows,
      and with --tracking the three tracking tables with random rows too.
  crosscheck.py compare --host H --user U --dbname D --from F --to T
      [--timezone Z ...] [--granularity day|week|month ...] [--metric ID ...]
      runs every metric's (or the given ones') first usable variant (catalog.json order, PREPARE /
      EXECUTE through psql, under an odd session TimeZone and DateStyle to
      prove the SQL does not depend on them) and compares with the reference
      (relative tolerance 1e-9). Exit status 1 on any difference.
  crosscheck.py retention ...same args as compare...
      runs data/metrics/retention.sql alone the same way and compares its
      cohorts and summaries with the reference's, for every granularity.
  crosscheck.py sqldoc ...same args as compare, one zone/granularity...
      prints the document built from the SQL results (what the engine would
      export).

Only needs python3 (stdlib) and psql.
"""

import argparse
import csv
import datetime as dt
import io
import json
import math
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
METRICS = os.path.join(ROOT, "data", "metrics")
REFERENCE = os.path.join(HERE, "pulse_metrics_reference.py")
INCLUDE_LINE = "-- @include "

sys.path.insert(0, HERE)
import pulse_metrics_reference as reference  # noqa: E402


def read_metric_sql(name):
    """A metric's SQL with its "-- @include FILE" lines pasted in, as the
    catalog loader does."""
    with open(os.path.join(METRICS, name), encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    out = []
    for line in lines:
        if line.startswith(INCLUDE_LINE):
            with open(os.path.join(METRICS, line[len(INCLUDE_LINE):].strip()), encoding="utf-8") as fh:
                line = fh.read()
        out.append(line)
    return "\n".join(out)

TRACKING_DDL = """
CREATE TABLE sessions (session_id UUID PRIMARY KEY, person_id BIGINT NOT NULL REFERENCES persons,
  started_at TIMESTAMPTZ NOT NULL, ended_at TIMESTAMPTZ, duration_seconds INT,
  page_views INT NOT NULL DEFAULT 0, device_type VARCHAR(32));
CREATE TABLE collection_shares (id BIGSERIAL PRIMARY KEY, collection_id BIGINT NOT NULL REFERENCES collections,
  shared_by_person_id BIGINT NOT NULL REFERENCES persons, shared_with_person_id BIGINT NOT NULL REFERENCES persons,
  shared_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  permission_level VARCHAR(16) NOT NULL CHECK (permission_level IN ('view','edit')));
CREATE TABLE collection_items (id BIGSERIAL PRIMARY KEY, collection_id BIGINT NOT NULL REFERENCES collections,
  profile_id BIGINT NOT NULL REFERENCES profiles, added_by_person_id BIGINT NOT NULL REFERENCES persons,
  added_at TIMESTAMPTZ NOT NULL DEFAULT now(), notes TEXT, deleted_at TIMESTAMPTZ);
"""


def psql(args, sql=None, stdin=None, csv_out=False, env_extra=None):
    cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    if csv_out:
        cmd.append("--csv")
    for flag, val in (("-h", args.host), ("-U", args.user), ("-d", args.dbname)):
        if val:
            cmd += [flag, val]
    if sql is not None:
        cmd += ["-c", sql]
    env = dict(os.environ, **(env_extra or {}))
    res = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env)
    if res.returncode != 0:
        sys.exit("psql failed:\n" + res.stderr)
    return res.stdout


# --------------------------------------------------------------------------
# random data

def generate(args):
    rnd = random.Random(args.seed)
    base = dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc)
    span = 60 * 86400   # 2026-02-01 .. 2026-04-02

    def t_rand():
        r = rnd.random()
        if r < 0.15:   # exactly on a UTC or New York midnight / DST edge
            day = base + dt.timedelta(days=rnd.randrange(60))
            return day + dt.timedelta(hours=rnd.choice([0, 0, 4, 5, 7]),
                                      microseconds=rnd.choice([0, 0, -1, 1]))
        return base + dt.timedelta(seconds=rnd.random() * span)

    def q(t):
        return "" if t is None else t.isoformat()

    n_persons = args.persons
    lines = {}

    def add(table, row):
        lines.setdefault(table, []).append(row)

    roles = {}
    for pid in range(1, n_persons + 1):
        created = t_rand()
        roles[pid] = rnd.choice(["BUILDER", "FINDER"])
        ver = created + dt.timedelta(hours=rnd.random() * 48) if rnd.random() < 0.7 else None
        onb = created + dt.timedelta(hours=rnd.random() * 72) if rnd.random() < 0.6 else None
        dele = created + dt.timedelta(days=rnd.random() * 20) if rnd.random() < 0.1 else None
        add("persons", [pid, "p%d@example.test" % pid, roles[pid], q(created), q(ver), q(onb), q(dele)])
        if rnd.random() < 0.85:
            comp = created + dt.timedelta(hours=rnd.random() * 100) if rnd.random() < 0.5 else None
            add("profiles", [pid, pid, "h", q(created), q(comp), q(created)])
    profiles = [r[0] for r in lines["profiles"]]

    # activity events in bursts; gaps around 30 minutes, duplicates, long chains
    for _ in range(n_persons * 6):
        pid = rnd.randrange(1, n_persons + 1)
        t = t_rand()
        for _k in range(rnd.choice([1, 1, 2, 3, 5, 8])):
            add("activity_events", [pid, "view", q(t)])
            t += rnd.choice([dt.timedelta(minutes=30), dt.timedelta(minutes=30, microseconds=1),
                             dt.timedelta(0), dt.timedelta(minutes=rnd.random() * 40),
                             dt.timedelta(hours=rnd.random() * 5)])
    for _ in range(3):   # chains of events every 20 minutes lasting days
        pid = rnd.randrange(1, n_persons + 1)
        t = t_rand()
        for _k in range(rnd.randrange(50, 400)):
            add("activity_events", [pid, "ping", q(t)])
            t += dt.timedelta(minutes=20)

    n_posts = n_persons
    for _ in range(n_posts):
        c = t_rand()
        add("posts", [rnd.randrange(1, n_persons + 1), q(c), q(c + dt.timedelta(days=2) if rnd.random() < 0.1 else None)])
    for _ in range(n_posts * 4):
        add("post_views", [rnd.randrange(1, n_posts + 1), rnd.choice([None, rnd.randrange(1, n_persons + 1)]), q(t_rand())])
    for _ in range(n_posts):
        add("post_reactions", [rnd.randrange(1, n_posts + 1), rnd.randrange(1, n_persons + 1), "like", q(t_rand())])
    for _ in range(n_posts // 2):
        c = t_rand()
        add("post_comments", [rnd.randrange(1, n_posts + 1), rnd.randrange(1, n_persons + 1), q(c),
                              q(c + dt.timedelta(hours=3) if rnd.random() < 0.2 else None)])
    for _ in range(n_persons):
        add("profile_updates", [rnd.choice(profiles), q(t_rand())])
        add("profile_views", [rnd.choice(profiles), rnd.choice([None, rnd.randrange(1, n_persons + 1)]), q(t_rand())])
        add("finder_searches", [rnd.randrange(1, n_persons + 1), "q", rnd.randrange(50), q(t_rand())])
        add("finder_votes", [rnd.randrange(1, n_persons + 1), rnd.choice(profiles), rnd.choice([1, -1]), q(t_rand())])
    n_colls = n_persons // 2
    for _ in range(n_colls):
        c = t_rand()
        d = None
        r = rnd.random()
        if r < 0.2:
            d = c + dt.timedelta(hours=rnd.random() * 300)
        elif r < 0.25:   # deleted exactly at a midnight
            d = (c + dt.timedelta(days=2)).replace(hour=rnd.choice([0, 5]), minute=0, second=0, microsecond=0)
        add("collections", [rnd.randrange(1, n_persons + 1), "c", rnd.choice(["PUBLIC", "PRIVATE"]), q(c), q(c), q(d)])

    if args.tracking:
        for i in range(n_persons * 3):
            s = t_rand()
            e = s + dt.timedelta(seconds=rnd.randrange(0, 7200)) if rnd.random() < 0.8 else None
            dur = rnd.randrange(0, 7200) if rnd.random() < 0.4 else None
            add("sessions", ["%08x-0000-4000-8000-%012x" % (args.seed, i), rnd.randrange(1, n_persons + 1),
                             q(s), q(e), dur, rnd.randrange(20), rnd.choice(["desktop", "mobile", None])])
        for _ in range(n_colls):
            add("collection_shares", [rnd.randrange(1, n_colls + 1), rnd.randrange(1, n_persons + 1),
                                      rnd.randrange(1, n_persons + 1), q(t_rand()), rnd.choice(["view", "edit"])])
        for _ in range(n_colls * 3):
            a = t_rand()
            d = a + dt.timedelta(hours=rnd.random() * 200) if rnd.random() < 0.2 else None
            add("collection_items", [rnd.randrange(1, n_colls + 1), rnd.choice(profiles), rnd.randrange(1, n_persons + 1),
                                     q(a), None, q(d)])

    cols = {
        "persons": "id, email, role, created_at, email_verified_at, onboarded_at, deleted_at",
        "profiles": "id, person_id, headline, created_at, completed_at, updated_at",
        "activity_events": "person_id, kind, occurred_at",
        "posts": "author_person_id, created_at, deleted_at",
        "post_views": "post_id, viewer_person_id, viewed_at",
        "post_reactions": "post_id, person_id, kind, created_at",
        "post_comments": "post_id, person_id, created_at, deleted_at",
        "profile_updates": "profile_id, updated_at",
        "profile_views": "profile_id, viewer_person_id, viewed_at",
        "finder_searches": "person_id, query, result_count, searched_at",
        "finder_votes": "person_id, profile_id, value, voted_at",
        "collections": "owner_person_id, name, privacy, created_at, updated_at, deleted_at",
        "sessions": "session_id, person_id, started_at, ended_at, duration_seconds, page_views, device_type",
        "collection_shares": "collection_id, shared_by_person_id, shared_with_person_id, shared_at, permission_level",
        "collection_items": "collection_id, profile_id, added_by_person_id, added_at, notes, deleted_at",
    }
    with open(os.path.join(ROOT, "data", "schema", "baseline.sql")) as fh:
        script = ["DROP SCHEMA IF EXISTS public CASCADE;", "CREATE SCHEMA public;", fh.read()]
    if args.tracking:
        script.append(TRACKING_DDL)
    for table in cols:
        if table not in lines:
            continue
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([["" if v is None else v for v in row] for row in lines[table]])
        script.append("COPY %s (%s) FROM STDIN WITH (FORMAT csv);\n%s\\.\n" % (table, cols[table], buf.getvalue()))
    script.append("ANALYZE;")
    psql(args, stdin="\n".join(script))
    print("generated: " + ", ".join("%s=%d" % (t, len(v)) for t, v in lines.items()))


# --------------------------------------------------------------------------
# documents

def sql_rows(args, m, variant, zone, gran):
    """The variant's rows, under an odd session TimeZone and DateStyle."""
    sql = read_metric_sql(variant["sql_file"])
    run = "PREPARE q(date, date, text, text) AS\n%s;\nEXECUTE q(%s, %s, %s, %s);\n" % (
        sql, *("'%s'" % x.replace("'", "''") for x in (args.d_from, args.d_to, zone, gran)))
    odd_session = {"PGTZ": "Pacific/Chatham", "PGDATESTYLE": "SQL, DMY"}
    return list(csv.DictReader(io.StringIO(psql(args, stdin=run, csv_out=True, env_extra=odd_session))))


def segments_of(m, rows, buckets):
    """{segment: {"series", "summary", ["histogram"], ["steps"]}} from rows."""
    out = {}
    step_order = [s["id"] for s in m.get("steps", [])]
    for r in rows:
        seg = out.setdefault(r["segment"], {"series": {}, "summary": {}})
        val = None if r["value"] == "" else float(r["value"])
        if r["kind"] == "series":
            seg["series"].setdefault(r["key"], [0] * len(buckets))[buckets.index(r["label"])] = val
        elif r["kind"] == "summary":
            seg["summary"][r["key"]] = val
        elif r["kind"] == "histogram":
            seg.setdefault("histogram", {})[r["label"]] = val
        elif r["kind"] == "step":
            seg.setdefault("steps", []).append({"id": r["label"], "value": val})
        else:
            raise SystemExit("%s: unknown kind %r" % (m["id"], r["kind"]))
    for seg in out.values():
        if "steps" in seg:
            seg["steps"].sort(key=lambda st: step_order.index(st["id"]))
        if "histogram" in m:
            seg.setdefault("histogram", {})
    return out


def sql_doc(args, zone, gran):
    """The format-2 document built from the SQL's rows (what the engine exports)."""
    with open(os.path.join(METRICS, "catalog.json")) as fh:
        catalog = json.load(fh)
    existing = {r["relname"] for r in csv.DictReader(io.StringIO(psql(
        args, "SELECT relname FROM pg_class WHERE relkind IN ('r','p','v') AND pg_table_is_visible(oid)",
        csv_out=True)))}
    cal = reference.Calendar(dt.date.fromisoformat(args.d_from), dt.date.fromisoformat(args.d_to),
                             reference.ZoneInfo(zone), gran)
    buckets = [lab.isoformat() for lab, _, _ in cal.buckets]
    catalog["metrics"] = [m for m in catalog["metrics"] if not args.metric or m["id"] in args.metric]
    values, sources = {}, {}
    for m in catalog["metrics"]:
        variant = next(v for v in m["variants"] if all(t in existing for t in v["requires"]))
        if m["id"] == "retention":
            values[m["id"]] = retention_sql_doc(args, zone, gran)
        else:
            values[m["id"]] = segments_of(m, sql_rows(args, m, variant, zone, gran), buckets)
        sources[m["id"]] = variant["source"]
    doc_args = argparse.Namespace(d_from=args.d_from, d_to=args.d_to, timezone=zone, granularity=gran)
    return reference.document(values, catalog, cal, doc_args, sources)


def ref_doc(args, zone, gran):
    cmd = [sys.executable, REFERENCE, "--from", args.d_from, "--to", args.d_to, "--timezone", zone,
           "--granularity", gran]
    for flag, val in (("--host", args.host), ("--user", args.user), ("--dbname", args.dbname)):
        if val:
            cmd += [flag, val]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append("%s/%s: only in %s" % (path, k, "sql" if k in a else "reference"))
            else:
                diff(a[k], b[k], "%s/%s" % (path, k), out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append("%s: length %d != %d" % (path, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s[%d]" % (path, i), out)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
            out.append("%s: sql %r != reference %r" % (path, a, b))
    elif a != b:
        out.append("%s: sql %r != reference %r" % (path, a, b))


def retention_sql_doc(args, zone, gran):
    """The retention document (see reference.retention) from the SQL's rows."""
    doc = {"period": gran}
    for seg in reference.SEGMENTS:
        body = doc if seg == "all" else doc.setdefault("segments", {}).setdefault(seg, {})
        body.update(cohorts=[], summary={})
    cohorts = {}
    for r in sql_rows(args, None, {"sql_file": "retention.sql"}, zone, gran):
        body = doc if r["segment"] == "all" else doc["segments"][r["segment"]]
        val = None if r["value"] == "" else float(r["value"])
        if r["kind"] == "summary":
            body["summary"][r["key"]] = val
            continue
        c = cohorts.get((r["segment"], r["key"]))
        if c is None:
            c = cohorts[(r["segment"], r["key"])] = {"start": r["key"], "on": {}, "on_or_after": {}}
            body["cohorts"].append(c)
        if r["kind"] == "cohort":
            c[r["label"]] = val
        elif r["kind"] == "cell":
            name, n = r["label"].split(":")
            c[name][int(n)] = val
        else:
            raise SystemExit("retention: unknown kind %r" % r["kind"])
    for c in cohorts.values():
        for name in ("on", "on_or_after"):
            c[name] = [c[name][n] for n in sorted(c[name])]
    for seg in reference.SEGMENTS:
        body = doc if seg == "all" else doc["segments"][seg]
        body["cohorts"].sort(key=lambda c: c["start"])
    return doc


def retention(args):
    D = reference.load_segments(reference.Db(args.host, args.user, args.dbname))
    bad = 0
    for zone in args.timezone or ["UTC"]:
        for gran in args.granularity or ["day"]:
            cal = reference.Calendar(dt.date.fromisoformat(args.d_from), dt.date.fromisoformat(args.d_to),
                                     reference.ZoneInfo(zone), gran)
            out = []
            diff(retention_sql_doc(args, zone, gran), reference.retention(D, cal), "", out)
            print("retention %s %s..%s %s: %s" % (zone, args.d_from, args.d_to, gran,
                                                  "OK" if not out else "%d differences" % len(out)))
            for line in out[:40]:
                print("   " + line)
            bad += len(out)
    return 1 if bad else 0


def compare(args):
    bad = 0
    for zone in args.timezone or ["UTC"]:
        for gran in args.granularity or ["day"]:
            out = []
            ref = ref_doc(args, zone, gran)
            if args.metric:
                ref["metrics"] = {k: v for k, v in ref["metrics"].items() if k in args.metric}
            diff(sql_doc(args, zone, gran), ref, "", out)
            print("%s %s..%s %s: %s" % (zone, args.d_from, args.d_to, gran,
                                        "OK" if not out else "%d differences" % len(out)))
            for line in out[:40]:
                print("   " + line)
            bad += len(out)
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=("generate", "compare", "retention", "sqldoc"))
    ap.add_argument("--host")
    ap.add_argument("--user")
    ap.add_argument("--dbname")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--persons", type=int, default=300)
    ap.add_argument("--tracking", action="store_true")
    ap.add_argument("--from", dest="d_from", default="2026-03-01")
    ap.add_argument("--to", dest="d_to", default="2026-03-31")
    ap.add_argument("--timezone", action="append")
    ap.add_argument("--granularity", action="append", choices=("day", "week", "month"))
    ap.add_argument("--metric", action="append")
    args = ap.parse_args()
    if args.command == "generate":
        generate(args)
        return 0
    if args.command == "sqldoc":
        json.dump(sql_doc(args, (args.timezone or ["UTC"])[0], (args.granularity or ["day"])[0]), sys.stdout, indent=2)
        print()
        return 0
    if args.command == "retention":
        return retention(args)
    return compare(args)


if __name__ == "__main__":
    sys.exit(main())
