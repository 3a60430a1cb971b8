// Programkontor: start Det Fælles Designsystem's components, also on parts swapped in by htmx.
(function () {
  "use strict";
  function init() {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init();
    }
  }
  // A long page's sections as links at its top: every heading of the second level that has an id.
  function pageSections() {
    document.querySelectorAll("[data-page-sections]").forEach(function (nav) {
      var list = nav.querySelector("ul");
      if (!list || list.children.length) {
        return;
      }
      document.querySelectorAll("main h2[id]").forEach(function (heading) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + heading.id;
        link.textContent = heading.textContent.trim();
        item.appendChild(link);
        list.appendChild(item);
      });
      nav.hidden = list.children.length < 3;
    });
  }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("DOMContentLoaded", pageSections);
  // Not for the header's own swaps (the count of "Til mig"): starting the components again would
  // build the menu's overflow item a second time.
  document.body && document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.closest && event.target.closest("header")) {
      return;
    }
    init();
  });
  // "Show more" (a [data-more] link that loads what follows in place of its own paragraph or list
  // item): the keyboard goes on at the first link it brought, not back at the top of the page.
  var shownAfter = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var more = event.detail.requestConfig && event.detail.requestConfig.elt;
    var target = event.detail.target;
    shownAfter = null;
    if (more && more.hasAttribute("data-more") && target === more.parentElement) {
      shownAfter = { parent: target.parentElement, before: target.previousElementSibling };
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!shownAfter) {
      return;
    }
    var first = shownAfter.before ? shownAfter.before.nextElementSibling : shownAfter.parent.firstElementChild;
    shownAfter = null;
    var link = first && (first.matches("a[href]") ? first : first.querySelector("a[href]"));
    if (link) {
      link.focus();
    }
  });
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    if (token) {
      event.detail.headers["X-CSRFToken"] = token.getAttribute("content");
    }
  });
})();
