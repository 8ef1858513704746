"""Links pages repeat: built once per script root, always as Flask builds them."""

from __future__ import annotations

import pytest
from flask import url_for
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from werkzeug.routing import BuildError

from labelapp.web.urls import template_url_for


def test_remembered_links_follow_the_script_root(client):
    plain = client.get("/verify").get_data(as_text=True)
    mounted = client.get("/verify", environ_overrides={"SCRIPT_NAME": "/label"})
    html = mounted.get_data(as_text=True)
    assert 'href="/label/registry"' in html and 'href="/label/static/app.css' in html
    assert 'href="/registry"' in plain and 'href="/static/app.css' in plain
    # Asked again without the root, after the mounted page: still the plain links.
    assert client.get("/verify").get_data(as_text=True) == plain


def test_links_with_arguments_are_built_for_each_page(client, app):
    with app.test_request_context("/"):
        assert template_url_for("public.certificate", number="CEL-2026-00001-K").endswith(
            "/verify/CEL-2026-00001-K"
        )
        assert template_url_for("public.certificate", number="CEL-2026-00002-H").endswith(
            "/verify/CEL-2026-00002-H"
        )


ONE_ARGUMENT_LINKS = [
    ("public.certificate", "number"),
    ("public.certificate_pdf", "number"),
    ("api.certificate", "number"),
    ("manager.organisation", "slug"),
    ("admin.criteria_version", "version_id"),  # an <int:…> converter: never shaped
    ("public.registry_page", "q"),  # a query-string argument
    ("auth.login", "next"),
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    link=st.sampled_from(ONE_ARGUMENT_LINKS),
    value=st.one_of(
        st.from_regex(r"[A-Za-z0-9._~-]{1,20}", fullmatch=True),
        st.text(min_size=1, max_size=20),
        st.integers(min_value=0, max_value=10**6).map(str),
    ),
    root=st.sampled_from(["", "/label", "/a b"]),
)
def test_remembered_links_are_the_links_flask_builds(app, link, value, root):
    endpoint, name = link
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
        try:
            expected = url_for(endpoint, **{name: value})
        except (BuildError, ValueError):
            with pytest.raises((BuildError, ValueError)):
                template_url_for(endpoint, **{name: value})
            return
        assert template_url_for(endpoint, **{name: value}) == expected
        assert template_url_for(endpoint, **{name: value}) == expected  # remembered shape
