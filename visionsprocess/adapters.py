"""allauth adapter: e-mail goes out through a Celery task once the transaction commits."""

from allauth.account.adapter import DefaultAccountAdapter

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
