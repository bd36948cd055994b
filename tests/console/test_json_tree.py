from apps.console.templatetags import console_json
from apps.console.templatetags.console_json import json_tree


def test_nesting_becomes_collapsible_details():
    html = json_tree({"items": [{"id": 1, "tags": {"a": [1]}}]})
    assert html.startswith('<div class="jt"><details open>')
    assert html.count("<details") == 5
    # The envelope, its items and each item start open; deeper levels start folded.
    assert html.count("<details open>") == 3
    assert '<span class="jt-count">1 item</span>' in html
    assert '<span class="jt-key">&quot;tags&quot;</span>' in html


def test_scalars_are_shown_as_json():
    html = json_tree({"s": "x", "n": 1.5, "t": True, "z": None, "e": [], "o": {}})
    for fragment in [
        '<span class="jt-str">&quot;x&quot;</span>',
        '<span class="jt-num">1.5</span>',
        '<span class="jt-lit">true</span>',
        '<span class="jt-lit">null</span>',
        '<span class="jt-raw">[]</span>',
        '<span class="jt-raw">{}</span>',
    ]:
        assert fragment in html


def test_keys_and_values_are_escaped():
    html = json_tree({"<img src=x onerror=alert(1)>": "</details><script>alert(1)</script>"})
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;/details&gt;&lt;script&gt;" in html


def test_a_huge_value_gives_no_tree(monkeypatch):
    monkeypatch.setattr(console_json, "MAX_NODES", 10)
    assert json_tree(list(range(20))) == ""
    assert json_tree(list(range(5))) != ""


def test_very_deep_nesting_ends_in_raw_json(monkeypatch):
    monkeypatch.setattr(console_json, "MAX_DEPTH", 2)
    html = json_tree({"a": {"b": {"c": 1}}})
    assert '<span class="jt-raw">{&quot;c&quot;: 1}</span>' in html
