"""allauth adapter: e-mail through the outbox, our client address, throttling that locks no one
out, and after login people land where they can be."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from .clients import client_ip
from .services import email_send


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html_body = None
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html_body = content
        email_send(
            to=list(message.to), subject=message.subject, body=message.body, html_body=html_body
        )

    def get_login_redirect_url(self, request):
        """Without a ``next`` (allauth follows that first): people with a role in a process to
        the staff area, everyone else to "Mina sidor" – never to a page they may not open."""
        user = request.user
        if user.is_authenticated and user.has_perm("visionsprocess.view_staff_area"):
            return reverse("staff:home")
        return reverse("my_pages")

    def get_client_ip(self, request) -> str:
        """The address every rate limit uses (``TRUSTED_PROXY_COUNT`` proxies, nothing else)."""
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed logins are counted per account *and* client address.

        allauth counts them per account alone, so five wrong passwords from anywhere lock the
        account for everyone for five minutes: a tool to lock an official out. Counted per
        address and account, a guesser is throttled (five tries per five minutes per account
        from one address, and ten failed logins a minute from one address across accounts),
        while the official, from their own address, can still log in.
        """
        return (
            f"{super()._get_login_attempts_cache_key(request, **credentials)}@{client_ip(request)}"
        )
