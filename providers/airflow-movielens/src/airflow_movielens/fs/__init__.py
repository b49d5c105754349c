"""Filesystems the provider registers with Airflow's object storage (``ObjectStoragePath``)."""
