#!/usr/bin/env python3
"""Independent reference implementation of the Pulse metric definitions.

It does NOT use data/metrics/*.sql: it reads the raw tables with
`psql --csv -c 'SELECT ... ORDER BY id'` and computes every metric of
docs/metrics.md in plain Python, directly from the prose definitions (naive
per-day / per-bucket loops, instants compared as integer microseconds).
Tests use it to cross-check the C engine on random generated data.

Usage:
  pulse_metrics_reference.py --host H --user U --dbname D \
      --from 2026-03-05 --to 2026-03-14 --timezone America/New_York \
      [--granularity day|week|month] [--catalog data/metrics/catalog.json]

Prints the export JSON document to stdout:
  {"range": {"from", "to", "timezone"}, "days": [...],
   "metrics": {"<id>": {"title", "group", "unit", "source",
                        "series": {"<series id>": [value per day]},
                        "summary": {"<summary id>": value}}, ...}}
signup_funnel also has "steps"; active_days also "histogram" and "mean".
With --granularity week|month (not part of the export contract, for testing
the bucket rules) "days" holds the bucket labels and "range" gets
"granularity".

Day boundaries: day d is [d 00:00, d+1 00:00) in the zone. The local midnight
is converted to an instant the way PostgreSQL's `timestamp AT TIME ZONE`
does: where the wall time is skipped or repeated by a transition, the later
of the two candidate instants is used.
"""

import argparse
import bisect
import csv
import datetime as dt
import io
import json
import os
import statistics
import subprocess
import sys
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = dt.timedelta(microseconds=1)
MIN30 = 30 * 60 * 1_000_000          # 30 minutes in microseconds
DAYS7 = 7 * 24 * 3600 * 1_000_000    # 7 days (168 hours) in microseconds
TRACKING = ("sessions", "collection_shares", "collection_items")


# --------------------------------------------------------------------------
# reading the database

class Db:
    def __init__(self, host, user, dbname):
        self.base = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--csv"]
        if host:
            self.base += ["-h", host]
        if user:
            self.base += ["-U", user]
        if dbname:
            self.base += ["-d", dbname]
        # Timestamps come back in UTC, ISO format, whatever the server defaults.
        self.env = dict(os.environ, PGTZ="UTC", PGDATESTYLE="ISO, YMD")

    def query(self, sql):
        res = subprocess.run(self.base + ["-c", sql], env=self.env,
                             capture_output=True, text=True)
        if res.returncode != 0:
            sys.exit("psql failed: %s\n%s" % (sql, res.stderr))
        return list(csv.DictReader(io.StringIO(res.stdout)))


def ts(text):
    """'2026-03-05 12:00:00.5+00' -> microseconds since the epoch (None for NULL)."""
    if text is None or text == "":
        return None
    return (dt.datetime.fromisoformat(text) - EPOCH) // ONE_US


def num(text):
    return None if text is None or text == "" else int(text)


