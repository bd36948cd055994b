// API console: extra rows, copy as curl, expand/collapse the JSON tree. The page works
// without this file (blank rows are always there; the curl text can be selected).
(function () {
  function reveal(root) {
    root.querySelectorAll("[data-kv-add], [data-copy], .console-tree-tools").forEach((el) => {
      el.hidden = false;
    });
  }

  function addRow(button) {
    const rows = button.closest("[data-kv]").querySelectorAll(".kv-row");
    const last = rows[rows.length - 1];
    const row = last.cloneNode(true);
    row.querySelectorAll("input").forEach((input, index) => {
      input.value = "";
      input.removeAttribute("id");
      const label = input.getAttribute("aria-label") || "";
      input.setAttribute("aria-label", label.replace(/\d+$/, String(rows.length + 1)));
      if (index === 0) setTimeout(() => input.focus());
    });
    last.after(row);
  }

  function copy(button) {
    const source = document.querySelector(button.dataset.copy);
    if (!source || !navigator.clipboard) return;
    navigator.clipboard.writeText(source.textContent).then(() => {
      const label = button.textContent;
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = label; }, 1500);
    });
  }

  document.addEventListener("click", (event) => {
    const target = event.target.closest("[data-kv-add], [data-copy], [data-tree]");
    if (!target) return;
    if (target.matches("[data-kv-add]")) addRow(target);
    else if (target.matches("[data-copy]")) copy(target);
    else {
      const open = target.dataset.tree === "open";
      target.closest(".console-section").querySelectorAll(".jt details").forEach((d) => {
        d.open = open;
      });
    }
  });
  document.addEventListener("htmx:load", (event) => reveal(event.target));
  document.addEventListener("DOMContentLoaded", () => reveal(document));
})();
