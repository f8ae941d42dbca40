"""Real servers on loopback for the production-mode tests, each on a port free at run time.

Every launcher starts a real process (or aiosmtpd's thread) and can stop and start it
again, so fault tests can take one away and bring it back:

- `PostgresCluster`: a private cluster made with initdb in a temporary folder (as the
  postgres user when running as root), so restarting it disturbs nobody else's tests.
- `RedisServer`: redis-server without persistence.
- `SmtpServer`: aiosmtpd keeping every message it receives.
- `Gunicorn` (deploy/gunicorn.conf.py), `DbWorker` (manage.py db_worker) and `Caddy`
  (deploy/Caddyfile) run the site exactly as the README deploys it.
- `ProductionStack` puts them together: migrate, collectstatic, sync_site, demo content,
  an admin, then the three site processes, with SITE_URL pointing at Caddy.
"""

import asyncio
import contextlib
import email
import email.policy
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
import requests
from aiosmtpd.controller import Controller

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN_DIR = Path(sys.executable).parent
LOOPBACK = "127.0.0.1"


def free_port():
    """A TCP port nobody listens on right now (the kernel picks it)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout=30, interval=0.05, message="condition"):
    """Poll `predicate` until it returns something truthy; return that, or fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"Timed out after {timeout}s waiting for {message}.")
        time.sleep(interval)


def port_is_open(port, host=LOOPBACK):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


class ManagedProcess:
    """A long-running command with its output in a log file; stop() ends its process group."""

    name = "process"

    def __init__(self, args, *, env=None, cwd=BASE_DIR, log_dir=None):
        self.args = [str(arg) for arg in args]
        self.env = env
        self.cwd = cwd
        self.log_path = Path(log_dir or tempfile.gettempdir()) / f"{self.name}-{id(self)}.log"
        self.process = None

    def start(self):
        log = open(self.log_path, "ab")  # noqa: SIM115 (kept open for the child's lifetime)
        self.process = subprocess.Popen(  # noqa: S603
            self.args,
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.wait_ready()
        return self

    def wait_ready(self):
        """Subclasses wait until they answer."""

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if not self.running:
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout)

    def kill(self):
        """Die at once, as after a crash or the OOM killer."""
        self.stop(signal.SIGKILL)

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def check_alive(self):
        if not self.running:
            raise RuntimeError(f"{self.name} exited:\n{self.log()[-4000:]}")
        return False


class RedisServer(ManagedProcess):
    name = "redis"

    def __init__(self, *, port=None, log_dir=None):
        self.port = port or free_port()
        args = ["redis-server", "--port", self.port, "--bind", LOOPBACK, "--save", ""]
        super().__init__([*args, "--appendonly", "no"], log_dir=log_dir)

    @property
    def url(self):
        return f"redis://{LOOPBACK}:{self.port}/0"

    def wait_ready(self):
        wait_until(lambda: self.check_alive() or port_is_open(self.port), message="redis-server")


class StoringHandler:
    """aiosmtpd handler that keeps each message, parsed, in arrival order.

    While `holding` is set, RCPT answers wait (a mail server that stalls mid-conversation,
    before any message is accepted); `held` is set once a client is kept waiting.
    """

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.holding = threading.Event()
        self.held = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        while self.holding.is_set():
            self.held.set()
            await asyncio.sleep(0.02)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on loopback that stores what it receives; stop() refuses connections."""

    def __init__(self, *, port=None):
        self.port = port or free_port()
        self.handler = StoringHandler()
        self.controller = None

    @property
    def url(self):
        return f"smtp://{LOOPBACK}:{self.port}"

    @property
    def messages(self):
        with self.handler.lock:
            return list(self.handler.messages)

    def start(self):
        self.controller = Controller(self.handler, hostname=LOOPBACK, port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def clear(self):
        with self.handler.lock:
            self.handler.messages.clear()

    def wait_for_messages(self, count, timeout=30, match=lambda message: True):
        """Wait until at least `count` stored messages satisfy `match`; return those."""
        return wait_until(
            lambda: (
                (found := [m for m in self.messages if match(m)]) and len(found) >= count and found
            ),
            timeout=timeout,
            message=f"{count} email(s)",
        )


def postgres_bin(program):
    """A PostgreSQL server program (initdb, pg_ctl) from Debian's versioned folder."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"))
    return found[-1] if found else shutil.which(program)


