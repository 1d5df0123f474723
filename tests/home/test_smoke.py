import pytest


@pytest.mark.django_db
def test_home_page_renders(client, site_tree):
    response = client.get("/")
    assert response.status_code == 200
    assert "Handelshøyskolen USN" in response.content.decode()
