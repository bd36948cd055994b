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

// A slug field suggests itself from the fields it names (data-slug-from) as they are
// typed, until someone types in it.
function slugify(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
document.addEventListener("input", (event) => {
  const form = event.target.form;
  if (!form) return;
  for (const slug of form.querySelectorAll("[data-slug-from]")) {
    if (event.target === slug) {
      slug.dataset.edited = slug.value ? "1" : "";
      continue;
    }
    const names = slug.dataset.slugFrom.split(" ");
    if (slug.dataset.edited || !names.includes(event.target.name)) continue;
    slug.value = slugify(names.map((name) => form.elements[name]?.value || "").join(" "));
  }
});

// A search box (data-filter-options="#list") hides the options of a long list of
// checkboxes that do not match what is typed; the ticked ones always stay in view.
document.addEventListener("input", (event) => {
  const box = event.target;
  if (!box.dataset || !box.dataset.filterOptions) return;
  const list = document.querySelector(box.dataset.filterOptions);
  if (!list) return;
  const words = box.value.trim().toLowerCase();
  let shown = 0;
  for (const option of list.querySelectorAll("label")) {
    const keep = !words || option.textContent.toLowerCase().includes(words) || option.querySelector("input:checked");
    option.hidden = !keep;
    if (keep) shown += 1;
  }
  const none = list.querySelector(".none");
  if (none) none.hidden = shown > 0;
});
