import pytest


@pytest.mark.django_db
def test_the_api_docs_page_loads_its_scripts_from_the_site_not_a_cdn(client):
    page = client.get("/api/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


@pytest.mark.django_db
def test_the_docs_page_script_is_served(live_server):
    import requests

    response = requests.get(
        f"{live_server.url}/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js", timeout=10
    )
    assert response.status_code == 200


def openapi(client) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "page", "dates"), [("/ratings", "RatingsExportPage", True), ("/movies", "MoviesExportPage", False)]
)
def test_the_export_schema_names_both_paging_modes_parameters_and_answers(client, path, page, dates):
    schema = openapi(client)

    parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
    answer = schema["components"]["schemas"][page]
    expected = {"offset", "limit", "cursor"} | ({"start_date", "end_date"} if dates else set())
    assert set(parameters) == expected
    assert parameters["cursor"]["schema"] == {"type": "string"} and parameters["limit"]["schema"] == {"type": "integer"}
    assert list(answer["properties"]) == ["result", "offset", "limit", "total", "next"]
    assert answer["required"] == ["limit", "result", "total"]
    assert answer["properties"]["result"]["items"] == {"$ref": f"#/components/schemas/{page}Record"}
    assert schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": f"#/components/schemas/{page}"
    }


def test_each_paging_mode_describes_its_own_parameters_and_answer():
    from watchb.ratings.pagination import CursorExportPagination, OffsetExportPagination

    offset, cursor = OffsetExportPagination(), CursorExportPagination()

    assert [p["name"] for p in offset.get_schema_operation_parameters(None)] == ["offset", "limit"]
    assert [p["name"] for p in cursor.get_schema_operation_parameters(None)] == ["cursor", "limit"]
    assert offset.get_paginated_response_schema({})["required"] == ["limit", "offset", "result", "total"]
    assert cursor.get_paginated_response_schema({})["required"] == ["limit", "next", "result", "total"]
