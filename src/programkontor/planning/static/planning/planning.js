// Planning: keep the keyboard focus where the user was after htmx swaps the board, and the print button.
(function () {
  "use strict";

  // After a move, the board is swapped in anew: put the focus on the moved card (or the status
  // message) so that keyboard and screen-reader users continue where they were.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.closest) {
      return;
    }
    var board = document.getElementById("board");
    if (!board) {
      return;
    }
    var moved = board.querySelector("[data-moved]");
    // After "Show more": the first card it added.
    var focus = moved || board.querySelector("[data-focus]") || board.querySelector("[data-board-status]");
    if (focus) {
      if (!focus.hasAttribute("tabindex")) {
        focus.setAttribute("tabindex", "-1");
      }
      focus.focus({ preventScroll: false });
    }
  });

  // htmx does not swap 4xx answers by default; the board's 400 and 409 answers carry the message
  // and the current board, so swap them too.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail && event.detail.xhr && event.detail.xhr.status;
    if ((status === 400 || status === 409) && event.detail.target && event.detail.target.id === "board") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
