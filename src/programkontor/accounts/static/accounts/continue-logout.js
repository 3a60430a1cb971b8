// Logged out here; go on to the identity provider to end the session there too (the page's link
// does the same without JavaScript). A form may not lead to another site under the page's CSP
// (form-action 'self'), so the logout form lands here and this page goes on.
(function () {
  var link = document.getElementById("pk-continue-logout");
  if (link) {
    window.location.replace(link.href);
  }
})();
