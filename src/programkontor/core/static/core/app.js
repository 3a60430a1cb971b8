// Programkontor: start Det Fælles Designsystem's components, also on parts swapped in by htmx.
(function () {
  "use strict";
  function init() {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init();
    }
  }
  document.addEventListener("DOMContentLoaded", init);
  document.body && document.body.addEventListener("htmx:afterSettle", init);
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    if (token) {
      event.detail.headers["X-CSRFToken"] = token.getAttribute("content");
    }
  });
})();
