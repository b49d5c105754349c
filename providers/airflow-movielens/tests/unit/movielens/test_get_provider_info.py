"""The provider registers with Airflow, and its registration names modules and classes that exist."""

import importlib
import importlib.metadata
import json
import pkgutil
import sys
from pathlib import Path

import jsonschema

import airflow_movielens
from airflow_movielens.get_provider_info import get_provider_info


def test_provider_info_is_registered_and_valid():
    entry_points = importlib.metadata.entry_points(group="apache_airflow_provider")
    ours = [ep for ep in entry_points if ep.value.startswith("airflow_movielens")]
    assert len(ours) == 1 and ours[0].load() is get_provider_info

    schema_path = Path(__import__("airflow").__file__).parent / "provider_info.schema.json"
    info = get_provider_info()
    jsonschema.validate(info, json.loads(schema_path.read_text()))
    assert info["package-name"] == "airflow-movielens"
    assert {c["connection-type"]: c["hook-class-name"] for c in info["connection-types"]} == {
        "movielens": "airflow_movielens.hooks.movielens.MovielensHook",
        "watchb": "airflow_movielens.hooks.watchb.WatchbHook",
    }


def test_every_module_and_class_the_registration_names_imports():
    info = get_provider_info()
    modules = [
        m for area in ("hooks", "operators", "sensors", "triggers") for e in info[area] for m in e["python-modules"]
    ]
    assert len(modules) == 8
    for name in modules:
        importlib.import_module(name)
    for connection in info["connection-types"]:
        module, _, cls = connection["hook-class-name"].rpartition(".")
        hook = getattr(importlib.import_module(module), cls)
        assert hook.conn_type == connection["connection-type"] and hook.hook_name == connection["hook-name"]


def test_airflow_lists_the_provider_and_its_connection_types():
    from airflow.providers_manager import ProvidersManager
    from airflow.sdk.providers_manager_runtime import ProvidersManagerTaskRuntime

    assert ProvidersManager().providers["airflow-movielens"].version == "0.1.0"
    hooks = ProvidersManagerTaskRuntime().hooks
    assert hooks["movielens"].hook_class_name == "airflow_movielens.hooks.movielens.MovielensHook"
    assert hooks["watchb"].hook_class_name == "airflow_movielens.hooks.watchb.WatchbHook"


def test_the_whole_package_imports_without_django():
    for module in pkgutil.walk_packages(airflow_movielens.__path__, "airflow_movielens."):
        importlib.import_module(module.name)
    assert "django" not in sys.modules
