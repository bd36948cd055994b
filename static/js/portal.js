// The few lines of script the portal needs; every page works without them.
document.addEventListener("htmx:sendError", () => {
  const box = document.getElementById("page-errors");
  if (box) box.innerHTML = '<div class="alert alert-error" role="alert"><strong>The portal could not be reached.</strong><p>Check your network and try again.</p></div>';
});
document.addEventListener("htmx:beforeRequest", () => {
  const box = document.getElementById("page-errors");
  if (box) box.innerHTML = "";
});
