"""Reads: stored events (the feed, one event, the 30-day chart), watches, and the
webhooks Thinkific has for a school."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from apps.connections.models import Connection
from apps.core.timezones import day_first, day_last
from apps.index.models import SchoolIndex
from apps.thinkific import ThinkificClient, errors
from apps.webhooks import registration, topics
from apps.webhooks.describe import Links
from apps.webhooks.models import Event, MissedEvent, Registration, Watch, WatchCheck

PAGE_SIZE = 50
# Fields a feed row needs: never the raw body and headers, nor the school's secrets.
ROW_FIELDS = (
    "id",
    "event_id",
    "topic",
    "resource",
    "action",
    "occurred_at",
    "received_at",
    "payload",
    "redeliveries",
    "reconstructed",
    "connection__id",
    "connection__slug",
    "connection__name",
)


@dataclass(frozen=True)
class Feed:
    """What one open feed shows: the schools the viewer may see and the filters they set."""

    connection_ids: frozenset[int]
    topics: frozenset[str] | None = None  # None: every topic; empty: none at all
    since: date | None = None
    until: date | None = None
    # A watch's events: those received once it existed, not the same topics' before it.
    received_from: datetime | None = None
    links: Links = field(default_factory=Links)
    cross_school: bool = False
    time_zone: str = ""  # the viewer's, for the rows the stream renders ("": the default)

    @property
    def is_live(self) -> bool:
        """False when nothing new can match: the filters end in the past, or want no topic."""
        if self.topics is not None and not self.topics:
            return False
        return self.until is None or self.until >= timezone.localdate()

    def matches(self, event: Event) -> bool:
        if event.connection_id not in self.connection_ids:
            return False
        if self.topics is not None and event.topic not in self.topics:
            return False
        if self.received_from and event.received_at < self.received_from:
            return False
        day = timezone.localdate(event.received_at)
        return not (self.since and day < self.since) and not (self.until and day > self.until)

    def events(self) -> QuerySet[Event]:
        if self.topics is not None and not self.topics:
            return Event.objects.none()
        events = Event.objects.filter(connection_id__in=self.connection_ids)
        if self.topics is not None:
            events = events.filter(topic__in=self.topics)
        if self.since:
            events = events.filter(received_at__gte=day_first(self.since))
        if self.until:
            events = events.filter(received_at__lte=day_last(self.until))
        if self.received_from:
            events = events.filter(received_at__gte=self.received_from)
        return events.select_related("connection").only(*ROW_FIELDS)


def event_list(*, feed: Feed, before: int | None = None, limit: int = PAGE_SIZE) -> list[Event]:
    """Newest first; `before` an event id pages back (ids only grow, so pages never shift)."""
    events = feed.events()
    if before:
        events = events.filter(id__lt=before)
    return list(events.order_by("-id")[:limit])


def feed_events_after(*, feed: Feed, after: int, limit: int = PAGE_SIZE) -> list[Event]:
    """What a feed missed since `after`: the newest `limit`, oldest first."""
    newest = list(feed.events().filter(id__gt=after).order_by("-id")[:limit])
    return newest[::-1]


def events_after(*, after: int, also: frozenset[int] = frozenset(), limit: int) -> list[Event]:
    """Every school's events past `after` (and those of the ids in `also`), oldest first."""
    condition = Q(id__gt=after)
    if also:
        condition |= Q(id__in=also)
    events = Event.objects.filter(condition).select_related("connection").only(*ROW_FIELDS)
    return list(events.order_by("id")[:limit])


def record_events(
    *, connection: Connection, resource: str, record_id: int, limit: int = 10
) -> list[Event]:
    """The newest events about one record (`resource` as stored: "enrollment"), found by
    the id in their payload; bounded by `limit`, within the school's events only. Newest
    by when they happened, not when they arrived: a late delivery is not the latest."""
    events = Event.objects.filter(connection=connection, resource=resource, payload__id=record_id)
    happened = Coalesce("occurred_at", "received_at")
    events = events.select_related("connection").only(*ROW_FIELDS)
    return list(events.order_by(happened.desc(), "-id")[:limit])


def followups_failed(
    *, connection: Connection, before: int | None = None, limit: int = PAGE_SIZE
) -> list[Event]:
    """The school's events whose follow-up failed, newest first (a partial index's rows)."""
    events = Event.objects.filter(connection=connection, followup=Event.Followup.FAILED)
    if before:
        events = events.filter(id__lt=before)
    fields = (*ROW_FIELDS, "followup", "followup_error", "followup_attempts", "followup_due_at")
    return list(events.select_related("connection").only(*fields).order_by("-id")[:limit])


