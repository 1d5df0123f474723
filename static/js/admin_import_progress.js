/*
 * Graduate import progress in the Wagtail admin: polls the import's JSON status and updates the
 * <progress> element and its aria-live sentence; reloads the page once the status changes (the
 * preview is ready, or the import has finished). Without JavaScript the page has a refresh link.
 */
(function () {
  "use strict";

  var POLL_MS = 1500;

  function watch(container) {
    var statusUrl = container.getAttribute("data-status-url");
    var initialStatus = container.getAttribute("data-status");
    var bar = container.querySelector("[data-import-progress-bar]");
    var text = container.querySelector("[data-import-progress-text]");
    var lastMessage = text ? text.textContent : "";

    function poll() {
      fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (data.status !== initialStatus || data.finished) {
            window.location.reload();
            return;
          }
          if (bar) {
            bar.max = Math.max(data.total, 1);
            bar.value = data.processed;
            bar.textContent = data.percent + " %";
          }
          // Only change the live region when the sentence changes, so screen readers are not
          // interrupted every poll with the same words.
          if (text && data.message !== lastMessage) {
            text.textContent = data.message;
            lastMessage = data.message;
          }
          window.setTimeout(poll, POLL_MS);
        })
        .catch(function () {
          window.setTimeout(poll, POLL_MS * 4);
        });
    }

    window.setTimeout(poll, POLL_MS);
  }

  document.querySelectorAll("[data-import-progress]").forEach(watch);
})();
