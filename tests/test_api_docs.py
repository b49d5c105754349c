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