def followups_failed_count(*, connection: Connection) -> int:
    return Event.objects.filter(connection=connection, followup=Event.Followup.FAILED).count()


def latest_event_id() -> int:
    return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0


def event_get(*, connection: Connection, pk: int) -> Event:
    try:
        return Event.objects.select_related("connection").get(connection=connection, pk=pk)
    except Event.DoesNotExist:
        raise Http404("No such event.") from None


@dataclass(frozen=True)
class Series:
    topic: str
    label: str
    total: int
    counts: tuple[int, ...]  # one per day


@dataclass(frozen=True)
class DailyCounts:
    days: tuple[date, ...]
    series: tuple[Series, ...]  # busiest topic first; the tail folded into "Other topics"
    totals: tuple[int, ...]  # per day, all topics

    @property
    def total(self) -> int:
        return sum(self.totals)

    @property
    def peak(self) -> int:
        return max(self.totals, default=0)


def event_counts_by_day(
    *, connection: Connection, days: int = 30, max_series: int = 6
) -> DailyCounts:
    """Events per topic per day for the last `days` days (today included)."""
    today = timezone.localdate()
    first = today - timedelta(days=days - 1)
    span = tuple(first + timedelta(days=n) for n in range(days))
    rows = (
        Event.objects.filter(connection=connection, received_at__gte=day_first(first))
        .annotate(day=TruncDate("received_at"))
        .values_list("day", "topic")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_topic: dict[str, Counter] = {}
    for day, topic, n in rows:
        per_topic.setdefault(topic, Counter())[day] += n
    ranked = sorted(per_topic, key=lambda name: (-sum(per_topic[name].values()), name))
    shown, rest = ranked[: max_series - 1], ranked[max_series - 1 :]
    if len(rest) == 1:
        shown, rest = shown + rest, []
    series = [_series(name, topics.label(name), [per_topic[name]], span) for name in shown]
    if rest:
        series.append(_series("", "Other topics", [per_topic[name] for name in rest], span))
    totals = tuple(sum(s.counts[i] for s in series) for i in range(days))
    return DailyCounts(days=span, series=tuple(series), totals=totals)


def _series(topic: str, label: str, counters: list[Counter], span: tuple[date, ...]) -> Series:
    counts = tuple(sum(counter[day] for counter in counters) for day in span)
    return Series(topic=topic, label=label, total=sum(counts), counts=counts)


# -- watches ----------------------------------------------------------------------------


def watch_overview(*, connection: Connection) -> dict:
    """The watches page: each watch with the state of its topics' webhooks."""
    watches = list(Watch.objects.filter(connection=connection))
    registrations = {r.topic: r for r in Registration.objects.filter(connection=connection)}
    expected = registration.ordered({name for watch in watches for name in watch.topics})
    return {
        "watches": [
            (watch, [_topic_state(name, registrations.get(name)) for name in watch.topics])
            for watch in watches
        ],
        "starters": [t for t in topics.STARTERS if not any(t.name in w.topics for w in watches)],
        "problems": registration.receiver_url_problems(connection.receiver_url),
        **manual_steps(connection=connection, topic_names=expected, only_manual=registrations),
    }


@dataclass(frozen=True)
class TopicState:
    topic: str
    label: str
    registration: Registration | None

    @property
    def state(self) -> str:
        return self.registration.state if self.registration else Registration.State.FAILED


def _topic_state(name: str, row: Registration | None) -> TopicState:
    return TopicState(topic=name, label=topics.label(name), registration=row)


def expected_topics(connection: Connection) -> tuple[str, ...]:
    """Every topic some watch of the school wants, in the catalogue's order."""
    wanted = set()
    for names in Watch.objects.filter(connection=connection).values_list("topics", flat=True):
        wanted.update(names)
    return registration.ordered(wanted)


def topics_kept_by_others(*, watch: Watch) -> list[str]:
    """Labels of the watch's topics another watch of the school also wants."""
    others = Watch.objects.filter(connection=watch.connection).exclude(pk=watch.pk)
    kept = {name for names in others.values_list("topics", flat=True) for name in names}
    return [topics.label(name) for name in watch.topics if name in kept]


def manual_steps(
    *,
    connection: Connection,
    topic_names: tuple[str, ...],
    only_manual: dict[str, Registration] | None = None,
) -> dict:
    """How to add the webhooks by hand in Thinkific's admin, for credentials that can't."""
    if only_manual is not None:
        topic_names = tuple(
            name
            for name in topic_names
            if name in only_manual and only_manual[name].state == Registration.State.MANUAL
        )
    return {
        "manual_topics": [topics.BY_NAME[n] for n in topic_names if n in topics.BY_NAME],
        "receiver_url": connection.receiver_url,
        "signed_with": "the OAuth app's client secret"
        if connection.uses_oauth
        else "the school's API key",
    }


@dataclass(frozen=True)
class Check:
    expected: tuple[str, ...]
    comparison: registration.Comparison | None  # None: these credentials may not look
    reason: str = ""

    @property
    def manual(self) -> bool:
        return self.comparison is None


def webhooks_compare(*, connection: Connection, client: ThinkificClient) -> Check:
    """Thinkific's webhooks for this school beside what its watches want (one list call)."""
    expected = expected_topics(connection)
    try:
        remote = list(client.webhooks.all())
    except (errors.AuthenticationError, errors.PermissionDeniedError) as exc:
        return Check(expected=expected, comparison=None, reason=exc.message)
    known = Registration.objects.filter(connection=connection).exclude(webhook_id="")
    comparison = registration.compare(
        expected=expected,
        remote=remote,
        receiver_url=connection.receiver_url,
        known_ids=known.values_list("webhook_id", flat=True),
    )
    return Check(expected=expected, comparison=comparison)


# -- a new school's first steps --------------------------------------------------------------


@dataclass(frozen=True)
class FirstSteps:
    """What a new school still lacks: watches (so events arrive) and its index (so lists
    search and sort)."""

    watching: bool
    indexing: bool  # built, being built, or queued

    @property
    def done(self) -> bool:
        return self.watching and self.indexing


def first_steps(*, connection: Connection) -> FirstSteps:
    """Which of a school's first steps are done (an index sync queued counts)."""
    index = SchoolIndex.objects.filter(connection=connection).first()
    queued = index is not None and (index.lease_until or timezone.now()) > timezone.now()
    indexing = queued or (index is not None and (index.is_ready or index.is_syncing))
    return FirstSteps(
        watching=Watch.objects.filter(connection=connection).exists(), indexing=indexing
    )


# -- deliveries and missed events ----------------------------------------------------------


@dataclass(frozen=True)
class TopicHealth:
    topic: str
    label: str
    delivered_day: int = 0
    missed_day: int = 0
    delivered_month: int = 0
    missed_month: int = 0


def _not_delivered() -> Q:
    """Missed events that stay missed: no delivery came after all (one stored from it may)."""
    return Q(event__isnull=True) | Q(event__reconstructed=True)


def topic_health(*, connection: Connection) -> list[TopicHealth]:
    """Per topic the school watches: events delivered and missed in the last 24 hours and
    30 days (missed: found by a read of Thinkific with no delivery)."""
    now = timezone.now()
    day, month = now - timedelta(days=1), now - timedelta(days=30)
    names = expected_topics(connection)
    recent = Q(received_at__gte=day)
    delivered = {
        row["topic"]: row
        for row in Event.objects.filter(
            connection=connection, received_at__gte=month, topic__in=names, reconstructed=False
        )
        .values("topic")
        .annotate(month=Count("id"), day=Count("id", filter=recent))
        .order_by()
    }
    missed = {
        row["topic"]: row
        for row in MissedEvent.objects.filter(
            _not_delivered(), connection=connection, found_at__gte=month, topic__in=names
        )
        .values("topic")
        .annotate(month=Count("id"), day=Count("id", filter=Q(found_at__gte=day)))
        .order_by()
    }
    return [
        TopicHealth(
            topic=name,
            label=topics.label(name),
            delivered_day=delivered.get(name, {}).get("day", 0),
            missed_day=missed.get(name, {}).get("day", 0),
            delivered_month=delivered.get(name, {}).get("month", 0),
            missed_month=missed.get(name, {}).get("month", 0),
        )
        for name in names
    ]


def missed_list(
    *, connection: Connection, topic: str = "", before: int | None = None, limit: int = PAGE_SIZE
) -> list[MissedEvent]:
    """The school's missed events (not delivered after all), newest found first."""
    missed = MissedEvent.objects.filter(_not_delivered(), connection=connection)
    if topic:
        missed = missed.filter(topic=topic)
    if before:
        missed = missed.filter(id__lt=before)
    return list(missed.select_related("event").order_by("-id")[:limit])


def watch_checks(*, connection: Connection, repairs: int = 5) -> dict:
    """The last scheduled check of the school's webhooks, and its latest repairs."""
    checked = WatchCheck.objects.filter(connection=connection, checked_at__isnull=False)
    return {
        "check_every": f"{settings.WATCHES_CHECK_EVERY_MINUTES:g}",
        "last_check": checked.order_by("-checked_at").first(),
        "repairs": list(
            checked.filter(outcome=WatchCheck.Outcome.REPAIRED).order_by("-checked_at")[:repairs]
        ),
    }