def load(db):
    exists = {}
    for t in TRACKING:
        rows = db.query("SELECT to_regclass('%s') IS NOT NULL AS e" % t)
        exists[t] = rows[0]["e"] == "t"

    D = {"exists": exists}
    D["persons"] = [dict(id=int(r["id"]), role=r["role"], created_at=ts(r["created_at"]),
                         email_verified_at=ts(r["email_verified_at"]),
                         onboarded_at=ts(r["onboarded_at"]))
                    for r in db.query("SELECT id, role, created_at, email_verified_at, onboarded_at "
                                      "FROM persons ORDER BY id")]
    D["profiles"] = [dict(id=int(r["id"]), person_id=int(r["person_id"]),
                          completed_at=ts(r["completed_at"]))
                     for r in db.query("SELECT id, person_id, completed_at FROM profiles ORDER BY id")]
    D["profile_updates"] = [(ts(r["updated_at"]), int(r["profile_id"]))
                            for r in db.query("SELECT id, profile_id, updated_at FROM profile_updates ORDER BY id")]
    D["posts"] = [(ts(r["created_at"]), int(r["author_person_id"]))
                  for r in db.query("SELECT id, author_person_id, created_at FROM posts ORDER BY id")]
    D["post_views"] = [(ts(r["viewed_at"]), None)
                       for r in db.query("SELECT id, viewed_at FROM post_views ORDER BY id")]
    D["post_reactions"] = [(ts(r["created_at"]), None)
                           for r in db.query("SELECT id, created_at FROM post_reactions ORDER BY id")]
    D["post_comments"] = [(ts(r["created_at"]), None)
                          for r in db.query("SELECT id, created_at FROM post_comments ORDER BY id")]
    D["profile_views"] = [(ts(r["viewed_at"]), int(r["profile_id"]))
                          for r in db.query("SELECT id, profile_id, viewed_at FROM profile_views ORDER BY id")]
    D["finder_searches"] = [(ts(r["searched_at"]), int(r["person_id"]))
                            for r in db.query("SELECT id, person_id, searched_at FROM finder_searches ORDER BY id")]
    D["finder_votes"] = [(ts(r["voted_at"]), int(r["value"]))
                         for r in db.query("SELECT id, value, voted_at FROM finder_votes ORDER BY id")]
    D["collections"] = [dict(id=int(r["id"]), owner=int(r["owner_person_id"]), privacy=r["privacy"],
                             created_at=ts(r["created_at"]), deleted_at=ts(r["deleted_at"]))
                        for r in db.query("SELECT id, owner_person_id, privacy, created_at, deleted_at "
                                          "FROM collections ORDER BY id")]
    D["activity_events"] = [(ts(r["occurred_at"]), int(r["person_id"]))
                            for r in db.query("SELECT id, person_id, occurred_at FROM activity_events ORDER BY id")]
    if exists["sessions"]:
        D["sessions"] = [dict(person_id=int(r["person_id"]), started_at=ts(r["started_at"]),
                              ended_at=ts(r["ended_at"]), duration_seconds=num(r["duration_seconds"]))
                         for r in db.query("SELECT session_id, person_id, started_at, ended_at, duration_seconds "
                                           "FROM sessions ORDER BY session_id")]
    if exists["collection_shares"]:
        D["collection_shares"] = [(ts(r["shared_at"]), int(r["collection_id"]))
                                  for r in db.query("SELECT id, collection_id, shared_at "
                                                    "FROM collection_shares ORDER BY id")]
    if exists["collection_items"]:
        D["collection_items"] = [dict(profile_id=int(r["profile_id"]), added_at=ts(r["added_at"]),
                                      deleted_at=ts(r["deleted_at"]))
                                 for r in db.query("SELECT id, profile_id, added_at, deleted_at "
                                                   "FROM collection_items ORDER BY id")]
    return D


# --------------------------------------------------------------------------
# calendar

