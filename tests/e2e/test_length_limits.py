"""Too long is refused and says so, never cut: a pasted text longer than a field's limit stays whole in the
field, the field explains in Dutch, and the form is not sent until it fits (web/static/limits.js)."""


def test_pasted_text_over_the_limit_is_kept_whole_and_explained(page, live_server, shoot):
    page.goto(f"{live_server}/aanmelden")
    field = page.locator("#aanmelder_naam")
    limit = int(field.get_attribute("data-maxlength"))
    assert field.get_attribute("maxlength") is None, "a maxlength attribute would cut pasted text"
    field.focus()
    page.keyboard.insert_text("Jansen" * 30)  # as a paste: 180 characters

    assert field.input_value() == "Jansen" * 30
    message = field.evaluate("f => f.validationMessage")
    assert f"Te lang: 180 tekens, maximaal {limit}" in message
    assert "Te lang" in page.locator(".length-hint").inner_text()
    assert field.evaluate("f => f.form.checkValidity()") is False
    shoot(page, "length-limit-pasted")

    page.keyboard.press("Control+a")
    page.keyboard.insert_text("Jansen")
    assert field.evaluate("f => f.validationMessage") == ""
    assert page.locator(".length-hint").inner_text() == ""