class PostgresCluster:
    """A throw-away PostgreSQL cluster on a free port that the tests may stop and start."""

    def __init__(self, *, port=None, base_dir=None):
        self.port = port or free_port()
        self.base_dir = Path(base_dir or tempfile.mkdtemp(prefix="mindful-pg-"))
        self.data_dir = self.base_dir / "data"
        self.log_path = self.base_dir / "postgres.log"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args):
        return subprocess.run(  # noqa: S603
            [*self.as_postgres, *map(str, args)], check=True, capture_output=True, text=True
        )

    def init(self):
        if self.as_postgres:
            shutil.chown(self.base_dir, "postgres", "postgres")
        self._run(
            postgres_bin("initdb"), "-D", self.data_dir, "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--no-sync",
        )  # fmt: skip
        return self

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses={LOOPBACK} -k {self.base_dir} "
            "-c fsync=off -c full_page_writes=off -c max_connections=100"
        )
        self._run(
            postgres_bin("pg_ctl"), "-D", self.data_dir, "-l", self.log_path, "-o", options,
            "-w", "-t", "60", "start",
        )  # fmt: skip
        return self

    def stop(self, mode="fast"):
        self._run(postgres_bin("pg_ctl"), "-D", self.data_dir, "-m", mode, "-w", "stop")

    def restart(self):
        self.stop()
        self.start()

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self.stop("immediate")
        shutil.rmtree(self.base_dir, ignore_errors=True)

    def url(self, database="postgres"):
        return f"postgres://postgres@{LOOPBACK}:{self.port}/{database}"

    def connect(self, database="postgres"):
        connection = psycopg2.connect(
            host=LOOPBACK, port=self.port, user="postgres", dbname=database
        )
        connection.autocommit = True
        return connection

    def create_database(self, name):
        self.query("postgres", f'CREATE DATABASE "{name}"')
        return self.url(name)

    def query(self, database, sql, params=()):
        """Rows of one SQL statement, on a fresh connection (survives restarts)."""
        connection = self.connect(database)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()


def production_env(
    *, site_url, database_url, email_url, media_root, static_root, redis_url="", **extra
):
    """The environment the README's deployment gives the site, pointed at loopback servers."""
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(BASE_DIR)),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "mindful.settings.production",
        "SECRET_KEY": "production-suite-" + "s" * 40 + "-not-a-real-secret",
        "SITE_URL": site_url,
        "DATABASE_URL": database_url,
        "EMAIL_URL": email_url,
        "EMAIL_TIMEOUT": "5",
        "DEFAULT_FROM_EMAIL": "Mindful Psychological <hello@mindful.example>",
        "MEDIA_ROOT": str(media_root),
        "STATIC_ROOT": str(static_root),
        "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if redis_url:
        environment["REDIS_URL"] = redis_url
    environment.update({key: str(value) for key, value in extra.items()})
    return environment


def manage(*args, env, timeout=600):
    """Run one manage.py command with the given environment; fail loudly with its output."""
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *map(str, args)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(map(str, args))} failed:\n{result.stderr}")
    return result


class Gunicorn(ManagedProcess):
    """gunicorn with deploy/gunicorn.conf.py; only the bind address differs from production."""

    name = "gunicorn"

    def __init__(self, *, env, host_header, port=None, log_dir=None):
        self.port = port or free_port()
        self.host_header = host_header
        config = BASE_DIR / "deploy" / "gunicorn.conf.py"
        args = [BIN_DIR / "gunicorn", "-c", config, "--bind", f"{LOOPBACK}:{self.port}"]
        super().__init__(args, env=env, log_dir=log_dir)

    @property
    def address(self):
        return f"{LOOPBACK}:{self.port}"

    def stop(self, sig=signal.SIGINT, timeout=20):
        # SIGINT is gunicorn's quick shutdown; SIGTERM would wait for idle keep-alives.
        super().stop(sig, timeout)

    def answers(self):
        try:
            response = requests.get(
                f"http://{self.address}/healthz", headers={"Host": self.host_header}, timeout=10
            )
        except requests.RequestException:  # not listening yet, or still loading Django
            return False
        return response.status_code in (200, 503)

    def wait_ready(self):
        wait_until(lambda: self.check_alive() or self.answers(), timeout=60, message="gunicorn")


