"""Run every ``bench/bench_*.py`` module's ``main()`` and let each print its figures.

    python -m bench                              # all of them (``make bench``)
    python -m bench bench_inbox bench_pages      # only these

Works from a clean environment (CI's machine: PostgreSQL on 127.0.0.1:5432 with trust auth,
Redis on 127.0.0.1:6379): ``DATABASE_URL`` and ``REDIS_URL`` default to ``DEFAULTS`` below, a
database and a Redis db of the benchmarks' own, and the database is created when it is missing.
Set either variable to point the benchmarks elsewhere.
"""

import os
import pkgutil
import subprocess
import sys
import time
from pathlib import Path

#: What the benchmarks use when the environment does not say (see the README's bench section).
DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/vp_bench",
    "REDIS_URL": "redis://127.0.0.1:6379/7",
}


def use_defaults() -> None:
    """Fill in ``DEFAULTS`` for unset variables and create the PostgreSQL database if missing."""
    for key, value in DEFAULTS.items():
        if not os.environ.get(key):
            os.environ[key] = value
            print(f"(bench) {key} not set: using {value}", flush=True)
    ensure_database(os.environ["DATABASE_URL"])


def ensure_database(url: str) -> None:
    """Create the database ``url`` names (PostgreSQL only), connecting to its server's
    ``postgres`` database; nothing when it exists or when the URL is not PostgreSQL."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        return
    name = unquote(parts.path.lstrip("/"))
    import psycopg
    from psycopg import sql

    params = {
        "host": parts.hostname or "",
        "port": parts.port or 5432,
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "dbname": "postgres",
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"(bench) created the database {name}", flush=True)


def main() -> int:
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here.parent))
    use_defaults()
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = set(sys.argv[1:])
    failed = []
    started = time.perf_counter()
    for name in names:
        if wanted and name not in wanted:
            continue
        print(f"== {name} ==", flush=True)
        began = time.perf_counter()
        # Each in a process of its own: a bench sets Django up with its own settings (a
        # gunicorn's SECRET_KEY, production or test databases), which a bench run before it in
        # the same process would have fixed already. One failing does not stop the others.
        code = f"import bench.{name} as bench; bench.main()"
        if subprocess.run([sys.executable, "-c", code], cwd=here.parent).returncode:
            failed.append(name)
        print(f"== {name}: {time.perf_counter() - began:.0f} s ==", flush=True)
    print(f"== all: {time.perf_counter() - started:.0f} s ==", flush=True)
    if failed:
        print(f"== failed: {', '.join(failed)} ==", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
