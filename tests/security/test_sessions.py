"""Session cookies follow the secret keys even though their serializer is built once."""

from __future__ import annotations


def _signed_in(client) -> bool:
    return "Signed in as" in client.get("/").get_data(as_text=True)


def test_a_new_secret_key_signs_everyone_out_unless_the_old_one_is_a_fallback(
    app, client, manager, login_as
):
    login_as(manager)
    assert _signed_in(client)
    old = app.config["SECRET_KEY"]

    app.config["SECRET_KEY"] = "a-rotated-key-" + "x" * 32
    assert not _signed_in(client)

    app.config["SECRET_KEY_FALLBACKS"] = [old]
    assert _signed_in(client)
