import pytest

from apps.connections.models import Connection


@pytest.fixture
def oauth_school(school):
    school.auth_type = Connection.AuthType.OAUTH
    school.oauth_client_id = "client-1"
    school.oauth_client_secret = "secret-1"
    school.oauth_base_url = "https://baking-school.thinkific.com"
    school.save()
    return school
