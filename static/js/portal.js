// The few lines of script the portal needs; every page works without them.
document.addEventListener("htmx:sendError", () => {
  const box = document.getElementById("page-errors");
  if (box) box.innerHTML = '<div class="alert alert-error" role="alert"><strong>The portal could not be reached.</strong><p>Check your network and try again.</p></div>';
});
document.addEventListener("htmx:beforeRequest", () => {
  const box = document.getElementById("page-errors");
  if (box) box.innerHTML = "";
});

// A person's picture that fails to load shows their initials instead of a broken image.
document.addEventListener("error", (event) => {
  const img = event.target;
  if (!(img instanceof HTMLImageElement) || !img.dataset.initials) return;
  const badge = document.createElement("span");
  badge.className = `${img.className} initials`;
  badge.style.setProperty("--size", `${img.width}px`);
  badge.setAttribute("aria-hidden", "true");
  badge.textContent = img.dataset.initials;
  img.replaceWith(badge);
}, true);

// After a failed submit, the error summary takes the focus and comes into view, whether
// the form came back as a whole page or was swapped in by HTMX.
function focusErrors(root) {
  const summary = root.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus({ preventScroll: true });
  summary.scrollIntoView({ block: "start", behavior: "instant" });
}
document.addEventListener("DOMContentLoaded", () => focusErrors(document));
document.addEventListener("htmx:afterSettle", (event) => {
  const elt = event.detail.elt;
  focusErrors(elt.isConnected ? elt : document);
});

// A list's filters put only the set ones in the URL.
document.addEventListener("htmx:configRequest", (event) => {
  if (!event.detail.elt.hasAttribute("data-drop-empty")) return;
  const params = event.detail.parameters;
  for (const name of [...params.keys()]) {
    if (params.getAll(name).every((value) => value === "")) params.delete(name);
  }
});

// A new record's slug field (only a create form has data-slug-from) suggests itself from
// the fields it names as they are typed, while it is blank or still holds the suggestion:
// once typed in by hand it is left alone, also after the form comes back with errors.
function slugify(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
function slugSuggestion(slug) {
  const form = slug.form;
  return slugify(slug.dataset.slugFrom.split(" ").map((name) => form.elements[name]?.value || "").join(" "));
}
function noteSlugSuggestions(root) {
  root.querySelectorAll("[data-slug-from]").forEach((slug) => {
    if (slug.form) slug.dataset.suggested = slugSuggestion(slug);
  });
}
document.addEventListener("DOMContentLoaded", () => noteSlugSuggestions(document));
document.addEventListener("htmx:load", (event) => noteSlugSuggestions(event.target));
document.addEventListener("input", (event) => {
  const form = event.target.form;
  if (!form || !event.target.name) return;
  for (const slug of form.querySelectorAll("[data-slug-from]")) {
    if (!slug.dataset.slugFrom.split(" ").includes(event.target.name)) continue;
    if (slug.value && slug.value !== slug.dataset.suggested) continue; // typed by hand
    slug.value = slug.dataset.suggested = slugSuggestion(slug);
  }
});

// Asking again for the list already shown (Filter after the filter applied itself) adds
// no second history entry for the same URL.
document.addEventListener("htmx:beforeHistoryUpdate", (event) => {
  const history = event.detail.history;
  if (history.type === "push" && new URL(history.path, location.href).href === location.href) {
    history.type = "replace";
  }
});

// A search box over a list of options (data-filter-options: the list's id) hides, as it
// is typed, the options whose label lacks the words; ticked options always stay.
document.addEventListener("input", (event) => {
  const listId = event.target.dataset?.filterOptions;
  const list = listId && document.getElementById(listId);
  if (!list) return;
  const words = event.target.value.trim().toLowerCase();
  let shown = 0;
  for (const option of list.querySelectorAll("li")) {
    const keep = option.querySelector("input:checked") || option.textContent.toLowerCase().includes(words);
    option.hidden = !keep;
    shown += keep ? 1 : 0;
  }
  const none = list.querySelector("[data-filter-none]");
  if (none) none.hidden = shown > 0;
});
// Ticking an option of a list with data-ticks-choose selects that radio button ("only the
// products ticked"), so the ticks count.
document.addEventListener("change", (event) => {
  const radioId = event.target.checked && event.target.closest("[data-ticks-choose]")?.dataset.ticksChoose;
  const radio = radioId && document.getElementById(radioId);
  if (radio) radio.checked = true;
});
// There Enter would search the server and lose the ticks: the list is filtered already.
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.dataset?.filterOptions) event.preventDefault();
});

// Folded parts (the phone's menu, a list's filters) say whether they are open; Escape
// closes the one holding the focus. Browsers that cannot show a closed <details>' contents
// (no ::details-content) open them on wide screens instead, where their button is shown.
const wide = window.matchMedia("(min-width: 761px)");
function syncExpanded(details) {
  details.querySelector(":scope > summary")?.setAttribute("aria-expanded", String(details.open));
}
function openWhenWide() {
  if (CSS.supports("selector(::details-content)")) return;
  for (const details of document.querySelectorAll("details[data-wide-open]")) {
    if (wide.matches) details.open = true;
  }
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("details[data-wide-open]").forEach(syncExpanded);
  openWhenWide();
});
wide.addEventListener("change", openWhenWide);
document.addEventListener("toggle", (event) => {
  if (event.target.matches?.("details[data-wide-open]")) syncExpanded(event.target);
}, true);
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || event.target.matches("input, select, textarea")) return;
  const details = event.target.closest("details[data-wide-open][open]");
  if (!details) return;
  details.open = false;
  details.querySelector(":scope > summary")?.focus();
});

// The folded filters' button counts those set as they change (as ListingForm.active_filters).
document.addEventListener("input", (event) => {
  const fold = event.target.closest?.("[data-filter-fold]");
  const count = fold?.querySelector("[data-filter-count]");
  if (!count) return;
  const fields = fold.querySelectorAll("input:not([type=hidden]), select, textarea");
  const set = new Set([...fields].filter((field) => field.name !== "limit" && (
    field.type === "checkbox" || field.type === "radio" ? field.checked : field.value.trim() !== ""
  )).map((field) => field.name)).size;
  count.textContent = set ? ` (${set} active)` : "";
});
