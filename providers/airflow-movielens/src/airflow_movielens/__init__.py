"""Airflow provider for MovieLens-compatible ratings APIs.

Importing this package does not import Airflow, so tools that only read the provider's metadata
(``get_provider_info``) work without it; the hooks, operators, sensors and triggers live in their
own subpackages and import Airflow there.
"""

__version__ = "0.1.0"

#: What a task's period or day defaults to: the run's data interval, UTC days, end exclusive.
DATA_INTERVAL_START = "{{ data_interval_start | ds }}"
DATA_INTERVAL_END = "{{ data_interval_end | ds }}"
