#!/usr/bin/env python3
"""Independent reference implementation of the Pulse metric definitions.

It does NOT use data/metrics/*.sql: it reads the raw tables with
`psql --csv -c 'SELECT ...'` and computes every metric of
docs/metrics.md in plain Python, directly from the prose definitions (naive
per-day / per-bucket loops, instants compared as integer microseconds).
Tests use it to cross-check the C engine on random generated data.

Usage:
  pulse_metrics_reference.py --host H --user U --dbname D \
      --from 2026-03-05 --to 2026-03-14 --timezone America/New_York \
      [--granularity day|week|month] [--catalog data/metrics/catalog.json]

Prints the export JSON document, format 2, to stdout:
  {"format": 2, "range": {"from", "to", "timezone"}, "granularity", "days",
   "buckets", "metrics": {"<id>": {"title", "group", "unit", "source",
       "series": {"<series id>": [value per bucket]}, "summary": {...},
       ["histogram", "mean"], ["steps": [{"id", "value"}]],
       "segments": {"BUILDER": {...same keys...}, "FINDER": {...}}}}}
Every metric is computed per segment ('all', 'BUILDER', 'FINDER': the role
of the person the definition names); signups, dau and mau also carry each
role's series among the all-users series, as format 1 did.

Day boundaries: day d is [d 00:00, d+1 00:00) in the zone. The local midnight
is converted to an instant the way PostgreSQL's `timestamp AT TIME ZONE`
does: where the wall time is skipped or repeated by a transition, the later
of the two candidate instants is used.
"""

import argparse
import bisect
import collections
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


# --------------------------------------------------------------------------
# calendar

