"""What a user does in the browser in the end-to-end tests: log in and out, take a step on a case page."""

from tests.conftest import PASSWORD


def log_in(page, base, email):
    """Log in through the login form."""
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")


def log_out(page):
    """Log out with the button in the header."""
    page.click("header form.logout button")
    page.wait_for_url("**/login")


def take_step(page, trigger, fill=None, select=None, check=()):
    """Open an action on the case page, fill its form (`check`: checkboxes to tick) and submit it."""
    action = page.locator(f"#actie-{trigger}")
    if action.get_attribute("open") is None:
        action.locator("summary").click()
    for name, value in (fill or {}).items():
        action.locator(f'[name="{name}"]').fill(str(value))
    for name, value in (select or {}).items():
        action.locator(f'select[name="{name}"]').select_option(value)
    for name in check:
        action.locator(f'input[type=checkbox][name="{name}"]').check()
    action.locator("button[type=submit]").click()
    page.wait_for_load_state()


def log_in_again(page, base, email):
    """After the clock jumps more than half an hour, the idle session has expired: log in and come back."""
    back = page.url
    log_in(page, base, email)
    page.goto(back)


def history(page) -> str:
    """The text of the case page's history table."""
    return page.locator("table.history").inner_text()