class DbWorker(ManagedProcess):
    """`manage.py db_worker`, polling often so tests see email within a second.

    Like deploy/mindful-worker.service (Restart=always, RestartSec=1), a worker that
    exits for any reason (a database restart, kill()) is started again after a second,
    until stop() is called. `restarts` counts how often that happened.
    """

    name = "db_worker"
    RESTART_SECONDS = 1

    def __init__(self, *, env, log_dir=None, restart_always=True):
        args = [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"]
        super().__init__(args, env=env, log_dir=log_dir)
        self.restart_always = restart_always
        self.restarts = 0
        self.stopping = threading.Event()
        self.supervisor = None

    def start(self):
        super().start()
        if self.restart_always and self.supervisor is None:
            self.stopping.clear()
            self.supervisor = threading.Thread(target=self._supervise, daemon=True)
            self.supervisor.start()
        return self

    def _supervise(self):
        while not self.stopping.wait(0.2):
            if self.process.poll() is not None:
                time.sleep(self.RESTART_SECONDS)
                if not self.stopping.is_set():
                    self.restarts += 1
                    with contextlib.suppress(RuntimeError):  # died at once: try again
                        super().start()

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if sig != signal.SIGKILL:  # kill() is a crash: the supervisor brings it back
            self.stopping.set()
            if self.supervisor is not None:
                self.supervisor.join()
                self.supervisor = None
        super().stop(sig, timeout)

    def wait_ready(self):
        time.sleep(0.2)
        self.check_alive()


class Caddy(ManagedProcess):
    """Caddy with deploy/Caddyfile on a loopback port, plain HTTP (an http:// SITE_URL)."""

    name = "caddy"

    def __init__(self, *, site_url, app_server, static_root, media_root, port, state_dir):
        self.port = port
        state_dir = Path(state_dir)
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(state_dir),
            "XDG_DATA_HOME": str(state_dir / "data"),
            "XDG_CONFIG_HOME": str(state_dir / "config"),
            "SITE_URL": site_url,
            "APP_SERVER": app_server,
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(media_root),
            "CADDY_ADMIN": "off",  # several suites may run at once: no fixed admin port
        }
        config = BASE_DIR / "deploy" / "Caddyfile"
        args = ["caddy", "run", "--config", config, "--adapter", "caddyfile"]
        super().__init__(args, env=env, log_dir=state_dir)

    def wait_ready(self):
        wait_until(lambda: self.check_alive() or port_is_open(self.port), message="caddy")


class ProductionStack:
    """The whole deployment on loopback: PostgreSQL, Redis, SMTP, gunicorn, db_worker, Caddy.

    `site_url` is Caddy's address, so SITE_URL, emailed links and canonical URLs can be
    followed by the tests exactly as a reader's browser would.
    """

    ADMIN_USERNAME = "admin"
    ADMIN_PASSWORD = "production-suite-password-42"

    def __init__(self, *, redis=True, **extra_env):
        self.dir = Path(tempfile.mkdtemp(prefix="mindful-stack-"))
        self.media_root = self.dir / "media"
        self.static_root = self.dir / "static"
        self.caddy_port = free_port()
        self.site_url = f"http://{LOOPBACK}:{self.caddy_port}"
        self.postgres = PostgresCluster()
        self.redis = RedisServer(log_dir=self.dir) if redis else None
        self.smtp = SmtpServer()
        self.database = "mindful"
        self.extra_env = extra_env
        self.env = None
        self.gunicorn = self.worker = self.caddy = None

    def start(self):
        self.postgres.init().start()
        database_url = self.postgres.create_database(self.database)
        if self.redis:
            self.redis.start()
        self.smtp.start()
        self.env = production_env(
            site_url=self.site_url,
            database_url=database_url,
            redis_url=self.redis.url if self.redis else "",
            email_url=self.smtp.url,
            media_root=self.media_root,
            static_root=self.static_root,
            **self.extra_env,
        )
        self.release()
        self.gunicorn = Gunicorn(env=self.env, host_header=f"{LOOPBACK}:{self.caddy_port}")
        self.gunicorn.log_path = self.dir / "gunicorn.log"
        self.gunicorn.start()
        self.worker = DbWorker(env=self.env, log_dir=self.dir)
        self.worker.start()
        self.caddy = Caddy(
            site_url=self.site_url,
            app_server=self.gunicorn.address,
            static_root=self.static_root,
            media_root=self.media_root,
            port=self.caddy_port,
            state_dir=self.dir,
        )
        self.caddy.start()
        return self

    def release(self):
        """The README's release steps, then demo content and an admin to log in with."""
        # collectstatic needs no database: let it run while migrate does.
        collectstatic = subprocess.Popen(  # noqa: S603
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=BASE_DIR,
            env=self.env,
            stderr=subprocess.PIPE,
        )
        self.manage("migrate", "--noinput")
        if collectstatic.wait(timeout=600) != 0:
            raise RuntimeError(f"collectstatic failed:\n{collectstatic.stderr.read().decode()}")
        self.manage("sync_site")
        self.manage("load_demo_content")
        admin_env = {"ADMIN_USERNAME": self.ADMIN_USERNAME, "ADMIN_PASSWORD": self.ADMIN_PASSWORD}
        manage("ensure_admin", env={**self.env, **admin_env})

    def manage(self, *args, **extra_env):
        return manage(*args, env={**self.env, **extra_env})

    def query(self, sql, params=()):
        return self.postgres.query(self.database, sql, params)

    def url(self, path):
        return self.site_url + path

    def stop(self):
        for server in (self.caddy, self.worker, self.gunicorn, self.redis):
            if server is not None:
                server.stop()
        self.smtp.stop()
        self.postgres.remove()
        shutil.rmtree(self.dir, ignore_errors=True)

    def logs(self):
        """The site processes' output, for a failing test's report."""
        parts = []
        for server in (self.gunicorn, self.worker, self.caddy):
            if server is not None:
                parts.append(f"--- {server.name} ---\n{server.log()[-3000:]}")
        return "\n".join(parts)
