"""Airflow provider for MovieLens-compatible ratings APIs.

Importing this package does not import Airflow, so tools that only read the provider's metadata
(``get_provider_info``) work without it; the hooks, operators, sensors and triggers live in their
own modules and import Airflow there.
"""

__version__ = "0.1.0"
