"""No input gives a 500: every named URL with hostile path and query values, every form with
hostile field values.

One demo world (``load_demo``) is built for the module. A superuser walks the site from the
start page and the staff area, following links, which finds a working address for most named
URLs (``tests/url_matrix.py``'s walk knows all of them; those the crawl does not reach get
hostile values only). Then:

* every named URL, with each path value in turn replaced by hostile values (SQL, markup, very
  long, path tricks, huge numbers), as the superuser and signed out;
* every page found, with hostile values in its query parameters;
* every form found, posted with hostile values in every field, and once more with its own
  values but every id pointing at another object (a formset posted with another process's
  object ids).

The corpus is fixed (no random draws), so a failure is reproducible; the whole module takes
about a minute. A request that raises or answers 500 is collected; the test fails with the list.
"""

import itertools
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse

from tests.visionsprocess.test_url_coverage import OUR_NAMESPACES, _names

HOSTILE_TEXT = [
    "' OR '1'='1' --",
    "<script>alert(1)</script>",
    "x" * 3000,
    "..%2f..%2fetc%2fpasswd",
    "\u202eåäö\ufeff\U0001f600",
    "-1",
]
HOSTILE_INTS = ["0", "9" * 25]
HOSTILE_FIELD_VALUES = [
    "",
    "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>",
    "Å" * 20000,
    "-99999999999999999999",
    "1e309",
    "2040-02-30",
    "a\x01b\x1fc",
]
CRAWL_LIMIT = 700
MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Forms(HTMLParser):
    """The links and forms of a page (method, action, and each field's name and value)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms, self._form, self._select, self._textarea = [], [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action"),
                "fields": [],
                "has_file": False,
            }
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea", "button"):
            name = attrs.get("name")
            kind = (attrs.get("type") or "").lower()
            if kind == "file":
                self._form["has_file"] = True
            if (
                not name
                or kind in ("submit", "button", "image", "reset", "file")
                or tag == "button"
            ):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self._form["fields"].append((name, None, attrs.get("value", "on")))
                return
            field = [name, attrs.get("value", ""), None]
            self._form["fields"].append(field)
            if tag == "select":
                self._select = field
            elif tag == "textarea":
                self._textarea = field
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[2] is None:
                self._select[2] = value  # an option, to pick if none is selected
            if "selected" in attrs:
                self._select[1] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            if self._select is not None and not self._select[1]:
                self._select[1] = self._select[2] or ""
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _converters(name: str) -> dict:
    """The path converters of a named URL, by keyword."""
    resolver = get_resolver()
    parts = name.split(":")
    for namespace in parts[:-1]:
        resolver = resolver.namespace_dict[namespace][1]
    entries = resolver.reverse_dict.getlist(parts[-1])
    return dict(entries[0][3]) if entries else {}


def _groups(name: str) -> list[str]:
    """The named groups of a URL written as a regular expression."""
    resolver = get_resolver()
    parts = name.split(":")
    for namespace in parts[:-1]:
        resolver = resolver.namespace_dict[namespace][1]
    entries = resolver.reverse_dict.getlist(parts[-1])
    return list(entries[0][0][0][1]) if entries else []


def _hostile_for(converter) -> list[str]:
    kind = type(converter).__name__
    if kind == "IntConverter":
        return HOSTILE_INTS
    if kind == "SlugConverter":
        return ["x" * 3000, "--", "a" + "-" * 200]
    if kind == "PathConverter":
        return HOSTILE_TEXT + ["../../../etc/passwd", "a/b/c"]
    return [v for v in HOSTILE_TEXT if "/" not in v]


def _name_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name if match.url_name else None


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("fuzz-media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=MD5, MEDIA_ROOT=media, CELERY_TASK_ALWAYS_EAGER=True),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", verbosity=0)
            _add_what_the_demo_lacks()
            yield _crawl()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _add_what_the_demo_lacks():
    """A registration (its pages are reached by the token in the e-mail)."""
    from dialog.models import Meeting, Registration

    meeting = Meeting.objects.filter(kind__in=["broad", "small_group"]).first()
    Registration.objects.create(meeting=meeting, name="Elin Sjöberg", email="elin@example.org")


def _superuser_client(host: str = "testserver") -> Client:
    from django.contrib.auth import get_user_model

    client = Client(raise_request_exception=False, HTTP_HOST=host)
    client.force_login(get_user_model().objects.filter(is_superuser=True).first())
    return client


#: The demo's second municipality (Vansbro, with Utmaningen) is reached at its own host.
OTHER_HOST = "vansbro.localhost"


def _crawl() -> dict:
    """Follow links as the superuser at each demo municipality's host; keep one address per
    named URL and every form found (the forms of the first host: the tests post them there)."""
    first = _crawl_host("testserver", CRAWL_LIMIT)
    other = _crawl_host(OTHER_HOST, CRAWL_LIMIT // 3)
    paths = dict(first["paths"])
    for name, found in other["paths"].items():
        paths.setdefault(name, found)
    return {
        "paths": paths,
        "forms": first["forms"],
        "media_links": first["media_links"] + other["media_links"],
        "reached_elsewhere": set(other["paths"]) | {_name_of(f["action"]) for f in other["forms"]},
    }


def _crawl_host(host: str, limit: int) -> dict:
    from contributions.models import Contribution, EProposal, Participant
    from dialog.models import ConsultationInvitation, Invitation, Registration
    from visionsprocess.models import ConsultationAnswer, Subscriber

    client = _superuser_client(host)
    seen_paths, per_name, attempts, filled = set(), defaultdict(list), defaultdict(int), set()
    media_links = []
    forms = {}
    queue = ["/", reverse("staff:home")]
    # Token pages are linked from e-mails only: start from one of each.
    for model, name, field in (
        (Registration, "dialog:registration_status", "token"),
        (Contribution, "contributions:track", "tracking_token"),
        (Invitation, "dialog:unsubscribe", "token"),
        (ConsultationInvitation, "dialog:consultation_unsubscribe", "token"),
        (EProposal, "contributions:eproposal_track", "tracking_token"),
        (ConsultationAnswer, "drafting:answer_track", "tracking_token"),
        (Participant, "contributions:participant_confirm", "confirm_token"),
        (Subscriber, "notices:manage", "token"),
    ):
        token = model.objects.exclude(**{field: ""}).values_list(field, flat=True).first()
        if token:
            queue.append(reverse(name, kwargs={"token": token}))
    requests = 0
    while queue and requests < limit:
        path = queue.pop(0)
        name = _name_of(path)
        if name is None or path in seen_paths:
            continue
        # One page per named URL and process (the demo's processes are in different stages).
        slot = (name, resolve(urlsplit(path).path).kwargs.get("slug"))
        if slot in filled or attempts[slot] >= 3:
            continue
        seen_paths.add(path)
        attempts[slot] += 1
        response = client.get(path)
        requests += 1
        if response.status_code != 200:
            continue
        per_name[name].append(path)
        filled.add(slot)
        if "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode(errors="replace")
        if re.search(r"""(href|src)=["']?(https?://[^/"']+)?/media/""", html):
            media_links.append(path)
        parser = Forms()
        parser.feed(html)
        for href in parser.links:
            target = urljoin(path, href.split("#")[0])
            if target.startswith("/") and not target.startswith(("/static/", "/admin/", "/konto/")):
                queue.append(target)
        for form in parser.forms:
            action = urljoin(path, form["action"]) if form["action"] else path
            action_name = _name_of(action)
            key = (form["method"], action_name, tuple(sorted({f[0] for f in form["fields"]})))
            if action_name and key not in forms:
                forms[key] = {**form, "action": action, "page": path}
    print(f"crawl of {host}: {requests} requests, {len(queue)} left in the queue")
    return {"paths": dict(per_name), "forms": list(forms.values()), "media_links": media_links}


#: Named URLs tested on their own below (with a formset posted with foreign ids).
ELSEWHERE: set[str] = set()


class Failures(list):
    def check(self, client, method, path, data=None, who=""):
        if _name_of(path) in ELSEWHERE:
            return None
        try:
            response = getattr(client, method)(path, data=data or {})
        except Exception as error:  # noqa: BLE001 - every error is a finding
            self.append(f"{who} {method.upper()} {path[:160]}: {error.__class__.__name__}: {error}")
            return None
        if response.status_code >= 500:
            self.append(f"{who} {method.upper()} {path[:160]}: {response.status_code}")
        return response


def _report(failures):
    assert not failures, f"{len(failures)} requests failed:\n" + "\n".join(failures[:60])


@pytest.mark.django_db
def test_every_named_url_with_hostile_path_values_gives_no_500(world):
    from django.contrib.auth import get_user_model

    failures = Failures()
    anonymous = Client(raise_request_exception=True)
    superuser = Client(raise_request_exception=True)
    superuser.force_login(get_user_model().objects.filter(is_superuser=True).first())
    names = sorted(
        name
        for name in _names(get_resolver())
        if (name.split(":")[0] if ":" in name else "") in OUR_NAMESPACES
    )
    for name in names:
        converters = _converters(name)
        found = world["paths"].get(name, [])
        base = resolve(urlsplit(found[0]).path).kwargs if found else {}
        # Patterns written as regular expressions have no converters: fuzz their groups too.
        keywords = dict(converters) or dict.fromkeys(_groups(name))
        for keyword, converter in keywords.items():
            values = _hostile_for(converter) if converter else HOSTILE_TEXT + HOSTILE_INTS
            for value in values:
                kwargs = {**{k: base.get(k, value) for k in keywords}, keyword: value}
                try:
                    path = reverse(name, kwargs=kwargs)
                except NoReverseMatch:
                    continue
                failures.check(superuser, "get", path, who="superuser")
                failures.check(anonymous, "get", path, who="anonymous")
                failures.check(anonymous, "post", path, who="anonymous")
        if not keywords:
            failures.check(anonymous, "post", reverse(name), who="anonymous")
    _report(failures)


@pytest.mark.django_db
def test_every_page_with_hostile_query_values_gives_no_500(world):
    failures = Failures()
    client = _superuser_client()
    client.raise_request_exception = True
    get_forms = defaultdict(set)
    for form in world["forms"]:
        if form["method"] == "get":
            get_forms[form["action"].split("?")[0]].update(f[0] for f in form["fields"])
    generic = ["q", "sida", "page", "per_page", "kit", "year", "sort", "format", "goal", "body"]
    for paths in world["paths"].values():
        path = paths[0].split("?")[0]
        keys = sorted(set(generic) | get_forms.get(path, set()))
        for value in ["' OR 1=1 --", "9" * 25, "-5", "<svg onload=alert(1)>", "x" * 3000]:
            failures.check(client, "get", f"{path}?{urlencode(dict.fromkeys(keys, value))}")
        # Each key as a list of values, too.
        failures.check(client, "get", path + "?" + "&".join(f"{k}=1&{k}=a" for k in keys))
    _report(failures)


def _other_ids(values: list[str]) -> list[str]:
    """Numbers that are ids of *something*, most likely not what the form expects."""
    numbers = sorted({int(v) for v in values if v.isdigit()})
    return [str(n) for n in itertools.islice(itertools.count(max(numbers, default=1) + 1), 3)]


@pytest.mark.django_db
def test_every_form_with_hostile_values_gives_no_500(world):
    failures = Failures()
    assert len(world["forms"]) > 40, "the crawl found the forms"
    for form in world["forms"]:
        client = _superuser_client()
        client.raise_request_exception = True
        method = form["method"] if form["method"] in ("get", "post") else "post"
        fields = [(name, value) for name, value, *_ in form["fields"] if value is not None]
        names = sorted({f[0] for f in form["fields"]} - {"csrfmiddlewaretoken"})
        for hostile in HOSTILE_FIELD_VALUES:
            failures.check(client, method, form["action"], dict.fromkeys(names, hostile))
        if method != "post":
            continue
        # Its own values, but every id field pointing elsewhere (another process's objects).
        id_fields = [n for n in names if re.search(r"(^|[-_])(id|pk)$", n)]
        if id_fields:
            own = dict(fields)
            for other in _other_ids([own.get(n, "") for n in id_fields]) + ["1", "2"]:
                data = {**own, **dict.fromkeys(id_fields, other)}
                failures.check(client, "post", form["action"], data)
        # The same field twice with different values.
        failures.check(client, "post", form["action"], {n: ["1", "x"] for n in names})
    _report(failures)


@pytest.mark.django_db
def test_the_crawl_reaches_most_named_urls(world):
    names = [
        name
        for name in _names(get_resolver())
        if (name.split(":")[0] if ":" in name else "") in OUR_NAMESPACES
    ]
    reached = (
        set(world["paths"])
        | {_name_of(form["action"]) for form in world["forms"]}
        | world["reached_elsewhere"]
    ) & set(names)
    print(f"The crawl reached {len(reached)} of {len(names)} named URLs.")
    missing = sorted(set(names) - reached)
    assert len(reached) >= len(names) * 0.75, "not reached: " + ", ".join(missing)


@pytest.mark.django_db
def test_the_stage_formset_posted_with_another_process_stage_id_gives_no_500(client):
    from tests.factories import ProcessFactory, UserFactory

    process, other = ProcessFactory(), ProcessFactory()
    client.force_login(UserFactory(is_superuser=True))
    own = list(process.stages.all())
    foreign = other.stages.first()
    data = {
        "title": process.title,
        "summary": "",
        "stage-TOTAL_FORMS": str(len(own)),
        "stage-INITIAL_FORMS": str(len(own)),
    }
    for index, stage in enumerate(own):
        data[f"stage-{index}-id"] = str(foreign.pk if index == 0 else stage.pk)
    response = client.post(reverse("staff:process_edit", args=[process.slug]), data)
    assert response.status_code in (200, 400)


@pytest.mark.django_db
def test_no_page_links_to_media_directly(world):
    """Every upload is served through a permission-checked view, never from /media/."""
    assert world["media_links"] == []
