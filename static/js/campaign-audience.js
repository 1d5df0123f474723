// The live audience count on the campaign form's Audience tab: when an audience field changes,
// post the form's audience fields (debounced) and show "N recipients" in the aria-live region.
(function () {
  "use strict";

  const FIELDS = [
    "faculty",
    "topics",
    "programmes",
    "graduation_year_from",
    "graduation_year_to",
    "interests",
    "countries",
    "language",
  ];
  const DELAY_MS = 400;

  function start() {
    const box = document.querySelector("[data-campaign-audience]");
    if (!box) return;
    const output = box.querySelector("[role=status]");
    const form = box.closest("form");
    if (!form || !output) return;
    let timer = null;
    let latest = 0;

    function isAudienceField(element) {
      return element && FIELDS.includes(element.name);
    }

    async function refresh() {
      const request = ++latest;
      const data = new FormData();
      const all = new FormData(form);
      data.append("csrfmiddlewaretoken", all.get("csrfmiddlewaretoken") || "");
      for (const name of FIELDS) {
        for (const value of all.getAll(name)) data.append(name, value);
      }
      output.textContent = output.dataset.waiting;
      try {
        const response = await fetch(box.dataset.countUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-Requested-With": "XMLHttpRequest" },
        });
        if (request !== latest) return;
        const answer = await response.json();
        if (response.ok && answer.label) {
          output.textContent = answer.label;
        } else {
          output.textContent = output.dataset.chooseFaculty;
        }
      } catch (error) {
        if (request === latest) output.textContent = output.dataset.failed;
      }
    }

    function schedule(event) {
      if (!isAudienceField(event.target)) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY_MS);
    }

    form.addEventListener("change", schedule);
    form.addEventListener("input", schedule);
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