def local_midnight(day, zone):
    """Instant (us) of day 00:00 in zone; the later candidate where ambiguous/skipped."""
    naive = dt.datetime(day.year, day.month, day.day)
    cands = [(naive.replace(tzinfo=zone, fold=f).astimezone(UTC) - EPOCH) // ONE_US for f in (0, 1)]
    return max(cands)


class Calendar:
    def __init__(self, d_from, d_to, zone, granularity):
        if granularity not in ("day", "week", "month"):
            raise SystemExit("bad granularity " + granularity)
        self.d_from, self.d_to, self.zone, self.granularity = d_from, d_to, zone, granularity
        self._start = {}
        n = (d_to - d_from).days + 1
        self.days = [d_from + dt.timedelta(days=i) for i in range(n)]
        # buckets: (label, first day, last day) of consecutive in-range days
        groups = {}
        for d in self.days:
            groups.setdefault(max(self.period_start(d), d_from), []).append(d)
        self.buckets = [(lab, ds[0], ds[-1]) for lab, ds in sorted(groups.items())]

    def period_start(self, day):
        """First day of the whole calendar period (day, ISO week from Monday, month) of day."""
        if self.granularity == "day":
            return day
        if self.granularity == "week":
            return day - dt.timedelta(days=day.weekday())
        return day.replace(day=1)

    def previous_period(self, day):
        """(first, last) day of the whole calendar period before the one of day."""
        last = self.period_start(day) - dt.timedelta(days=1)
        return self.period_start(last), last

    def start(self, day):
        if day not in self._start:
            self._start[day] = local_midnight(day, self.zone)
        return self._start[day]

    def end(self, day):
        return self.start(day + dt.timedelta(days=1))

    def range_span(self):
        return self.start(self.d_from), self.end(self.d_to)


def ratio(num_, den):
    return float(num_) / den if den else 0.0


# --------------------------------------------------------------------------
# metrics, per segment

SEGMENTS = ("all", "BUILDER", "FINDER")


def _rows(db, sql, **conv):
    out = []
    for r in db.query(sql):
        out.append({k: (conv[k](v) if k in conv else v) for k, v in r.items()})
    return out


def _int(v):
    return None if v in (None, "") else int(v)


def load_segments(db):
    exists = {t: db.query("SELECT to_regclass('%s') IS NOT NULL AS e" % t)[0]["e"] == "t" for t in TRACKING}
    T = dict(id=_int, person_id=_int, profile_id=_int, post_id=_int, collection_id=_int, value=_int,
             author_person_id=_int, viewer_person_id=_int, owner_person_id=_int,
             shared_by_person_id=_int, added_by_person_id=_int,
             created_at=ts, email_verified_at=ts, onboarded_at=ts, completed_at=ts, updated_at=ts,
             viewed_at=ts, occurred_at=ts, searched_at=ts, voted_at=ts, deleted_at=ts, started_at=ts,
             ended_at=ts, shared_at=ts, added_at=ts, duration_seconds=num)
    q = lambda sql: _rows(db, sql, **T)
    D = {"exists": exists}
    D["persons"] = q("SELECT id, role, created_at, email_verified_at, onboarded_at FROM persons")
    D["profiles"] = q("SELECT id, person_id, completed_at FROM profiles")
    D["profile_updates"] = q("SELECT profile_id, updated_at FROM profile_updates")
    D["posts"] = q("SELECT id, author_person_id, created_at FROM posts")
    D["post_views"] = q("SELECT post_id, viewed_at FROM post_views")
    D["post_reactions"] = q("SELECT post_id, created_at FROM post_reactions")
    D["post_comments"] = q("SELECT post_id, created_at FROM post_comments")
    D["profile_views"] = q("SELECT profile_id, viewer_person_id, viewed_at FROM profile_views")
    D["finder_searches"] = q("SELECT person_id, searched_at FROM finder_searches")
    D["finder_votes"] = q("SELECT person_id, value, voted_at FROM finder_votes")
    D["collections"] = q("SELECT id, owner_person_id, privacy, created_at, deleted_at FROM collections")
    D["activity_events"] = q("SELECT person_id, occurred_at FROM activity_events")
    if exists["sessions"]:
        D["sessions"] = q("SELECT person_id, started_at, ended_at, duration_seconds FROM sessions")
    if exists["collection_shares"]:
        D["collection_shares"] = q("SELECT collection_id, shared_by_person_id, shared_at FROM collection_shares")
    if exists["collection_items"]:
        D["collection_items"] = q("SELECT collection_id, profile_id, added_by_person_id, added_at, deleted_at "
                                  "FROM collection_items")
    return D


def compute_segments(D, cal):
    role = {p["id"]: p["role"] for p in D["persons"]}
    in_seg = lambda pid, seg: seg == "all" or (pid is not None and role.get(pid) == seg)
    R0, R1 = cal.range_span()
    spans = [(cal.start(first), cal.end(last)) for _, first, last in cal.buckets]
    lasts = [last for _, _, last in cal.buckets]
    day_starts = [cal.start(d) for d in cal.days] + [R1]
    n_days = len(cal.days)

    def within(t, a, b):
        return t is not None and a <= t < b

    def flow(rows, tcol, who, series, summary):
        """series: {key: f(rows of a bucket)}, summary: {key: f(rows of the range)}"""
        out = {}
        for seg in SEGMENTS:
            mine = [r for r in rows if in_seg(who(r), seg)]
            out[seg] = dict(
                series={k: [f([r for r in mine if within(r[tcol], a, b)]) for a, b in spans]
                        for k, f in series.items()},
                summary={k: f([r for r in mine if within(r[tcol], R0, R1)]) for k, f in summary.items()})
        return out

    count = len
    distinct = lambda col: (lambda rs: len({r[col] for r in rs}))
    per = lambda col: (lambda rs: ratio(len(rs), len({r[col] for r in rs})))
    res = {}

    res["signups"] = flow(D["persons"], "created_at", lambda r: r["id"], {"all": count}, {"total": count})

    # activity: per segment, the set of (day index, person) and events per day
    ev_day = {}
    events_by_person = {}
    for e in D["activity_events"]:
        events_by_person.setdefault(e["person_id"], []).append(e["occurred_at"])
    for v in events_by_person.values():
        v.sort()

    def active(seg, a, b):
        return {pid for pid, evs in events_by_person.items() if in_seg(pid, seg)
                and bisect.bisect_left(evs, a) < bisect.bisect_left(evs, b)}

    def n_events(seg, a, b):
        return sum(bisect.bisect_left(evs, b) - bisect.bisect_left(evs, a)
                   for pid, evs in events_by_person.items() if in_seg(pid, seg))

    def trailing(seg, day, n):
        return len(active(seg, cal.start(day - dt.timedelta(days=n - 1)), cal.end(day)))

    day_span = [(cal.start(d), cal.end(d)) for d in cal.days]
    for m in ("dau", "wau", "mau", "stickiness", "events_per_active_user", "active_days"):
        res[m] = {}
    for seg in SEGMENTS:
        daily_dau = [len(active(seg, a, b)) for a, b in day_span]
        res["dau"][seg] = dict(series={"all": [len(active(seg, a, b)) for a, b in spans]},
                               summary={"daily_average": sum(daily_dau) / n_days})
        for m, n in (("wau", 7), ("mau", 30)):
            res[m][seg] = dict(series={"all": [trailing(seg, d, n) for d in lasts]},
                               summary={"latest": trailing(seg, cal.days[-1], n)})
        stick = {}
        for d, u in zip(cal.days, daily_dau):
            mau = trailing(seg, d, 30)
            stick[d] = u / mau if mau else 0.0
        res["stickiness"][seg] = dict(
            series={"all": [statistics.fmean(stick[first + dt.timedelta(days=i)]
                                             for i in range((last - first).days + 1))
                            for _, first, last in cal.buckets]},
            summary={"daily_average": statistics.fmean(stick.values())})
        res["events_per_active_user"][seg] = dict(
            series={"all": [ratio(n_events(seg, a, b), len(active(seg, a, b))) for a, b in spans]},
            summary={"per_active_day": ratio(n_events(seg, R0, R1), sum(daily_dau))})
        ks = []
        for pid, evs in events_by_person.items():
            if in_seg(pid, seg):
                days = {bisect.bisect_right(day_starts, t) - 1 for t in evs if R0 <= t < R1}
                if days:
                    ks.append(len(days))
        hist = {}
        for k in ks:
            hist[str(k)] = hist.get(str(k), 0) + 1
        res["active_days"][seg] = dict(series={}, summary={"mean": statistics.fmean(ks) if ks else 0.0},
                                       histogram=hist)

    res["lifecycle"] = _lifecycle(D, cal, role, events_by_person)

    # session_duration: the recorded sessions and, before the first of them
    # (all of time while there is none), the estimate from activity events
    estimated = []
    for pid, evs in events_by_person.items():
        first = last = None
        for t in evs:
            if first is None or t - last > MIN30:
                if first is not None:
                    estimated.append(dict(t=first, pid=pid, d=(last - first) / 1e6, est=True))
                first = t
            last = t
        if first is not None:
            estimated.append(dict(t=first, pid=pid, d=(last - first) / 1e6, est=True))
    if D["exists"]["sessions"]:
        sess = []
        for s in D["sessions"]:
            d = s["duration_seconds"]
            if d is None and s["ended_at"] is not None:
                d = (s["ended_at"] - s["started_at"]) / 1e6
            sess.append(dict(t=s["started_at"], pid=s["person_id"], d=None if d is None else float(d), est=False))
        first_recorded = min((s["t"] for s in sess), default=None)
        sess += [e for e in estimated if first_recorded is None or e["t"] < first_recorded]
    else:
        sess = estimated

    def avg(rs):
        k = [r["d"] for r in rs if r["d"] is not None]
        return statistics.fmean(k) if k else None

    def med(rs):
        k = [r["d"] for r in rs if r["d"] is not None]
        return float(statistics.median(k)) if k else None

    stats = {"sessions": count, "avg_seconds": avg, "median_seconds": med}
    if D["exists"]["sessions"]:
        stats["estimated_sessions"] = lambda rs: sum(1 for r in rs if r["est"])
    res["session_duration"] = flow(sess, "t", lambda r: r["pid"], stats, stats)

    res["post_frequency"] = flow(D["posts"], "created_at", lambda r: r["author_person_id"],
                                 {"posts": count}, {"total": count, "posts_per_author": per("author_person_id")})

    author = {p["id"]: p["author_person_id"] for p in D["posts"]}
    eng = ([dict(t=r["created_at"], post=r["post_id"], what="reactions") for r in D["post_reactions"]] +
           [dict(t=r["created_at"], post=r["post_id"], what="comments") for r in D["post_comments"]] +
           [dict(t=r["viewed_at"], post=r["post_id"], what="views") for r in D["post_views"]])
    n_what = lambda w: (lambda rs: sum(1 for r in rs if r["what"] == w))

    def rate(rs):
        v = n_what("views")(rs)
        return (n_what("reactions")(rs) + n_what("comments")(rs)) / v if v else None

    fs = {"rate": rate, "reactions": n_what("reactions"), "comments": n_what("comments"), "views": n_what("views")}
    res["post_engagement_rate"] = flow(eng, "t", lambda r: author.get(r["post"]), fs, fs)

    owner_of_profile = {p["id"]: p["person_id"] for p in D["profiles"]}
    fs = {"updates": count, "profiles_updated": distinct("profile_id")}
    res["profile_update_frequency"] = flow(D["profile_updates"], "updated_at",
                                           lambda r: owner_of_profile.get(r["profile_id"]), fs, fs)
    fs = {"views": count, "profiles_viewed": distinct("profile_id")}
    res["profile_views"] = flow(D["profile_views"], "viewed_at", lambda r: r["viewer_person_id"], fs, fs)

    res["finder_searches"] = flow(D["finder_searches"], "searched_at", lambda r: r["person_id"],
                                  {"searches": count}, {"total": count, "searches_per_searcher": per("person_id")})
    up = lambda rs: sum(1 for r in rs if r["value"] == 1)
    down = lambda rs: sum(1 for r in rs if r["value"] == -1)
    res["finder_votes"] = flow(D["finder_votes"], "voted_at", lambda r: r["person_id"],
                               {"up": up, "down": down}, {"up": up, "down": down, "total": lambda rs: up(rs) + down(rs)})

    priv = lambda p: (lambda rs: sum(1 for r in rs if r["privacy"] == p))
    res["collections_created"] = flow(D["collections"], "created_at", lambda r: r["owner_person_id"],
                                      {"PUBLIC": priv("PUBLIC"), "PRIVATE": priv("PRIVATE")},
                                      {"PUBLIC": priv("PUBLIC"), "PRIVATE": priv("PRIVATE"),
                                       "total": count})

    def alive(c, e):
        return c["created_at"] < e and (c["deleted_at"] is None or c["deleted_at"] >= e)

    res["collection_privacy"] = {}
    for seg in SEGMENTS:
        mine = [c for c in D["collections"] if in_seg(c["owner_person_id"], seg)]
        at = lambda e, p: sum(1 for c in mine if c["privacy"] == p and alive(c, e))
        res["collection_privacy"][seg] = dict(
            series={p: [at(cal.end(d), p) for d in lasts] for p in ("PUBLIC", "PRIVATE")},
            summary={"PUBLIC": at(R1, "PUBLIC"), "PRIVATE": at(R1, "PRIVATE"),
                     "total": at(R1, "PUBLIC") + at(R1, "PRIVATE")})

    public = [c for c in D["collections"] if c["privacy"] == "PUBLIC"]
    if D["exists"]["collection_shares"]:
        fs = {"shares": count, "collections_shared": distinct("collection_id")}
        res["shared_collections"] = flow(D["collection_shares"], "shared_at",
                                         lambda r: r["shared_by_person_id"], fs, fs)
    else:
        res["shared_collections"] = flow(public, "created_at", lambda r: r["owner_person_id"],
                                         {"public_collections_created": count},
                                         {"public_collections_created": count})

    owner = {c["id"]: c["owner_person_id"] for c in D["collections"]}
    if D["exists"]["collection_items"]:
        items = D["collection_items"]
        fs = {"items_added": count, "profiles_collected": distinct("profile_id")}
        res["collection_items"] = flow(items, "added_at", lambda r: r["added_by_person_id"], fs, fs)
        for seg in SEGMENTS:
            li = sum(1 for i in items if in_seg(owner.get(i["collection_id"]), seg)
                     and i["added_at"] < R1 and (i["deleted_at"] is None or i["deleted_at"] >= R1))
            lc = sum(1 for c in D["collections"] if in_seg(c["owner_person_id"], seg) and alive(c, R1))
            res["collection_items"][seg]["summary"]["live_items_per_live_collection"] = ratio(li, lc)
    else:
        res["collection_items"] = flow(D["collections"], "created_at", lambda r: r["owner_person_id"],
                                       {}, {"collections_per_owner": per("owner_person_id")})

    res["signup_funnel"] = _funnel(D, role, events_by_person, R0, R1)
    return res


def _lifecycle(D, cal, role, events_by_person):
    """Per bucket B (its in-range days) and B' (the whole period before B's):
    new, returning, resurrecting, dormant; a person missing from persons only
    in 'all' and never new."""
    created = {p["id"]: p["created_at"] for p in D["persons"]}

    def active(a, b):
        return {pid for pid, evs in events_by_person.items()
                if bisect.bisect_left(evs, a) < bisect.bisect_left(evs, b)}

    out = {seg: dict(series={k: [] for k in ("new", "returning", "resurrecting", "dormant")}, summary={})
           for seg in SEGMENTS}
    for _, first, last in cal.buckets:
        b0, b1 = cal.start(first), cal.end(last)
        p_first, p_last = cal.previous_period(first)
        now, before = active(b0, b1), active(cal.start(p_first), cal.end(p_last))
        state = {}
        for pid in now | before:
            c = created.get(pid)
            if pid in now and c is not None and b0 <= c < b1:
                state[pid] = "new"
            elif pid in now and pid in before:
                state[pid] = "returning"
            elif pid in now and (c is None or c < b0):
                state[pid] = "resurrecting"
            elif pid not in now:
                state[pid] = "dormant"
        for seg in SEGMENTS:
            for k, v in out[seg]["series"].items():
                v.append(sum(1 for pid, st in state.items()
                             if st == k and (seg == "all" or role.get(pid) == seg)))
    for seg in SEGMENTS:
        s = out[seg]["series"]
        dormant = sum(s["dormant"])
        out[seg]["summary"]["quick_ratio"] = (sum(s["new"]) + sum(s["resurrecting"])) / dormant if dormant else None
    return out


RETENTION_MAX_N = {"day": 30, "week": 12, "month": 12}
RETENTION_DAYS = (1, 7, 30)


def retention(D, cal):
    """Cohort retention, the export's shape: {"period", "cohorts":
    [{"start", "size", "on", "on_or_after", "partial_from"}], "summary":
    {"d1", "d7", "d30"}, "segments": {role: {"cohorts", "summary"}}}."""
    g = cal.granularity
    events = {}
    for e in D["activity_events"]:
        events.setdefault(e["person_id"], []).append(e["occurred_at"])

    def after(first, n):
        """First day of the n-th calendar period after the one starting on first."""
        if g == "day":
            return first + dt.timedelta(days=n)
        if g == "week":
            return first + dt.timedelta(days=7 * n)
        months = first.year * 12 + first.month - 1 + n
        return dt.date(months // 12, months % 12 + 1, 1)

    def active(pid, first, end):
        """Active on a day of [first, end) (dates), up to `to` only."""
        a, b = cal.start(first), cal.start(min(end, cal.d_to + dt.timedelta(days=1)))
        return any(a <= t < b for t in events.get(pid, []))

    R0, R1 = cal.range_span()
    out = {}
    for seg in SEGMENTS:
        people = [p for p in D["persons"] if seg == "all" or p["role"] == seg]
        cohorts = []
        for label, first, last in cal.buckets:
            period = cal.period_start(first)
            members = [p["id"] for p in people if cal.start(first) <= p["created_at"] < cal.end(last)]
            on, on_or_after, partial_from = [], [], None
            for n in range(RETENTION_MAX_N[g] + 1):
                n_first, n_next = after(period, n), after(period, n + 1)
                if n_first > cal.d_to:
                    on.append(None)
                    on_or_after.append(None)
                    continue
                if n_next - dt.timedelta(days=1) > cal.d_to:
                    partial_from = n
                on.append(sum(1 for pid in members if active(pid, n_first, n_next)))
                on_or_after.append(sum(1 for pid in members if active(pid, n_first, cal.d_to + dt.timedelta(days=1))))
            cohorts.append({"start": label.isoformat(), "size": len(members), "on": on,
                            "on_or_after": on_or_after, "partial_from": partial_from})
        summary = {}
        for n in RETENTION_DAYS:
            back = []
            for p in people:
                c = p["created_at"]
                if R0 <= c < R1 and c + n * 24 * 3600 * 1_000_000 <= R1:
                    day = next(d for d in cal.days if cal.start(d) <= c < cal.end(d)) + dt.timedelta(days=n)
                    back.append(any(cal.start(day) <= t < cal.end(day) for t in events.get(p["id"], [])))
            summary["d%d" % n] = sum(back) / len(back) if back else None
        out[seg] = {"cohorts": cohorts, "summary": summary}
    doc = {"period": g, **out["all"]}
    doc["segments"] = {r: out[r] for r in ("BUILDER", "FINDER")}
    return doc


def _funnel(D, role, events_by_person, R0, R1):
    profile_of = {p["person_id"]: p for p in D["profiles"]}
    searches = {}
    for s in D["finder_searches"]:
        searches.setdefault(s["person_id"], []).append(s["searched_at"])

    def within7(times, p):
        return any(p["created_at"] <= t < p["created_at"] + DAYS7 for t in times)

    lists = {"all": ["created", "email_verified", "onboarded", "first_activity_7d"],
             "BUILDER": ["created", "email_verified", "onboarded", "profile_completed", "first_activity_7d"],
             "FINDER": ["created", "email_verified", "onboarded", "first_search_7d"]}
    out = {}
    for seg, steps in lists.items():
        counts = {s: 0 for s in steps}
        immature = 0
        for p in D["persons"]:
            if not (R0 <= p["created_at"] < R1) or not (seg == "all" or p["role"] == seg):
                continue
            if p["created_at"] + DAYS7 > R1:
                immature += 1
                continue
            prof = profile_of.get(p["id"])
            met = {"created": True,
                   "email_verified": p["email_verified_at"] is not None,
                   "onboarded": p["onboarded_at"] is not None,
                   "profile_completed": prof is not None and prof["completed_at"] is not None,
                   "first_activity_7d": within7(events_by_person.get(p["id"], []), p),
                   "first_search_7d": within7(searches.get(p["id"], []), p)}
            ok = True
            for s in steps:
                ok = ok and met[s]
                if ok:
                    counts[s] += 1
        out[seg] = dict(series={}, summary={"immature": immature},
                        steps=[{"id": s, "value": counts[s]} for s in steps])
    return out


# --------------------------------------------------------------------------
# the export document, format 2

# Metrics whose all-users series also carry each role's series (format 1).
ROLE_SERIES = ("signups", "dau", "mau")


def segment_body(seg):
    body = {"series": seg["series"], "summary": seg["summary"]}
    if "histogram" in seg:
        body["histogram"] = seg["histogram"]
        body["mean"] = seg["summary"]["mean"]
    if "steps" in seg:
        body["steps"] = seg["steps"]
    return body


def document(values, catalog, cal, args, sources):
    buckets = [lab.isoformat() for lab, _, _ in cal.buckets]
    doc = {"format": 2, "range": {"from": args.d_from, "to": args.d_to, "timezone": args.timezone},
           "granularity": args.granularity, "days": [d.isoformat() for d in cal.days],
           "buckets": buckets, "metrics": {}}
    for m in catalog["metrics"]:
        v = values[m["id"]]
        entry = {"title": m["title"], "group": m["group"], "unit": m["unit"], "source": sources[m["id"]]}
        if m["id"] == "retention":   # cohorts, not series: retention() has the whole shape
            doc["metrics"][m["id"]] = dict(entry, **v)
            continue
        entry.update(segment_body(v["all"]))
        if m["id"] in ROLE_SERIES:
            entry["series"] = dict(entry["series"], **{r: v[r]["series"]["all"] for r in ("BUILDER", "FINDER")})
        entry["segments"] = {r: segment_body(v[r]) for r in ("BUILDER", "FINDER")}
        doc["metrics"][m["id"]] = entry
    return doc


def sources_of(D):
    tracked = {"session_duration": ("sessions", "estimated"), "shared_collections": ("collection_shares", "proxy"),
               "collection_items": ("collection_items", "proxy")}
    return {m: ("table" if D["exists"][t] else other) for m, (t, other) in tracked.items()}


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

    cal = Calendar(dt.date.fromisoformat(args.d_from), dt.date.fromisoformat(args.d_to),
                   ZoneInfo(args.timezone), args.granularity)
    with open(args.catalog) as fh:
        catalog = json.load(fh)
    D = load_segments(Db(args.host, args.user, args.dbname))
    sources = collections.defaultdict(lambda: "table", sources_of(D))
    values = compute_segments(D, cal)
    values["retention"] = retention(D, cal)
    json.dump(document(values, catalog, cal, args, sources), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
