"""Two web nodes and two workers behave as one node (operator test: PostgreSQL and Redis).

Starts two gunicorn instances (production settings, the static files ``collectstatic`` put in
a directory once per run) and two Celery workers on a queue of their own, all against one PostgreSQL database
made for the test and one Redis, and drives them round-robin with ``requests``: a session made
on one node is used on the other, a CSRF token from one is posted to the other, a rate limit
counts both, a survey saved on one goes on on the other, the page cache shows a change made
through the other node at once, a document asked for on one is rendered by a worker and
fetched from the other, and an e-mail through the outbox is sent once.
"""

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from django.conf import settings

from tests.conftest import REQUIRE_ALL
from tests.migrated import clone_test_database
from tests.visionsprocess.oidc_provider_fixture import free_port

ROOT = Path(settings.BASE_DIR)
REDIS_URL = os.environ.get("REDIS_URL", "")
PASSWORD = "Två-noder-2040!"

pytestmark = [pytest.mark.postgres]

SEED = f"""
import json
from allauth.account.models import EmailAddress
from tests.contributions.survey_factories import build_survey, full_answers
from visionsprocess.models import Municipality, ProcessRole, Role, User
from visionsprocess.services import process_create, process_publish
m = Municipality.objects.create(name='Vaggeryds kommun', code='0682')
p = process_publish(process=process_create(municipality=m, title='Vision 2040',
    slug='vision-2040', horizon_year=2040))
u = User.objects.create_user(username='maria', email='maria.holm@vaggeryd.se', password={PASSWORD!r})
EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)
ProcessRole.objects.create(user=u, process=p, role=Role.ADMIN)
survey, q = build_survey(p)
print('SEED' + json.dumps({{'survey': survey.pk, 'pages': full_answers(q)}}))
"""


def _database_urls():
    base = urlsplit(os.environ.get("DATABASE_URL", ""))
    name = f"{base.path.lstrip('/') or 'vp'}_nodes_{uuid.uuid4().hex[:8]}"
    return (
        urlunsplit(base._replace(path="/postgres")),
        urlunsplit(base._replace(path=f"/{name}")),
        name,
    )


class Cluster:
    def __init__(self, nodes, email_dir, database_url):
        self.nodes = nodes
        self.email_dir = email_dir
        self.database_url = database_url

    def node(self, i):
        return self.nodes[i % len(self.nodes)]

    def query(self, sql, *args):
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(sql, args).fetchall()


