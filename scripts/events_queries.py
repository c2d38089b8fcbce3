#!/usr/bin/env python3
"""Runs the guardrail queries of docs/events.md on an events directory with DuckDB.

usage: python3 scripts/events_queries.py DIR   (pip install duckdb)
Prints each query's result; exits 1 if a query fails, 2 on bad usage.
"""
import pathlib
import re
import sys


def queries():
    doc = (pathlib.Path(__file__).resolve().parent.parent / "docs" / "events.md").read_text()
    block = re.search(r"```sql\n(.*?)```", doc, re.S).group(1)
    return [q.strip() for q in block.split(";") if q.strip() and not all(l.startswith("--") for l in q.strip().splitlines())]


def main():
    if len(sys.argv) != 2 or not pathlib.Path(sys.argv[1]).is_dir():
        print("usage: events_queries.py DIR", file=sys.stderr)
        return 2
    import duckdb
    con = duckdb.connect()
    directory = str(pathlib.Path(sys.argv[1]).resolve())
    for query in queries():
        sql = query.replace("DIR", directory)
        title = next((l for l in sql.splitlines() if l.startswith("--")), sql.splitlines()[0])
        print(title)
        result = con.execute(sql)
        if result.description:
            print([d[0] for d in result.description])
            for row in result.fetchall():
                print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
