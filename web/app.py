"""The Flask application factory."""

from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from notifications.mail import MailSettings, SmtpMailer
from notifications.outbox import MailOutbox
from storage.engine import make_engine
from web import access_log, account, auth, context, errors, health, password_reset, security
from web.bootstrap import bootstrap
from web.config import Settings, flask_config
from workflow.clock import SystemClock

csrf = CSRFProtect()


def create_app(overrides: dict | None = None, settings: Settings | None = None) -> Flask:
    """Create the app from `settings` (default: the environment, read now). `overrides` may carry ENGINE,
    CLOCK and MAIL (MailSettings) (tests) besides ordinary Flask settings."""
    app = Flask(__name__, instance_path=str(Path.cwd() / "instance"))
    settings = (settings or Settings()).with_secret_key(Path(app.instance_path))
    app.config.update(flask_config(settings))
    app.config.update(overrides or {})
    settings = settings.model_copy(update={"secret_key": app.config["SECRET_KEY"]})  # a test may override it
    app.extensions["kring.settings"] = settings
    engine = app.config.pop("ENGINE", None) or make_engine(settings.database_url, settings.threads)
    app.extensions["kring.engine"] = engine
    app.extensions["kring.clock"] = app.config.pop("CLOCK", None) or SystemClock()
    app.extensions["kring.bus"] = bootstrap(settings)
    app.extensions["kring.outbox"] = _outbox(app.config.pop("MAIL", None) or settings.mail(), app)
    csrf.init_app(app)
    auth.init_app(app)
    errors.register_error_handlers(app)
    security.init_app(app)
    access_log.init_app(app)
    app.teardown_appcontext(context.close_db)
    _register_blueprints(app)
    _trust_proxies(app, settings.proxy_count)
    return app


def _outbox(mail: MailSettings | None, app: Flask) -> MailOutbox:
    """The outbox of mails a request asks for (password reset and plan links), over `mail` (tests pass MAIL)."""
    return MailOutbox(SmtpMailer(mail, app.extensions["kring.clock"]).deliver if mail else None)


def _trust_proxies(app: Flask, proxies: int) -> None:
    """Behind `proxies` reverse proxies, read the client's address and the scheme from their X-Forwarded-For
    and X-Forwarded-Proto. Off (0) by default: without a proxy anyone could send these headers. The host is
    not taken from X-Forwarded-Host: a proxy that does not set it would pass on whatever the client sent."""
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0, x_prefix=0)


def _register_blueprints(app: Flask) -> None:
    from web.admin import bp as admin_bp
    from web.api import bp as api_bp
    from web.billing import bp as billing_bp
    from web.cases import bp as cases_bp
    from web.funding import bp as funding_bp
    from web.intake import bp as intake_bp
    from web.matching import bp as matching_bp
    from web.plan_share import bp as plan_share_bp
    from web.questionnaires import bp as questionnaires_bp
    from web.registration import bp as registration_bp
    from web.reports import bp as reports_bp
    from web.retention import bp as retention_bp
    from web.tasks import bp as tasks_bp
    from web.today import bp as today_bp

    app.register_blueprint(health.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(password_reset.bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(intake_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(questionnaires_bp)
    app.register_blueprint(tasks_bp)
    app.register_blueprint(today_bp)
    app.register_blueprint(matching_bp)
    app.register_blueprint(admin_bp, url_prefix="/beheer")
    app.register_blueprint(reports_bp)
    app.register_blueprint(retention_bp)
    app.register_blueprint(billing_bp, url_prefix="/financien")
    app.register_blueprint(funding_bp)
    app.register_blueprint(plan_share_bp)  # the plan by link and code (issue #16)
    csrf.exempt(api_bp)  # bearer tokens, no cookies: CSRF does not apply
    app.register_blueprint(api_bp, url_prefix="/api/v1")
