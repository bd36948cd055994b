from tests.sandbox import factories


def test_users_list(api, school):
    factories.user(school)
    response = api.get("users")
    assert response.status_code == 200, response.content
    print(response.json())
