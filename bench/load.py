"""Benchmark: pages under load, the production server beside the development server.

Builds a throwaway database with the Cao Bằng demo (SQLite under /tmp, or the
empty PostgreSQL database of DATABASE_URL), then, for each server —

* **production**: ``gunicorn -c src/ntm/config/gunicorn.py`` (what ``make serve`` runs,
  NTM_PRODUCTION=1, static files collected);
* **runserver**: ``ntm runserver`` (today's way to show NTM on a network) —

starts it on 127.0.0.1, signs in as the province officer (``tinh``) once per
client, and sends the dashboard, a district's dashboard, a commune's page and
the status board in turn from 10, then 50 concurrent clients (loopback only,
a bounded number of requests each). Prints requests per second, p50, p95 and
p99 latency and errors, per page and in all.

Run: ``.venv/bin/python bench/load.py [--requests 20] [--levels 10 50]``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NTM = [PYTHON, "-m", "ntm.manage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(base: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **base, "PYTHONPATH": str(ROOT / "src")}


def _prepare(env: dict[str, str]) -> None:
    for args in (["migrate", "--noinput", "-v", "0"], ["loaddemo"]):
        subprocess.run([*NTM, *args], env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)


def _wait(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"server on {port} did not start")


@contextlib.contextmanager
def _server(kind: str, env: dict[str, str]) -> Iterator[int]:
    port = _free_port()
    if kind == "production":
        prod = {**env, "NTM_PRODUCTION": "1", "NTM_BIND": f"127.0.0.1:{port}"}
        subprocess.run(
            [*NTM, "collectstatic", "--noinput", "-v", "0"], env=prod, check=True, cwd=ROOT
        )
        cmd = [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "src/ntm/config/gunicorn.py")]
        proc = subprocess.Popen(
            cmd, env=prod, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    else:
        cmd = [*NTM, "runserver", f"127.0.0.1:{port}", "--noreload"]
        proc = subprocess.Popen(
            cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    try:
        _wait(port)
        yield port
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


class Client:
    """One browser: a keep-alive connection and a session cookie."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def _headers(self) -> dict[str, str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": cookie} if cookie else {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = self._headers()
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed an idle keep-alive connection: a browser opens a new one.
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def login(self, username: str, password: str) -> None:
        _, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
        )
        status, _ = self.request("POST", "/accounts/login/", body)
        assert status == 302, f"login failed ({status})"


def _pages(client: Client) -> dict[str, str]:
    """The four pages, found from the province dashboard's links."""
    _, home = client.request("GET", "/")
    district = re.search(r'href="(/dashboard/\d+/)[^"]*"', home)
    _, board = client.request("GET", "/assessments/board/")
    commune = re.search(r'href="(/assessments/communes/\d+/)[^"]*"', board)
    assert district and commune, "demo pages not found"
    return {
        "dashboard": "/",
        "district page": district.group(1),
        "commune page": commune.group(1),
        "status board": "/assessments/board/",
    }


def _run_level(port: int, clients: int, requests: int) -> dict[str, list[float]]:
    """``clients`` threads, each signing in then sending ``requests`` page views in turn."""
    times: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)

    def worker() -> None:
        client = Client(port)
        client.login("tinh", "ntm-demo")
        pages = list(_pages(client).items())
        ready.wait()
        for i in range(requests):
            name, path = pages[i % len(pages)]
            start = time.perf_counter()
            try:
                status, _ = client.request("GET", path)
            except (OSError, http.client.HTTPException) as exc:
                status = 0
                client = Client(port)
                client.login("tinh", "ntm-demo")
                with lock:
                    errors.append(str(exc))
            elapsed = time.perf_counter() - start
            with lock:
                times.setdefault(name, []).append(elapsed)
                if status != 200:
                    errors.append(f"{path}: {status}")

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    ready.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    times["_wall"] = [time.perf_counter() - started]
    times["_errors"] = [float(len(errors))]
    for message in sorted(set(errors))[:5]:
        print(f"  error: {message}")
    return times


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _report(kind: str, clients: int, times: dict[str, list[float]]) -> None:
    wall = times.pop("_wall")[0]
    errors = int(times.pop("_errors")[0])
    every = [t for values in times.values() for t in values]
    print(f"\n{kind}, {clients} clients: {len(every) / wall:.1f} requests/s, {errors} errors")
    print(f"  {'page':<14} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, values in [*times.items(), ("all", every)]:
        print(
            f"  {name:<14} {len(values):>5} {statistics.median(values) * 1000:>8.0f} "
            f"{_pct(values, 95) * 1000:>8.0f} {_pct(values, 99) * 1000:>8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="page views per client")
    parser.add_argument("--levels", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--servers", nargs="+", default=["production", "runserver"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ntm-load-") as tmp:
        env = _env(
            {
                "NTM_DATA_DIR": tmp,
                "NTM_SECRET_KEY": secrets.token_urlsafe(64),
                "NTM_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp}/ntm.sqlite3"),
                # Clients sign in many times from one address: keep the throttle out of the figures.
                "NTM_LOGIN_FAILURES": "1000",
            }
        )
        print(f"Database: {env['DATABASE_URL'].split('@')[-1]}; loading the demo …", flush=True)
        _prepare(env)
        for kind in args.servers:
            with _server(kind, env) as port:
                for clients in args.levels:
                    _report(kind, clients, _run_level(port, clients, args.requests))


if __name__ == "__main__":
    main()
