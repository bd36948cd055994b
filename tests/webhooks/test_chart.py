from datetime import timedelta

from django.utils import timezone

from apps.core import display
from apps.webhooks.chart import WIDTH, draw
from apps.webhooks.models import Event
from apps.webhooks.selectors import event_counts_by_day
from tests.conftest import grant
from tests.webhooks.factories import event


def aged(school, topic, days):
    row = event(school, topic)
    Event.objects.filter(pk=row.pk).update(received_at=timezone.now() - timedelta(days=days))


def test_counts_per_topic_per_day_for_30_days(school):
    for _ in range(3):
        aged(school, "order.created", 0)
    aged(school, "order.created", 2)
    aged(school, "user.signup", 2)
    aged(school, "user.signup", 45)  # too old

    counts = event_counts_by_day(connection=school)

    assert len(counts.days) == 30 and counts.days[-1] == timezone.localdate()
    assert [(s.label, s.total) for s in counts.series] == [("Order created", 4), ("New user", 1)]
    assert counts.series[0].counts[-1] == 3 and counts.series[0].counts[-3] == 1
    assert counts.totals[-3] == 2 and counts.total == 5 and counts.peak == 3


def test_quiet_topics_fold_into_other(school):
    for n, topic in enumerate(
        [
            "order.created",
            "user.signup",
            "user.signin",
            "lead.created",
            "quiz.attempted",
            "course.created",
            "plan.updated",
        ]
    ):
        for _ in range(10 - n):
            aged(school, topic, 0)
    labels = [s.label for s in event_counts_by_day(connection=school).series]
    assert labels == [
        "Order created",
        "New user",
        "User signed in",
        "Lead created",
        "Quiz attempted",
        "Other topics",
    ]


def test_the_bars_stack_to_each_days_total(school):
    for _ in range(7):
        aged(school, "order.created", 0)
    aged(school, "user.signup", 0)
    chart = draw(event_counts_by_day(connection=school))
    today = chart.bars[-1]
    assert (
        today.label
        == f"{display.date(timezone.localdate())}: 8 events (7 Order created, 1 New user)"
    )
    assert [t.text for t in chart.x_ticks][-1] == display.date(timezone.localdate())
    assert [t.text for t in chart.y_ticks] == ["0", "5", "10"]
    plot_height = chart.baseline - 8  # TOP margin
    stacked = sum(r.height for r in today.rects)
    assert abs(stacked - plot_height * 8 / 10) < 0.5  # 8 events on a 0-10 axis
    assert abs(today.rects[0].height - plot_height * 7 / 10) < 0.5


def test_the_school_home_shows_the_chart_to_those_who_see_events(staff_client, staff, school):
    aged(school, "order.created", 1)
    assert "Activity, last 30 days" not in staff_client.get("/s/baking/").content.decode()
    grant(staff, "view_events")
    html = staff_client.get("/s/baking/").content.decode()
    assert "Activity, last 30 days" in html
    html = staff_client.get("/s/baking/activity/chart/", headers={"HX-Request": "true"})
    html = html.content.decode()  # the panel the home loads
    assert "<svg" in html and "1 event in 30 days; the busiest day had 1." in html
    assert 'Order created <span class="muted">1</span>' in html


def test_the_chart_panel_needs_the_events_permission_and_has_a_page_of_its_own(
    staff_client, staff, school
):
    assert staff_client.get("/s/baking/activity/chart/").status_code == 403
    grant(staff, "view_events")
    page = staff_client.get("/s/baking/activity/chart/").content.decode()
    assert "<html" in page and 'id="activity"' in page
    panel = staff_client.get("/s/baking/activity/chart/", headers={"HX-Request": "true"})
    assert (
        "<html" not in panel.content.decode()
        and "No events in the last 30 days" in panel.content.decode()
    )


def test_the_last_days_date_fits_inside_the_chart(school):
    """An axis label is centred on its day: the last one must not run off the right edge."""
    aged(school, "order.created", 0)
    chart = draw(event_counts_by_day(connection=school))
    last = chart.x_ticks[-1]
    widest = len("Dec 30, 2026") * 11 * 0.6  # font-size 11, a character about 0.6 em wide
    assert last.position + widest / 2 <= WIDTH
