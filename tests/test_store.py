"""The corpus store: ingest, idempotency, one transaction per file, province and category queries."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, SAMPLES, parsed, run_cli

TEXT_SEEDS = ["kontum-78-qd-ubnd-2025.txt", "kontum-78-phu-luc-ii-2025.txt", "kontum-cchc-2025.md",
              "gialai-628-qd-ubnd-2024.md", "khanhhoa-bqlkkt-cctthc-2025.txt"]


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    """The five text seeds ingested through the CLI."""
    db = tmp_path_factory.mktemp("store") / "k.db"
    p = run_cli("ingest", *[str(SAMPLES / f) for f in TEXT_SEEDS], "--db", str(db))
    assert p.returncode == 0, p.stderr
    return db


def _json(p) -> list[dict]:
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_targets_by_province_kontum(seed_db):
    rows = _json(run_cli("targets", "--province", "kontum", "--db", str(seed_db), "--format", "json"))
    provinces = {r["province"] for r in rows}
    assert provinces == {"kontum"}
    files = {os.path.basename(r["path"]) for r in rows}
    assert files == {"kontum-78-qd-ubnd-2025.txt", "kontum-78-phu-luc-ii-2025.txt", "kontum-cchc-2025.md"}
    # the body of 78/QĐ-UBND promises at least 80% of dossiers fully online
    assert any(r["category"] == "online_dossier_rate" and r["value"] == 80 and r["comparator"] == ">="
               and r["number"] == "78/QĐ-UBND" for r in rows)


@pytest.mark.parametrize("spelling", ["Kon Tum", "kon-tum", "KON TUM", "KONTUM", "Kon Tum cũ"])
def test_province_spellings(seed_db, spelling):
    rows = _json(run_cli("targets", "--province", spelling, "--db", str(seed_db), "--format", "json"))
    assert rows and {r["province"] for r in rows} == {"kontum"}


def test_new_province_includes_merged_old_one(seed_db):
    p = run_cli("targets", "--province", "Quảng Ngãi", "--db", str(seed_db), "--format", "json")
    rows = _json(p)
    assert {r["province"] for r in rows} == {"kontum"}
    assert "Kon Tum merged into Quảng Ngãi" in p.stderr.decode()


def test_category_csv_has_province_and_document(seed_db):
    p = run_cli("targets", "--category", "online_dossier_rate", "--format", "csv", "--db", str(seed_db))
    assert p.returncode == 0
    text = p.stdout.decode("utf-8")
    assert text.startswith("\ufeff")
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows and all(r["category"] == "online_dossier_rate" for r in rows)
    by_prov = {(r["province"], r["target"]) for r in rows}
    assert ("kontum", ">= 80%") in by_prov       # Kon Tum: at least 80% fully online
    assert ("khanhhoa", ">= 60%") in by_prov     # Khánh Hòa's board appendix: 60%


def test_min_max_year_filters(seed_db):
    rows = _json(run_cli("targets", "--min", "90", "--max", "99", "--year", "2025", "--db", str(seed_db),
                         "--format", "json"))
    assert rows and all(90 <= r["value"] <= 99 and r["year"] == 2025 for r in rows)


def test_tasks_query_by_agency_without_diacritics(seed_db):
    rows = _json(run_cli("tasks", "--agency", "so noi vu", "--db", str(seed_db), "--format", "json"))
    assert rows
    assert all("nội vụ" in (r["lead"] + r["support"]).lower() for r in rows)
    due = _json(run_cli("tasks", "--province", "gialai", "--due-before", "2025-03-31", "--db", str(seed_db),
                        "--format", "json"))
    assert due and all(r["deadline_end"] <= "2025-03-31" and r["province"] == "gialai" for r in due)


def test_docs_and_rm(tmp_path):
    db = tmp_path / "k.db"
    f = SAMPLES / "khanhhoa-bqlkkt-cctthc-2025.txt"
    assert run_cli("ingest", str(f), "--db", str(db)).returncode == 0
    docs = _json(run_cli("docs", "--db", str(db), "--format", "json"))
    assert len(docs) == 1 and docs[0]["province"] == "khanhhoa" and docs[0]["n_targets"] > 0
    assert run_cli("rm", str(docs[0]["id"]), "--db", str(db)).returncode == 0
    assert _json(run_cli("docs", "--db", str(db), "--format", "json")) == []
    assert run_cli("rm", "999", "--db", str(db)).returncode == 3
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM targets").fetchone()[0] == 0  # cascaded


def test_ingest_is_idempotent_and_reparses_on_new_parser_version(tmp_path, monkeypatch):
    from kehoach import store

    db = tmp_path / "k.db"
    f = str(SAMPLES / "kontum-cchc-2025.md")
    p1 = run_cli("ingest", f, "--db", str(db))
    p2 = run_cli("ingest", f, "--db", str(db))
    assert "1 added" in p1.stderr.decode() and "1 skipped" in p2.stderr.decode()
    conn = store.connect(db)
    n_targets = conn.execute("SELECT count(*) FROM targets").fetchone()[0]
    assert n_targets == len(parsed(f).targets)
    # a newer parser version re-parses the same file: the document is replaced, not duplicated
    conn.execute("UPDATE documents SET parser_version = '0.0.1'")
    p3 = run_cli("ingest", f, "--db", str(db))
    assert "1 updated" in p3.stderr.decode()
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM targets").fetchone()[0] == n_targets


def test_failed_file_is_reported_and_the_rest_go_in(tmp_path):
    db = tmp_path / "k.db"
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    p = run_cli("ingest", str(bad), str(SAMPLES / "kontum-cchc-2025.md"), "--db", str(db))
    assert p.returncode == 1
    err = p.stderr.decode()
    assert "kehoach: error: " in err and "bad.pdf" in err and "1 added" in err and "1 failed" in err


def test_killed_mid_ingest_leaves_no_half_document(tmp_path):
    """A process killed in the middle of storing a document (after its tasks, before its targets)
    leaves the database consistent: the document is absent, nothing orphaned."""
    db = tmp_path / "k.db"
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT / 'src')!r})
        from kehoach import parse, store
        conn = store.connect({str(db)!r})
        store.save(conn, parse({str(SAMPLES / 'gialai-628-qd-ubnd-2024.md')!r}), "test")
        class Dying:
            def __init__(self, c): self.c = c
            def execute(self, *a): return self.c.execute(*a)
            def executemany(self, *a): os._exit(9)   # killed between tasks and targets
        store.save(Dying(conn), parse({str(SAMPLES / 'kontum-cchc-2025.md')!r}), "test")
    """)
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert p.returncode == 9, p.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    paths = [r[0] for r in conn.execute("SELECT path FROM documents")]
    assert len(paths) == 1 and paths[0].endswith("gialai-628-qd-ubnd-2024.md")
    assert conn.execute("SELECT count(*) FROM tasks WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == len(parsed(paths[0]).tasks)


def test_synthetic_store_of_10000_documents(tmp_path):
    """Copies of the samples with changed numbers: the indexed queries return exactly the right rows."""
    from kehoach import store

    bases = [parsed(str(SAMPLES / f)) for f in ("kontum-78-qd-ubnd-2025.txt", "khanhhoa-bqlkkt-cctthc-2025.txt",
                                                "kontum-cchc-2025.md")]
    provinces = ["kontum", "khanhhoa", "gialai", "lamdong", "hue"]
    conn = store.connect(tmp_path / "big.db")
    expected_dossier_ge_90 = 0
    expected_lamdong_docs = 0
    for i in range(10_000):
        base = bases[i % len(bases)]
        prov = provinces[i % len(provinces)]
        targets = []
        for t in base.targets:
            if t.unit == "%":
                t = t.model_copy(update={"value": float((i * 7 + int(t.value)) % 101)})
                if t.category == "online_dossier_rate" and t.value >= 90:
                    expected_dossier_ge_90 += 1
            targets.append(t)
        plan = base.model_copy(update={
            "source": base.source.model_copy(update={"sha256": f"{i:064x}", "path": f"synthetic/{i}.txt"}),
            "document": base.document.model_copy(update={"province": prov, "number": f"{i}/QĐ-UBND"}),
            "targets": targets})
        expected_lamdong_docs += prov == "lamdong"
        store.save(conn, plan, "test")
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 10_000
    rows = store.query_targets(conn, category="online_dossier_rate", vmin=90)
    assert len(rows) == expected_dossier_ge_90
    assert all(r["value"] >= 90 and r["category"] == "online_dossier_rate" for r in rows)
    assert len(store.documents(conn, ["lamdong"])) == expected_lamdong_docs
    plan_ids = {r[0] for r in conn.execute("EXPLAIN QUERY PLAN SELECT * FROM targets WHERE category = 'x'")}
    detail = " ".join(str(r[3]) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM targets WHERE category = 'x' AND value >= 90"))
    assert plan_ids and "targets_category" in detail
