"""allauth adapter: e-mail goes out through the outbox; after login people land where they can be."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

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
