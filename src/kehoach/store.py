"""The corpus store: parsed plans in an embedded SQLite database (standard library).

``ingest`` parses files and stores documents, tasks, targets and agencies with their
provenance; each file goes in one transaction, so a failure (or a kill) never leaves
half a document.  A file already stored with the same sha256 and parser version is
skipped; a newer parser version re-parses it.

Location: ``--db``, else ``$KEHOACH_DB``, else ``<user data dir>/kehoach/kehoach.db``
(platformdirs: ``~/.local/share/kehoach/kehoach.db`` on Linux).
"""
from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Optional

from .models import Plan

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  parser_version TEXT NOT NULL,
  format TEXT, pages INTEGER,
  doc_type TEXT, number TEXT, issuer TEXT, province TEXT, place TEXT, date TEXT, title TEXT, year INTEGER,
  plan_json TEXT NOT NULL,
  ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_province ON documents(province);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE TABLE IF NOT EXISTS tasks (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ref TEXT, grp TEXT, content TEXT NOT NULL, lead TEXT, support TEXT, output TEXT,
  deadline_text TEXT, deadline_kind TEXT, deadline_start TEXT, deadline_end TEXT, deadline_rrule TEXT,
  origin TEXT, page INTEGER, line INTEGER
);
CREATE INDEX IF NOT EXISTS tasks_doc ON tasks(doc_id);
CREATE INDEX IF NOT EXISTS tasks_end ON tasks(deadline_end);
CREATE TABLE IF NOT EXISTS agencies (
  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  role TEXT NOT NULL,            -- lead | support
  name TEXT NOT NULL,            -- as printed
  canonical TEXT,
  folded TEXT NOT NULL           -- canonical, lower case, no diacritics: what --agency matches
);
CREATE INDEX IF NOT EXISTS agencies_folded ON agencies(folded);
CREATE INDEX IF NOT EXISTS agencies_task ON agencies(task_id);
CREATE TABLE IF NOT EXISTS targets (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  category TEXT, indicator TEXT NOT NULL, value REAL NOT NULL, unit TEXT, comparator TEXT, year INTEGER,
  section TEXT, text TEXT, page INTEGER, line INTEGER
);
CREATE INDEX IF NOT EXISTS targets_doc ON targets(doc_id);
CREATE INDEX IF NOT EXISTS targets_category ON targets(category, year, value);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


def default_db_path() -> Path:
    env = os.environ.get("KEHOACH_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("kehoach", appauthor=False)) / "kehoach.db"


def connect(path: str | os.PathLike | None = None) -> sqlite3.Connection:
    p = Path(path) if path else default_db_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(p, isolation_level=None)  # explicit BEGIN/COMMIT below
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: never corrupt, one transaction per file
    conn.executescript(SCHEMA)
    return conn


@dataclass
class IngestResult:
    path: str
    status: str                  # "added" | "updated" | "skipped" | "failed"
    doc_id: Optional[int] = None
    error: Optional[str] = None


def stored_version(conn: sqlite3.Connection, sha256: str) -> Optional[str]:
    row = conn.execute("SELECT parser_version FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return row[0] if row else None


def save(conn: sqlite3.Connection, plan: Plan, parser_version: str) -> tuple[int, str]:
    """Store one parsed plan in one transaction. Returns (doc_id, "added"|"updated")."""
    from .normalize import fold

    d = plan.document
    conn.execute("BEGIN IMMEDIATE")
    try:
        old = {r[0] for r in conn.execute("SELECT id FROM documents WHERE sha256 = ?", (plan.source.sha256,))}
        old |= {r[0] for r in conn.execute("SELECT id FROM documents WHERE path = ?", (plan.source.path,))}
        status = "updated" if old else "added"
        for oid in old:
            conn.execute("DELETE FROM documents WHERE id = ?", (oid,))
        cur = conn.execute(
            "INSERT INTO documents (path, sha256, parser_version, format, pages, doc_type, number, issuer, province,"
            " place, date, title, year, plan_json, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (plan.source.path, plan.source.sha256, parser_version, plan.source.format, plan.source.pages,
             d.doc_type, d.number, d.issuer, d.province, d.place, d.date.isoformat() if d.date else None, d.title,
             d.year or (d.date.year if d.date else None), plan.model_dump_json(),
             datetime.now(timezone.utc).isoformat(timespec="seconds")))
        doc_id = cur.lastrowid
        agencies: list[tuple] = []
        for t in plan.tasks:
            dl = t.deadline
            tid = conn.execute(
                "INSERT INTO tasks (doc_id, ref, grp, content, lead, support, output, deadline_text, deadline_kind,"
                " deadline_start, deadline_end, deadline_rrule, origin, page, line) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc_id, t.ref, t.group, t.content, "; ".join(t.lead), "; ".join(t.support), t.output, dl.text,
                 dl.kind, _iso(dl.start), _iso(dl.end), dl.rrule, t.origin, t.source.page, t.source.line)).lastrowid
            agencies.extend(
                (tid, doc_id, role, name, c, fold(c) + " | " + fold(name))
                for role, names, canon in (("lead", t.lead, t.lead_canonical), ("support", t.support, t.support_canonical))
                for name, c in zip(names, [*canon, *names[len(canon):]]))
        conn.executemany("INSERT INTO agencies (task_id, doc_id, role, name, canonical, folded) VALUES (?,?,?,?,?,?)",
                         agencies)
        conn.executemany(
            "INSERT INTO targets (doc_id, category, indicator, value, unit, comparator, year, section, text, page,"
            " line) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(doc_id, g.category, g.indicator, g.value, g.unit, g.comparator, g.year, g.section, g.text,
              g.source.page, g.source.line) for g in plan.targets])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return doc_id, status


