"""Triggers: the waits a deferred sensor hands to Airflow's triggerer."""
