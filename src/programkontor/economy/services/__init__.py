"""Writes of the economy that carry domain rules; each is one transaction with history.

Simple edits go through ``programkontor.core.services`` (the models' ``clean`` holds the rules);
these modules do what needs more: budget versions and their approval, the import of actuals, the
invoice plan, and the two-step approval of invoices received.
"""