def _iso(d) -> Optional[str]:
    return d.isoformat() if d else None


def remove(conn: sqlite3.Connection, key: str) -> int:
    """Remove documents by id, sha256 (or a prefix of at least 8 hex digits) or path. Returns how many."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if key.isdigit():
            rows = conn.execute("SELECT id FROM documents WHERE id = ?", (int(key),)).fetchall()
        else:
            rows = conn.execute("SELECT id FROM documents WHERE path = ? OR path = ? OR (length(?) >= 8 AND"
                                " sha256 LIKE ? || '%')", (key, str(Path(key).resolve()), key, key)).fetchall()
        for (i,) in rows:
            conn.execute("DELETE FROM documents WHERE id = ?", (i,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(rows)


def _query(conn: sqlite3.Connection, select: str, filters: list[tuple[str, object]], order: str) -> list[sqlite3.Row]:
    """``select`` + the filters whose value is not None (each ``sql`` with one ``?``; a list value
    becomes an ``IN (...)``) + ``order``."""
    where, args = [], []
    for sql, value in filters:
        if value is None:
            continue
        if isinstance(value, (list, tuple, set)):
            value = list(value)
            if not value:
                continue
            where.append(sql.replace("?", f"({','.join('?' * len(value))})"))
            args += value
        else:
            where.append(sql)
            args.append(value)
    q = select + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY " + order
    return conn.execute(q, args).fetchall()


def documents(conn: sqlite3.Connection, provinces: Iterable[str] | None = None) -> list[sqlite3.Row]:
    return _query(
        conn,
        "SELECT d.id, d.path, d.doc_type, d.number, d.date, d.province, d.title, d.year, d.parser_version,"
        " (SELECT count(*) FROM tasks t WHERE t.doc_id = d.id) AS n_tasks,"
        " (SELECT count(*) FROM targets g WHERE g.doc_id = d.id) AS n_targets FROM documents d",
        [("d.province IN ?", list(provinces) if provinces else None)],
        "d.province, d.date, d.id")


def query_targets(conn: sqlite3.Connection, provinces: Iterable[str] | None = None, category: str | None = None,
                  year: int | None = None, vmin: float | None = None, vmax: float | None = None) -> list[dict]:
    rows = _query(
        conn,
        "SELECT g.*, d.province, d.number, d.date, d.path, d.title AS doc_title FROM targets g"
        " JOIN documents d ON d.id = g.doc_id",
        [("d.province IN ?", list(provinces) if provinces else None), ("g.category = ?", category),
         ("g.year = ?", year), ("g.value >= ?", vmin), ("g.value <= ?", vmax)],
        "g.category IS NULL, g.category, d.province, d.date, g.doc_id, g.id")
    return [dict(r) for r in rows]


def query_tasks(conn: sqlite3.Connection, provinces: Iterable[str] | None = None, agency: str | None = None,
                due_after: str | None = None, due_before: str | None = None) -> list[dict]:
    from .normalize import fold

    rows = _query(
        conn,
        "SELECT t.*, d.province, d.number, d.date, d.path FROM tasks t JOIN documents d ON d.id = t.doc_id",
        [("d.province IN ?", list(provinces) if provinces else None),
         ("t.id IN (SELECT task_id FROM agencies WHERE folded LIKE ?)", f"%{fold(agency)}%" if agency else None),
         ("t.deadline_end >= ?", due_after), ("t.deadline_end <= ?", due_before)],
        "d.province, d.date, t.doc_id, t.id")
    return [dict(r) for r in rows]


def load_plan(conn: sqlite3.Connection, doc_id: int) -> Plan:
    row = conn.execute("SELECT plan_json FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return Plan.model_validate(json.loads(row[0]))
