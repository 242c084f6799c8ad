/* Stepwise: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Quick exit: replace this page in the history, so "Back" does not return here.
  function quickExit(link) {
    try { window.sessionStorage.clear(); } catch (error) { /* storage may be disabled */ }
    window.location.replace(link.href);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) { return; }
    event.preventDefault();
    quickExit(link);
  });

  // Pressing Escape twice within a second also leaves at once.
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 1000) {
      var link = document.querySelector("[data-quick-exit]");
      if (link) { quickExit(link); }
    }
    lastEscape = now;
  });

  // Searches sent by htmx leave out empty fields, so the address it pushes stays short
  // and shareable ("/events?level=2", not "…&mode=&from=&to=&max_size=").
  document.addEventListener("htmx:configRequest", function (event) {
    var formData = event.detail.formData;
    if (event.detail.verb !== "get" || !formData) { return; }
    var names = [];
    formData.forEach(function (value, name) {
      if (value === "" && names.indexOf(name) < 0) { names.push(name); }
    });
    names.forEach(function (name) {
      var kept = formData.getAll(name).filter(function (value) { return value !== ""; });
      formData.delete(name);
      kept.forEach(function (value) { formData.append(name, value); });
    });
  });

  // After a form is sent, move focus to what the page has to say about it (the status
  // line, or the first thing to fix), so a screen reader reads it at once.
  document.addEventListener("DOMContentLoaded", function () {
    var target = document.querySelector("[data-focus-on-load]");
    if (target) { target.focus(); }
    var printButton = document.querySelector("[data-print]");
    if (printButton) {
      printButton.hidden = false;
      printButton.addEventListener("click", function () { window.print(); });
    }
  });

  // While results load, tell assistive technology the region is busy.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = document.getElementById("results");
    if (target && event.detail.target === target) { target.setAttribute("aria-busy", "true"); }
  });
  document.addEventListener("htmx:afterRequest", function () {
    var target = document.getElementById("results");
    if (target) { target.removeAttribute("aria-busy"); }
  });
})();
