"""Starts the real OpenID Connect provider of ``tests/oidc_provider`` (django-oauth-toolkit) in
a subprocess on 127.0.0.1, and walks a person through its login page with ``requests``."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
OP_PASSWORD = "Provider-lösen-2040"

#: The people the provider knows. ``last_name`` "unverified…" releases email_verified false.
USERS = [
    {"username": "anna", "email": "anna.lind@example.org", "first_name": "Anna"},
    {"username": "olle", "email": "olle.berg@example.org", "first_name": "Olle"},
    {
        "username": "berit",
        "email": "berit.ek@example.org",
        "first_name": "Berit",
        "last_name": "unverified",
    },
    {
        "username": "erik",
        "email": "erik.holm@vaggeryd.se",
        "first_name": "Erik",
        "groups": ["vp-tjansteperson", "alla-anstallda"],
    },
    {
        "username": "karin",
        "email": "karin.sand@vaggeryd.se",
        "first_name": "Karin",
        "groups": ["alla-anstallda"],
    },
]
CLIENTS = {"eid": ("vp-eid", "eid-hemlighet"), "personal": ("vp-staff", "staff-hemlighet")}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Provider:
    url: str
    process: subprocess.Popen
    redirect_hosts: list[str] = field(default_factory=list)

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_provider(
    tmp_dir: Path,
    *,
    token_seconds: int = 300,
    hosts=("testserver",),
    users=(),
    clients=(),
) -> Provider:
    """``users``: people beyond ``USERS``; ``clients``: ``(provider_id, client_id, secret)``
    beyond ``CLIENTS`` (each registered with its callback address at every one of ``hosts``)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    seed = {
        "users": [{**user, "password": OP_PASSWORD} for user in [*USERS, *users]],
        "clients": [
            {
                "client_id": client_id,
                "client_secret": secret,
                "redirect_uris": [
                    f"http://{host}/konto/oidc/{provider_id}/login/callback/" for host in hosts
                ],
            }
            for provider_id, client_id, secret in [
                *((key, *value) for key, value in CLIENTS.items()),
                *clients,
            ]
        ],
    }
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        OP_DATABASE=str(tmp_dir / f"provider-{port}.sqlite3"),
        OP_RSA_PRIVATE_KEY=pem,
        OP_TOKEN_SECONDS=str(token_seconds),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port), json.dumps(seed)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline()
    if line.strip() != "ready":
        process.kill()
        raise RuntimeError(f"the test provider did not start: {process.stderr.read()}")
    return Provider(url=f"http://127.0.0.1:{port}", process=process)


def log_in_at_provider(authorize_url: str, username: str) -> str:
    """Follows the provider's authorisation endpoint through its login page as ``username`` and
    returns the callback address the provider sends the browser back to (code and state)."""
    session = requests.Session()
    answer = session.get(authorize_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    login_url = urljoin(authorize_url, answer.headers["Location"])
    page = session.get(login_url, timeout=10)
    assert page.status_code == 200 and "Logga in hos testleverantören" in page.text
    next_url = login_url.split("next=", 1)[1]
    from urllib.parse import unquote

    answer = session.post(
        login_url,
        data={
            "username": username,
            "password": OP_PASSWORD,
            "next": unquote(next_url),
            "csrfmiddlewaretoken": session.cookies["op_csrftoken"],
        },
        headers={"Referer": login_url},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:500]
    answer = session.get(
        urljoin(login_url, answer.headers["Location"]), allow_redirects=False, timeout=10
    )
    assert answer.status_code == 302, answer.text[:500]
    return answer.headers["Location"]
