"""Every module that defines tables, imported once: the metadata the migrations (storage/migrations/env.py)
and the schema test compare against. A new module with tables is added here."""

import storage.audit  # noqa: F401
import storage.billing_audit  # noqa: F401
import storage.billing_models  # noqa: F401
import storage.calendar_feeds  # noqa: F401
import storage.idempotency  # noqa: F401
import storage.matching  # noqa: F401
import storage.models  # noqa: F401
import storage.password_reset  # noqa: F401
import storage.plan_shares  # noqa: F401
import storage.questionnaires  # noqa: F401
import storage.registrations  # noqa: F401
import storage.reminders  # noqa: F401
import storage.report_tallies  # noqa: F401
import storage.settings  # noqa: F401
import storage.withdrawals  # noqa: F401
