import pytest

from apps.core.templatetags.portal import safe_url


@pytest.mark.parametrize("url", ["https://a.example/x.png", "HTTP://a.example", "http://a/b?c=d"])
def test_http_urls_pass(url):
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:x",
        "java\tscript:x",
        "data:text/html,x",
        "//host/x",
        "https:",
        "http://[bad",
        None,
        "",
    ],
)
def test_anything_else_gives_nothing(url):
    assert safe_url(url) == ""
