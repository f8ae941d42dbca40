"""Measure one database with two gunicorn servers and print the table (called by scripts/bench).

Server "cold" runs with the page cache off: every request renders its page (what the first
visitor after a change gets). Server "warm" runs with it on. Each server also answers
/bench/select-1/, a Django view that runs `SELECT 1` through the whole middleware stack:
the floor. Every figure is printed beside its ratio to that floor, measured by the same
server in the same run, so numbers from a busy machine still compare.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PY = ".venv/bin/python"
FLOOR = "/bench/select-1/"
RUN_BENCH_QUERIES = "exec(open('scripts/bench_queries.py').read())"
PATHS = [
    ("home", "/"),
    ("standard page", "/about/"),
    ("blog index", "/blog/"),
    ("blog index, page 50", "/blog/?page=50"),
    ("a post", "/blog/how-does-psychotherapy-work/"),
    ("category archive", "/blog/category/therapy-basics/"),
    ("tag archive", "/blog/tag/mindfulness/"),
    ("author archive", "/blog/author/tabitha-moss/"),
    ("feed", "/blog/feed/"),
    ("category feed", "/blog/category/therapy-basics/feed/"),
    ("search", "/search/?q=therapy"),
    ("services", "/services/"),
    ("a service", "/services/individual-therapy/"),
    ("specialty", "/services/specialty/anxiety/"),
    ("clinicians", "/clinicians/"),
    ("a clinician", "/clinicians/tabitha-moss/"),
    ("contact (GET)", "/contact/"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap chunk", "/sitemap-pages.xml"),
    ("form values (token)", "/form-values/"),
]
# wagtail/bakerydemo in issue 17's run, as a share of that run's SELECT 1 floor (2,900/s).
BAKERYDEMO_FLOOR_SHARE = {
    "/": 33 / 2900,
    "/blog/": 41 / 2900,
    "/blog/how-does-psychotherapy-work/": 68 / 2900,
    "/search/?q=therapy": 32 / 2900,
    "/contact/": 88 / 2900,
    "/sitemap.xml": 63 / 2900,
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(page_cache_seconds):
    port = free_port()
    env = {**os.environ, "PAGE_CACHE_SECONDS": str(page_cache_seconds)}
    process = subprocess.Popen(  # noqa: S603 (our own command line)
        [".venv/bin/gunicorn", "mindful.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", os.environ.get("BENCH_WORKERS", "3"), "--log-level", "warning"],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + FLOOR, timeout=2)  # noqa: S310 (loopback)
            return process, base
        except OSError:
            time.sleep(0.25)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def wrk(url, connections):
    duration = os.environ.get("BENCH_DURATION", "5s")
    out = subprocess.run(  # noqa: S603 (our own command line)
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency"]
        + ["-H", "Accept-Encoding: gzip", url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s*50%\s+(\S+)", out, re.MULTILINE).group(1)
    p99 = re.search(r"^\s*99%\s+(\S+)", out, re.MULTILINE).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p50, p99, int(errors.group(1)) if errors else 0


def query_counts():
    env = {**os.environ, "PAGE_CACHE_SECONDS": "0"}
    out = subprocess.run(  # noqa: S603 (our own command line)
        [
            PY,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            "exec(open('scripts/bench_queries.py').read())",
        ],
        input="\n".join(path for _, path in PATHS),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    counts = {}
    for line in out.splitlines():
        path, status, queries, html, gz = line.split()
        counts[path] = (int(status), int(queries), int(html), int(gz))
    return counts


def measure(base, connections):
    floor_before = wrk(base + FLOOR, connections)[0]
    results = {path: wrk(base + path, connections) for _, path in PATHS}
    floor_after = wrk(base + FLOOR, connections)[0]
    return (floor_before + floor_after) / 2, results


def main(label):
    counts = query_counts()
    servers = {}
    # Cold pages take tens of milliseconds: 16 connections on 3 workers would only queue.
    cold_connections = os.environ.get("BENCH_COLD_CONNECTIONS", "4")
    warm_connections = os.environ.get("BENCH_CONNECTIONS", "16")
    for name, seconds, connections in [
        ("cold", 0, cold_connections),
        ("warm", 60 * 60, warm_connections),
    ]:
        process, base = start_gunicorn(seconds)
        try:
            for _, path in PATHS:  # fill the page cache, warm renditions and the memo
                urllib.request.urlopen(base + path, timeout=30)  # noqa: S310 (loopback)
            servers[name] = measure(base, connections)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    cold_floor, cold = servers["cold"]
    warm_floor, warm = servers["warm"]
    print(f"\n## {label} (wrk -c{cold_connections} cold, -c{warm_connections} warm)\n")
    print(
        f"SELECT 1 floor (/bench/select-1/): cold server {cold_floor:.0f}/s, "
        f"warm server {warm_floor:.0f}/s"
    )
    print()
    header = (
        "| page | cold req/s | ×floor | p50 | p99 | warm req/s | ×floor | p50 | p99 "
        "| SQL | KB html | KB gzip |"
    )
    print(header)
    print("|" + "---|" * 12)
    for name, path in PATHS:
        status, queries, html, gz = counts[path]
        c_rps, c50, c99, c_err = cold[path]
        w_rps, w50, w99, w_err = warm[path]
        flag = " (non-2xx!)" if c_err or w_err or status != 200 else ""
        print(
            f"| {name}{flag} | {c_rps:.0f} | {c_rps / cold_floor:.1%} | {c50} | {c99} "
            f"| {w_rps:.0f} | {w_rps / warm_floor:.0%} | {w50} | {w99} "
            f"| {queries} | {html / 1024:.1f} | {gz / 1024:.1f} |"
        )
    print("\nCold pages against wagtail/bakerydemo (issue 17's figures as a share of its floor):\n")
    print("| page | bakerydemo ×floor | Mindful cold ×floor | Mindful / bakerydemo |")
    print("|---|---|---|---|")
    for path, share in BAKERYDEMO_FLOOR_SHARE.items():
        ours = cold[path][0] / cold_floor
        print(f"| {path} | {share:.2%} | {ours:.2%} | {ours / share:.1f}× |")
    sys.stdout.flush()
    if len(sys.argv) > 2:  # kept for compare(): the cold share of the floor per page
        shares = {name: cold[path][0] / cold_floor for name, path in PATHS}
        Path(sys.argv[2]).write_text(json.dumps(shares))


def compare(small_file, large_file):
    """Print how much slower each cold page is with many posts than with the demo data."""
    small = json.loads(Path(small_file).read_text())
    large = json.loads(Path(large_file).read_text())
    print("\nCold pages, demo data against many posts (share of the floor; goal ≤ 1.2×):\n")
    print("| page | demo ×floor | many posts ×floor | slowdown |")
    print("|---|---|---|---|")
    for name, share in small.items():
        slowdown = share / large[name] if large[name] else float("inf")
        print(f"| {name} | {share:.1%} | {large[name]:.1%} | {slowdown:.2f}× |")


def stop(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")  # so `finally` stops gunicorn


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop)
    if sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1])
