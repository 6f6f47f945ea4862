"""Reminders and notifications: the reminder scan, mail over SMTP, the in-app task list."""
