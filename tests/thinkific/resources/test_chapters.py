from apps.thinkific.resources.chapters import Chapters
from apps.thinkific.resources.contents import Content
from tests.thinkific.conftest import envelope

CONTENT = {
    "id": 100,
    "name": "Feeding your starter",
    "position": 1,
    "chapter_id": 10,
    "contentable_type": "Lesson",
    "free": True,
    "take_url": "https://baking-school.thinkific.com/courses/take/sourdough/lessons/100",
}


def test_get(api, client):
    api.expect("GET", "/chapters/10", json={"id": 10, "name": "Starters", "content_ids": [100]})

    chapter = client.chapters.get(10)

    assert (chapter.name, chapter.content_ids) == ("Starters", (100,))


def test_contents(api, client):
    api.expect(
        "GET", "/chapters/10/contents", query={"page": 2, "limit": 25}, json=envelope([CONTENT])
    )

    content = client.chapters.contents(10, page=2).items[0]

    assert isinstance(content, Content)
    assert (content.contentable_type, content.free) == ("Lesson", True)


def test_chapters_are_read_only_and_listed_per_course():
    assert not any(hasattr(Chapters, name) for name in ("list", "create", "update", "delete"))
