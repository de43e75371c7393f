"""Every named URL of the project is either public or in some app's permission matrix."""

import importlib

from django.urls import URLPattern, URLResolver, get_resolver

from tests.url_matrix import PUBLIC_URLS

MATRIX_MODULES = [
    "tests.visionsprocess.test_permission_matrix",
    "tests.dialog.test_permission_matrix",
    "tests.contributions.test_permission_matrix",
    "tests.contributions.test_permission_matrix_public",
    "tests.contributions.test_permission_matrix_surveys",
    "tests.contributions.test_permission_matrix_eproposals",
    "tests.contributions.test_permission_matrix_municipal_eproposals",
    "tests.contributions.test_permission_matrix_synthesis",
    "tests.contributions.test_permission_matrix_paragraphs",
    "tests.goals.test_permission_matrix",
    "tests.visionsprocess.test_permission_matrix_documents",
    "tests.visionsprocess.test_permission_matrix_drafting",
    "tests.visionsprocess.test_permission_matrix_library",
    "tests.visionsprocess.test_permission_matrix_notices",
    "tests.visionsprocess.test_permission_matrix_decisions",
    "tests.visionsprocess.test_permission_matrix_search",
]
OUR_NAMESPACES = {
    "",
    "staff",
    "dialog",
    "contributions",
    "goals",
    "documents",
    "drafting",
    "notices",
}


def _names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if pattern.app_name in ("admin",) or (
                pattern.urlconf_name and "allauth" in str(pattern.urlconf_name)
            ):
                continue
            yield from _names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_named_url_is_public_or_in_a_permission_matrix():
    covered = set(PUBLIC_URLS)
    for module_name in MATRIX_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        covered |= {case.url_name for case in module.CASES}
        covered |= set(getattr(module, "PUBLIC_URLS", ()))
    ours = {
        name
        for name in _names(get_resolver())
        if (name.split(":")[0] if ":" in name else "") in OUR_NAMESPACES
    }
    missing = sorted(ours - covered)
    assert not missing, f"URLs without a permission matrix entry: {missing}"