def local_midnight(day, zone):
    """Instant (us) of day 00:00 in zone; the later candidate where ambiguous/skipped."""
    naive = dt.datetime(day.year, day.month, day.day)
    cands = [(naive.replace(tzinfo=zone, fold=f).astimezone(UTC) - EPOCH) // ONE_US for f in (0, 1)]
    return max(cands)


class Calendar:
    def __init__(self, d_from, d_to, zone, granularity):
        self.d_from, self.d_to, self.zone = d_from, d_to, zone
        self._start = {}
        n = (d_to - d_from).days + 1
        self.days = [d_from + dt.timedelta(days=i) for i in range(n)]
        # buckets: (label, first day, last day) of consecutive in-range days
        groups = {}
        for d in self.days:
            if granularity == "day":
                nat = d
            elif granularity == "week":
                nat = d - dt.timedelta(days=d.weekday())          # ISO week, Monday start
            elif granularity == "month":
                nat = d.replace(day=1)
            else:
                raise SystemExit("bad granularity " + granularity)
            groups.setdefault(max(nat, d_from), []).append(d)
        self.buckets = [(lab, ds[0], ds[-1]) for lab, ds in sorted(groups.items())]

    def start(self, day):
        if day not in self._start:
            self._start[day] = local_midnight(day, self.zone)
        return self._start[day]

    def end(self, day):
        return self.start(day + dt.timedelta(days=1))

    def range_span(self):
        return self.start(self.d_from), self.end(self.d_to)


class Rows:
    """Rows (instant, payload) sorted by instant, sliceable by [a, b)."""

    def __init__(self, rows):
        self.rows = sorted((r for r in rows if r[0] is not None), key=lambda r: r[0])
        self.keys = [r[0] for r in self.rows]

    def between(self, a, b):
        return self.rows[bisect.bisect_left(self.keys, a):bisect.bisect_left(self.keys, b)]


def ratio(num_, den):
    return float(num_) / den if den else 0.0


# --------------------------------------------------------------------------
# metrics

def compute(D, cal):
    role = {p["id"]: p["role"] for p in D["persons"]}
    B = cal.buckets
    R0, R1 = cal.range_span()
    span = [(cal.start(first), cal.end(last)) for _, first, last in B]
    out = {}

    def per_bucket(fn):
        return [fn(a, b) for a, b in span]

    # signups
    persons = Rows((p["created_at"], p) for p in D["persons"])
    ser = {"all": [], "BUILDER": [], "FINDER": []}
    for a, b in span:
        rows = persons.between(a, b)
        ser["all"].append(len(rows))
        for r in ("BUILDER", "FINDER"):
            ser[r].append(sum(1 for _, p in rows if p["role"] == r))
    out["signups"] = dict(source="table", series=ser, summary={})

    # signup_funnel
    profile_of = {p["person_id"]: p for p in D["profiles"]}
    events_by_person = {}
    for t, pid in D["activity_events"]:
        events_by_person.setdefault(pid, []).append(t)
    for v in events_by_person.values():
        v.sort()
    step_ids = ["created", "email_verified", "onboarded", "profile_completed", "first_activity_7d"]
    counts = {s: {"all": 0, "BUILDER": 0, "FINDER": 0} for s in step_ids}
    for _, p in persons.between(R0, R1):
        prof = profile_of.get(p["id"])
        evs = events_by_person.get(p["id"], [])
        i = bisect.bisect_left(evs, p["created_at"])
        met = [True,
               p["email_verified_at"] is not None,
               p["onboarded_at"] is not None,
               prof is not None and prof["completed_at"] is not None,
               i < len(evs) and evs[i] < p["created_at"] + DAYS7]
        ok = True
        for s, m in zip(step_ids, met):
            ok = ok and m
            if ok:
                counts[s]["all"] += 1
                counts[s][p["role"]] += 1
    out["signup_funnel"] = dict(source="table", series={}, summary={},
                                steps=[dict(id=s, **counts[s]) for s in step_ids])

    # activity
    events = Rows(D["activity_events"])

    def active(a, b, r=None):
        return {pid for _, pid in events.between(a, b) if r is None or role[pid] == r}

    ser = {"all": [], "BUILDER": [], "FINDER": []}
    for a, b in span:
        act = active(a, b)
        ser["all"].append(len(act))
        for r in ("BUILDER", "FINDER"):
            ser[r].append(sum(1 for pid in act if role[pid] == r))
    out["dau"] = dict(source="table", series=ser, summary={})

    def trailing(day, ndays, r=None):
        first = day - dt.timedelta(days=ndays - 1)
        return len(active(cal.start(first), cal.end(day), r))

    out["wau"] = dict(source="table", summary={},
                      series={"all": [trailing(last, 7) for _, _, last in B]})
    out["mau"] = dict(source="table", summary={},
                      series={k: [trailing(last, 30, r) for _, _, last in B]
                              for k, r in (("all", None), ("BUILDER", "BUILDER"), ("FINDER", "FINDER"))})

    def stick(day):
        mau = trailing(day, 30)
        return len(active(cal.start(day), cal.end(day))) / mau if mau else 0.0

    vals = []
    for _, first, last in B:
        ds = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        vals.append(sum(stick(d) for d in ds) / len(ds))
    out["stickiness"] = dict(source="table", summary={}, series={"all": vals})

    out["events_per_active_user"] = dict(source="table", summary={}, series={
        "all": per_bucket(lambda a, b: ratio(len(events.between(a, b)), len(active(a, b))))})

    # active_days over the whole range
    starts = [cal.start(d) for d in cal.days] + [R1]
    days_of = {}
    for t, pid in events.between(R0, R1):
        k = bisect.bisect_right(starts, t) - 1
        days_of.setdefault(pid, set()).add(k)
    hist = {}
    for s in days_of.values():
        hist[len(s)] = hist.get(len(s), 0) + 1
    mean = (sum(len(s) for s in days_of.values()) / len(days_of)) if days_of else 0.0
    out["active_days"] = dict(source="table", series={}, summary={"mean": float(mean)},
                              histogram={str(k): hist[k] for k in sorted(hist)}, mean=float(mean))

    # session_duration
    if D["exists"]["sessions"]:
        sess = []
        for s in D["sessions"]:
            if s["duration_seconds"] is not None:
                d = float(s["duration_seconds"])
            elif s["ended_at"] is not None:
                d = (s["ended_at"] - s["started_at"]) / 1e6
            else:
                d = None
            sess.append((s["started_at"], d))
        source = "table"
    else:
        sess = []
        for pid, evs in events_by_person.items():
            first = last = None
            for t in evs:                        # all of the person's events
                if first is None or t - last > MIN30:
                    if first is not None:
                        sess.append((first, (last - first) / 1e6))
                    first = t
                last = t
            if first is not None:
                sess.append((first, (last - first) / 1e6))
        source = "estimated"
    sess = Rows(sess)
    ser = {"sessions": [], "avg_seconds": [], "median_seconds": []}
    for a, b in span:
        rows = sess.between(a, b)
        known = [d for _, d in rows if d is not None]
        ser["sessions"].append(len(rows))
        ser["avg_seconds"].append(float(sum(known) / len(known)) if known else None)
        ser["median_seconds"].append(float(statistics.median(known)) if known else None)
    out["session_duration"] = dict(source=source, series=ser, summary={})

    # posts
    posts = Rows(D["posts"])
    in_range = posts.between(R0, R1)
    out["post_frequency"] = dict(source="table", series={"posts": per_bucket(lambda a, b: len(posts.between(a, b)))},
                                 summary={"posts_per_author": ratio(len(in_range), len({x for _, x in in_range}))})
    reactions, comments, views = Rows(D["post_reactions"]), Rows(D["post_comments"]), Rows(D["post_views"])
    ser = {"rate": [], "reactions": [], "comments": [], "views": []}
    for a, b in span:
        r, c, v = len(reactions.between(a, b)), len(comments.between(a, b)), len(views.between(a, b))
        ser["rate"].append((r + c) / v if v else None)
        ser["reactions"].append(r)
        ser["comments"].append(c)
        ser["views"].append(v)
    out["post_engagement_rate"] = dict(source="table", series=ser, summary={})

    # profiles
    def count_distinct(rows, k_count, k_distinct):
        rows = Rows(rows)
        return {k_count: per_bucket(lambda a, b: len(rows.between(a, b))),
                k_distinct: per_bucket(lambda a, b: len({x for _, x in rows.between(a, b)}))}

    out["profile_update_frequency"] = dict(source="table", summary={},
                                           series=count_distinct(D["profile_updates"], "updates", "profiles_updated"))
    out["profile_views"] = dict(source="table", summary={},
                                series=count_distinct(D["profile_views"], "views", "profiles_viewed"))

    # finders
    searches = Rows(D["finder_searches"])
    in_range = searches.between(R0, R1)
    out["finder_searches"] = dict(source="table",
                                  series={"searches": per_bucket(lambda a, b: len(searches.between(a, b)))},
                                  summary={"searches_per_searcher": ratio(len(in_range), len({x for _, x in in_range}))})
    votes = Rows(D["finder_votes"])
    out["finder_votes"] = dict(source="table", summary={}, series={
        "up": per_bucket(lambda a, b: sum(1 for _, v in votes.between(a, b) if v == 1)),
        "down": per_bucket(lambda a, b: sum(1 for _, v in votes.between(a, b) if v == -1))})

    # collections
    colls = Rows((c["created_at"], c) for c in D["collections"])
    out["collections_created"] = dict(source="table", summary={}, series={
        pr: per_bucket(lambda a, b, pr=pr: sum(1 for _, c in colls.between(a, b) if c["privacy"] == pr))
        for pr in ("PUBLIC", "PRIVATE")})

    def alive(c, e):
        return c["created_at"] < e and (c["deleted_at"] is None or c["deleted_at"] >= e)

    out["collection_privacy"] = dict(source="table", summary={}, series={
        pr: [sum(1 for c in D["collections"] if c["privacy"] == pr and alive(c, cal.end(last)))
             for _, _, last in B]
        for pr in ("PUBLIC", "PRIVATE")})

    if D["exists"]["collection_shares"]:
        out["shared_collections"] = dict(source="table", summary={},
                                         series=count_distinct(D["collection_shares"], "shares", "collections_shared"))
    else:
        out["shared_collections"] = dict(source="proxy", summary={}, series={
            "public_collections_created":
                per_bucket(lambda a, b: sum(1 for _, c in colls.between(a, b) if c["privacy"] == "PUBLIC"))})

    if D["exists"]["collection_items"]:
        items = D["collection_items"]
        series = count_distinct([(i["added_at"], i["profile_id"]) for i in items], "items_added", "profiles_collected")
        live_items = sum(1 for i in items
                         if i["added_at"] < R1 and (i["deleted_at"] is None or i["deleted_at"] >= R1))
        live_colls = sum(1 for c in D["collections"] if alive(c, R1))
        out["collection_items"] = dict(source="table", series=series,
                                       summary={"live_items_per_live_collection": ratio(live_items, live_colls)})
    else:
        in_range = colls.between(R0, R1)
        out["collection_items"] = dict(source="proxy", series={}, summary={
            "collections_per_owner": ratio(len(in_range), len({c["owner"] for _, c in in_range}))})
    return out


# --------------------------------------------------------------------------

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host")
    ap.add_argument("--user")
    ap.add_argument("--dbname")
    ap.add_argument("--from", dest="d_from", required=True)
    ap.add_argument("--to", dest="d_to", required=True)
    ap.add_argument("--timezone", default="UTC")
    ap.add_argument("--granularity", default="day", choices=("day", "week", "month"))
    ap.add_argument("--catalog", default=os.path.join(here, "..", "..", "data", "metrics", "catalog.json"))
    args = ap.parse_args()

    d_from = dt.date.fromisoformat(args.d_from)
    d_to = dt.date.fromisoformat(args.d_to)
    cal = Calendar(d_from, d_to, ZoneInfo(args.timezone), args.granularity)
    with open(args.catalog) as fh:
        catalog = json.load(fh)

    values = compute(load(Db(args.host, args.user, args.dbname)), cal)

    rng = {"from": args.d_from, "to": args.d_to, "timezone": args.timezone}
    if args.granularity != "day":
        rng["granularity"] = args.granularity
    doc = {"range": rng, "days": [lab.isoformat() for lab, _, _ in cal.buckets], "metrics": {}}
    for m in catalog["metrics"]:
        v = values[m["id"]]
        entry = {"title": m["title"], "group": m["group"], "unit": m["unit"], "source": v["source"],
                 "series": v["series"], "summary": v["summary"]}
        for extra in ("steps", "histogram", "mean"):
            if extra in v:
                entry[extra] = v[extra]
        doc["metrics"][m["id"]] = entry
    json.dump(doc, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
