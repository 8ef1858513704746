"""Links the site's chrome repeats are built once, but never across script roots."""

from __future__ import annotations

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
