"""A real OpenID Connect provider for the tests: django-oauth-toolkit in a Django project of its
own, run in a subprocess on 127.0.0.1 (``serve.py``), so that the sign-in goes through a real
authorisation endpoint, login page, token endpoint (PKCE, single-use codes) and user info
endpoint over HTTP. Nothing here is imported by the project itself."""