def _wait(predicate, what, seconds=120):
    """Waits for work done elsewhere (a worker); not a measure of time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"{what} did not happen")


@pytest.fixture
def cluster(tmp_path, django_db_setup, collected_static):
    if not REDIS_URL:
        if REQUIRE_ALL:
            pytest.fail("REDIS_URL is not set, and REQUIRE_ALL_TESTS is set.")
        pytest.skip("needs Redis; set REDIS_URL")
    import psycopg

    admin_url, database_url, name = _database_urls()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        # The test database as migrated (tests/migrated.py); ``migrate`` below finds it done.
        clone_test_database(connection, name)
    run = uuid.uuid4().hex[:10]
    email_dir = tmp_path / "mail"
    email_dir.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DEBUG", "CACHE_URL") and not key.startswith("DJANGO_")
    }
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY="two-nodes-test-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        CELERY_QUEUE=f"vp-nodes-{run}",
        CACHE_KEY_PREFIX=f"vp-nodes-{run}",
        MEDIA_ROOT=str(tmp_path / "media"),  # one shared volume (S3 in production)
        STATIC_ROOT=str(collected_static),  # collectstatic, once per run (tests/migrated.py)
        CELERY_TEST_EMAIL_DIR=str(email_dir),
        RATE_LIMIT_CONTRIBUTIONS_SUBMIT="2/h",
        LOG_LEVEL="WARNING",
    )

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    processes = []

    def spawn(args, log):
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=open(log, "w"),  # noqa: SIM115 (closed with the process)
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append((process, log))
        return process

    try:
        manage("migrate", "--noinput", "-v0")
        seed = json.loads(manage("shell", "-c", SEED).split("SEED", 1)[1])
        nodes = []
        for i in (1, 2):
            port = free_port()
            spawn(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "visionsprocess.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--threads",
                    "2",
                ],
                tmp_path / f"web{i}.log",
            )
            spawn(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "tests.celery_worker_app",
                    "worker",
                    "-Q",
                    env["CELERY_QUEUE"],
                    "-P",
                    "solo",
                    "-n",
                    f"node{i}-{run}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-l",
                    "WARNING",
                ],
                tmp_path / f"worker{i}.log",
            )
            nodes.append(f"http://127.0.0.1:{port}")
        for node in nodes:

            def up(node=node):
                try:
                    return requests.get(f"{node}/health/", timeout=2).status_code == 200
                except requests.RequestException:
                    return False

            _wait(up, f"gunicorn at {node}", seconds=60)
        built = Cluster(nodes, email_dir, database_url)
        built.seed = seed
        built.manage = manage
        yield built
    finally:
        for process, _log in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process, _log in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for _process, log in processes:
        assert "Traceback" not in Path(log).read_text(), Path(log).read_text()[-3000:]


class Browser(requests.Session):
    """A browser over plain HTTP: production cookies are ``Secure``, which ``requests`` would
    keep to HTTPS; here they go back over HTTP to 127.0.0.1, as behind a TLS load balancer."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 60)
        response = super().request(*args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def form_fields(html: str, form_id_or_action: str) -> dict:
    """The values a browser would send from the form whose action contains the given text."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        inside = False
        fields: dict = {}
        select = None
        textarea = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form":
                self.inside = form_id_or_action in (attrs.get("action") or "") or (
                    attrs.get("id") == form_id_or_action
                )
            if not self.inside:
                return
            if tag == "input" and attrs.get("name"):
                kind = attrs.get("type", "text")
                if kind in ("checkbox", "radio"):
                    if "checked" in attrs:
                        self.fields.setdefault(attrs["name"], []).append(attrs.get("value", "on"))
                elif kind not in ("submit", "button", "file"):
                    self.fields[attrs["name"]] = [attrs.get("value", "")]
            elif tag == "select":
                self.select = attrs.get("name")
                self.fields.setdefault(self.select, [])
            elif tag == "option" and self.select and "selected" in attrs:
                self.fields[self.select].append(attrs.get("value", ""))
            elif tag == "textarea":
                self.textarea = attrs.get("name")
                self.fields[self.textarea] = [""]

        def handle_endtag(self, tag):
            if tag == "form":
                self.inside = False
            elif tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.inside and self.textarea:
                self.fields[self.textarea][0] += data

    parser = Parser()
    parser.fields = {}
    parser.feed(html)
    return dict(parser.fields.items())


def log_in(browser, node):
    page = browser.get(f"{node}/konto/login/")
    response = browser.post(
        f"{node}/konto/login/",
        data={
            "login": "maria.holm@vaggeryd.se",
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(page.text),
        },
    )
    assert response.status_code == 302, response.text[:2000]


def test_two_web_nodes_and_two_workers_behave_as_one(cluster):
    a, b = cluster.node(0), cluster.node(1)

    # A session made on A is used on B.
    official = Browser()
    log_in(official, a)
    assert official.get(f"{b}/staff/").status_code == 200

    # The page cache: both nodes have the process page cached; a change through B (with the
    # CSRF token of a form from A) shows on A at once.
    for node in (a, b):
        assert "Vision 2040" in requests.get(f"{node}/process/vision-2040/", timeout=30).text
    edit = "/staff/processer/vision-2040/redigera/"
    fields = form_fields(official.get(f"{a}{edit}").text, "")
    fields["title"] = ["Vision 2040 – Vaggeryd växer"]
    saved = official.post(f"{b}{edit}", data=fields)
    assert saved.status_code == 302, saved.text[:3000]
    assert "Vaggeryd växer" in requests.get(f"{a}/process/vision-2040/", timeout=30).text

    # A CSRF token without its cookie is refused on either node.
    stranger = Browser()
    refused = stranger.post(f"{b}{edit}", data=fields)
    assert refused.status_code == 403

    # A document asked for on A is rendered by a worker and fetched from B.
    asked = official.post(
        f"{a}/staff/processer/vision-2040/dokument/process_overview/skapa/",
        data={"csrfmiddlewaretoken": official.cookies["csrftoken"]},
        headers={"X-CSRFToken": official.cookies["csrftoken"]},
    )
    assert asked.status_code == 302, asked.text[:2000]
    token = re.search(r"/dokument/([0-9a-f-]{36})/", asked.headers["Location"]).group(1)
    _wait(
        lambda: (
            cluster.query("select status from visionsprocess_document where token = %s", token)[0][
                0
            ]
            == "done"
        ),
        "the rendering",
    )
    pdf = official.get(f"{b}/dokument/{token}/ladda-ner/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # The rate limit counts the submissions to both nodes (2 an hour from one address).
    citizen = Browser()
    form = "/process/vision-2040/bidrag/nytt/ide/"
    token_a = csrf_token(citizen.get(f"{a}{form}").text)
    answers = []
    for i, node in enumerate((a, b, a)):
        answers.append(
            citizen.post(
                f"{node}{form}",
                data={
                    "csrfmiddlewaretoken": token_a,
                    "title": f"Fler cykelvägar {i}",
                    "text": "Bygg en cykelväg mellan Hok och Skillingaryd.",
                    "consent_to_publish": "on",
                },
            ).status_code
        )
    assert answers == [302, 302, 429]

    # A survey saved on A goes on on B, with the private link.
    survey, pages = cluster.seed["survey"], cluster.seed["pages"]
    respondent = Browser()
    url = f"/process/vision-2040/enkat/{survey}/"
    respondent.get(f"{a}{url}")
    page1 = respondent.get(f"{a}{url}sida/1/")
    assert page1.status_code == 200, page1.status_code

    def post_page(node, number, data, **extra):
        flat = {"csrfmiddlewaretoken": csrf_token(page1.text), **extra}
        for name, value in data.items():
            if isinstance(value, dict):
                for option_id, place in value.items():
                    flat[f"{name}_{option_id}"] = place
            else:
                flat[name] = value
        return respondent.post(f"{node}{url}sida/{number}/", data=flat)

    saved = post_page(a, 1, pages["1"], action="save")
    assert saved.status_code == 302, saved.text[:2000]
    link = re.search(
        r"/enkat/svar/[^\"'<\s]+/", respondent.get(f"{b}{saved.headers['Location']}").text
    )
    assert link, "the private link is shown on the other node"
    assert post_page(b, 2, pages["2"]).status_code == 302
    done = post_page(a, 3, pages["3"], consent_to_publish="no")
    assert done.status_code == 302, done.text[:2000]
    states = cluster.query("select state from contributions_surveyresponse")
    assert states == [("submitted",)]

    # A mail through the outbox is sent once, though two workers listen.
    newcomer = Browser()
    signup = newcomer.get(f"{b}/konto/signup/")
    newcomer.post(
        f"{a}/konto/signup/",
        data={
            "email": "elin.sjoberg@example.org",
            "password1": "Fjärilar-i-Vaggeryd-2040",
            "password2": "Fjärilar-i-Vaggeryd-2040",
            "csrfmiddlewaretoken": csrf_token(signup.text),
        },
    )

    def sent():
        rows = cluster.query(
            'select status from visionsprocess_outgoingemail where "to" = %s',
            "elin.sjoberg@example.org",
        )
        return rows if rows and all(status == "sent" for (status,) in rows) else None

    assert len(_wait(sent, "the verification e-mail")) == 1
    cluster.manage("relay_outbox")  # what beat does: hands over nothing that was sent
    files = [f.read_text(errors="replace") for f in cluster.email_dir.iterdir()]
    assert sum("elin.sjoberg@example.org" in text for text in files) == 1
