from apps.thinkific.resources.contents import Contents


def test_get(api, client):
    api.expect(
        "GET",
        "/contents/100",
        json={"id": 100, "name": "Quiz 1", "chapter_id": "10", "contentable_type": "Quiz"},
    )

    content = client.contents.get(100)

    assert (content.chapter_id, content.contentable_type, content.free) == (10, "Quiz", False)


def test_contents_are_read_only_and_listed_per_chapter():
    assert not any(hasattr(Contents, name) for name in ("list", "create", "update", "delete"))
