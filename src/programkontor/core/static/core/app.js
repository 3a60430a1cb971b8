// Programkontor: start Det Fælles Designsystem's components, also on parts swapped in by htmx.
(function () {
  "use strict";
  function init() {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init();
    }
  }
  document.addEventListener("DOMContentLoaded", init);
  // Not for the header's own swaps (the count of "Til mig"): starting the components again would
  // build the menu's overflow item a second time.
  document.body && document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.closest && event.target.closest("header")) {
      return;
    }
    init();
  });
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    if (token) {
      event.detail.headers["X-CSRFToken"] = token.getAttribute("content");
    }
  });
})();
