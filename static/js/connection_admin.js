// The connection's admin page: only the fields of the chosen auth type are shown. Without
// this script all of them are shown.
(() => {
  const FIELDS = {
    api_key: ["api_key", "clear_api_key"],
    oauth: ["oauth_client_id", "oauth_client_secret", "clear_oauth_client_secret", "oauth_connect", "token_expires_at"],
  };

  function show(select) {
    for (const [type, names] of Object.entries(FIELDS)) {
      for (const name of names) {
        document.querySelectorAll(".field-" + name).forEach((row) => {
          row.style.display = select.value === type ? "" : "none"; // admin rows set display
        });
      }
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const select = document.getElementById("id_auth_type");
    if (!select) return;
    show(select);
    select.addEventListener("change", () => show(select));
  });
})();
