// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The menu button on narrow screens: shows and hides the navigation, announcing its state.
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.hidden = false;
    var narrow = window.matchMedia("(max-width: 52rem)");
    var sync = function () {
      if (narrow.matches) {
        nav.setAttribute("data-collapsed", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
      } else {
        nav.removeAttribute("data-collapsed");
      }
    };
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      sync();
    });
    narrow.addEventListener("change", sync);
    sync();
  }

  // Move focus to the error summary so screen-reader users hear what went wrong.
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
})();
