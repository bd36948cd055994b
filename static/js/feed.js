// The live activity feed: new rows arrive as Server-Sent Events and go in at the top.
// Without this script the feed is a plain page that shows the events when loaded.
(() => {
  const MAX_ROWS = 200;
  let source = null;
  let streaming = null; // the element whose stream is open

  function setStatus(text, tone) {
    const badge = document.querySelector("[data-feed-status]");
    if (!badge) return;
    badge.hidden = !text;
    badge.textContent = text;
    badge.className = "badge" + (tone ? " " + tone : "");
  }

  function place(body, row) {
    // Newest first, by id: a late row from an earlier moment still lands in its place.
    const id = Number(row.dataset.id);
    const after = Array.from(body.rows).find((other) => Number(other.dataset.id) < id);
    body.insertBefore(row, after || null);
  }

  function insert(box, html) {
    const body = box.querySelector("#feed-rows");
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    let added = 0;
    for (const row of Array.from(template.content.querySelectorAll("tr[data-id]")).reverse()) {
      if (document.getElementById(row.id)) continue;
      place(body, row);
      added += 1;
    }
    while (body.rows.length > MAX_ROWS) body.deleteRow(-1);
    if (!added) return;
    const empty = box.querySelector("[data-feed-empty]");
    if (empty) empty.hidden = true;
    const announce = box.querySelector("[data-feed-announce]");
    if (announce) announce.textContent = added === 1 ? "1 new event" : added + " new events";
  }

  function connect() {
    const box = document.querySelector("[data-feed-stream]");
    if (box === streaming && source) return;
    if (source) source.close();
    source = null;
    streaming = box;
    if (!box || !window.EventSource) {
      setStatus(box ? "" : document.querySelector("#feed-results") ? "Not live" : "", "");
      return;
    }
    source = new EventSource(box.dataset.feedStream);
    // The server ends each stream after a while and says so first: the browser's reconnect
    // that follows is planned, and the badge stays "Live" through it.
    let planned = false;
    source.addEventListener("reconnect", () => { planned = true; });
    source.addEventListener("open", () => { planned = false; setStatus("Live", "ok"); });
    source.addEventListener("error", () => {
      if (source && source.readyState === EventSource.CLOSED) setStatus("Not live", "");
      else if (!planned) setStatus("Reconnecting…", "warn");
    });
    source.addEventListener("events", (message) => insert(box, message.data));
  }

  document.addEventListener("DOMContentLoaded", connect);
  document.addEventListener("htmx:afterSettle", connect); // the filters swapped the results
  window.addEventListener("pagehide", () => source && source.close());
})();
