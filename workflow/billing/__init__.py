"""Money (DOMAIN.md §11): which phases of a case are delivered and billable, the contracts that pay for
them, and the invoices drawn from both. Pure domain: amounts are Decimal end to end, nothing here knows a
database or a web page."""
