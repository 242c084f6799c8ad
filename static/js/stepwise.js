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
    // The distance menu always has a value; without a place it means nothing, so the
    // address leaves it out, and the default order ("date") too.
    var hasPlace = (formData.get("near") || "") !== "" || (formData.get("lat") || "") !== "";
    if (!hasPlace) { formData.delete("within_km"); }
    if (formData.get("sort") === "date") { formData.delete("sort"); }
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

  // "Use my location": offered only where the browser can do it, and asked only on a
  // click. The position is rounded to two decimals (about a kilometre) before it goes
  // into the search's address; nothing else is sent or kept.
  var locationBox = document.querySelector("[data-use-location]");
  if (locationBox && navigator.geolocation) { locationBox.hidden = false; }

  function setHidden(form, name, value) {
    var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.setAttribute("data-from-location", "");
      form.appendChild(input);
    }
    input.value = value;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-use-location-button]");
    if (!button || !button.form || !locationBox) { return; }
    var form = button.form;
    var message = locationBox.querySelector("[data-use-location-message]");
    message.textContent = "Asking your browser…";
    navigator.geolocation.getCurrentPosition(function (position) {
      setHidden(form, "lat", position.coords.latitude.toFixed(2));
      setHidden(form, "lon", position.coords.longitude.toFixed(2));
      var near = form.querySelector("#near");
      if (near) { near.value = ""; near.placeholder = "Your location"; }
      message.textContent = "Measuring from your location, rounded to about a kilometre.";
      if (window.htmx) { window.htmx.trigger(form, "submit"); } else { form.submit(); }
    }, function (error) {
      message.textContent = error.code === 1
        ? "Your location wasn't shared, and that's fine. You can type a town instead."
        : "Your location isn't available just now. You can type a town instead.";
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
  });

  // Typing a place means "measure from here instead": forget the shared location.
  document.addEventListener("input", function (event) {
    if (!event.target || event.target.id !== "near" || !event.target.form) { return; }
    event.target.form.querySelectorAll("input[data-from-location]").forEach(function (input) {
      input.remove();
    });
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
  // Importing a calendar file: a progress bar while the file travels, then "Reading
  // your file…" while the server reads it (a large file takes a few seconds). The
  // live region says each step once; the bar itself is not read out at every tick.
  // Without JavaScript the form is an ordinary upload and the browser shows progress.
  function uploadForm(element) {
    return element && element.closest ? element.closest("[data-upload-form]") : null;
  }

  function uploadSay(form, text) {
    var status = form.querySelector("[data-upload-status]");
    if (status) { status.textContent = text; }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = uploadForm(event.detail.elt);
    if (!form) { return; }
    var box = form.querySelector("[data-upload-progress]");
    var bar = box && box.querySelector("progress");
    if (box && bar) { box.hidden = false; bar.value = 0; }
    form.removeAttribute("data-upload-reading");
    uploadSay(form, "Sending your file…");
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = uploadForm(event.target);
    var bar = form && form.querySelector("[data-upload-progress] progress");
    // The answer's own download reports progress too; once the file is sent, stay full.
    if (!bar || form.hasAttribute("data-upload-reading") || !event.detail.lengthComputable) {
      return;
    }
    var percent = event.detail.total ? (event.detail.loaded / event.detail.total) * 100 : 0;
    bar.value = Math.min(100, Math.round(percent));
    if (percent >= 100) {
      form.setAttribute("data-upload-reading", "");
      uploadSay(form, "Reading your file…");
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var form = uploadForm(event.detail.elt);
    if (!form) { return; }
    uploadSay(form, "That didn't work, and nothing was saved. The file may be too large, " +
      "or the connection may have dropped. Please try again.");
  });
  document.addEventListener("htmx:sendError", function (event) {
    var form = uploadForm(event.detail.elt);
    if (form) { uploadSay(form, "We couldn't reach Stepwise just now, and nothing was saved. Please try again."); }
  });

  // A file that can't be read comes back as the form with its message: move focus to
  // the message, as a full page load would.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "import-upload") { return; }
    var region = document.getElementById("import-upload");
    var summary = region && region.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
})();
