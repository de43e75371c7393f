"""URLs of contributions: citizens' pages (urls_public) and officials' pages (urls_staff)."""

from .urls_citations import urlpatterns as citation_urlpatterns
from .urls_public import urlpatterns as public_urlpatterns
from .urls_staff import urlpatterns as staff_urlpatterns
from .urls_surveys import urlpatterns as survey_urlpatterns

app_name = "contributions"

urlpatterns = public_urlpatterns + staff_urlpatterns + citation_urlpatterns + survey_urlpatterns
