// NTM: the little behaviour the pages need beyond htmx. Everything works without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setCollapsed(button, collapsed) {
    button.setAttribute("aria-expanded", collapsed ? "false" : "true");
    (button.getAttribute("aria-controls") || "").split(" ").forEach(function (id) {
      var el = document.getElementById(id);
      if (el) el.setAttribute("data-collapsed", collapsed ? "true" : "false");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".nav-toggle");
    if (toggle) {
      setCollapsed(toggle, true);
      toggle.addEventListener("click", function () {
        setCollapsed(toggle, toggle.getAttribute("aria-expanded") === "true");
      });
    }
    // Selects marked data-autosubmit submit their form when changed (year switch, filters).
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () {
        if (select.form) select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
      });
    });
  });

  // Long requests (checking or importing thousands of rows): show the busy bar and keep the
  // user from sending the form twice.
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (!form.hasAttribute || !form.hasAttribute("data-busy")) return;
    var indicator = form.querySelector("[data-busy-indicator]");
    if (indicator) indicator.hidden = false;
    form.setAttribute("aria-busy", "true");
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });

  // Uploads sent by htmx report how much is sent: the bar shows it, then turns indeterminate
  // (no value) while the server checks the files.
  document.addEventListener("htmx:xhr:progress", function (evt) {
    var form = evt.detail.elt;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-busy")) return;
    var bar = form.querySelector("[data-busy-indicator] progress");
    var text = form.querySelector("[data-busy-indicator] p");
    var total = evt.detail.total, loaded = evt.detail.loaded;
    if (!bar || !total) return;
    if (loaded < total) {
      bar.max = 100;
      bar.value = Math.round((100 * loaded) / total);
      if (text) text.textContent = (form.getAttribute("data-upload-label") || "") + " " + bar.value + "%";
    } else {
      bar.removeAttribute("value");
      if (text) text.textContent = form.getAttribute("data-check-label") || "";
    }
  });
  // After an htmx request, buttons disabled by the busy state are usable again.
  document.addEventListener("htmx:afterRequest", function (evt) {
    var form = evt.detail.elt;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-busy")) return;
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
  });

  // Matrix cells: mark the chosen one so keyboard and screen reader users know which panel is shown.
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var el = evt.detail.elt;
    if (el && el.classList && el.classList.contains("cell")) {
      document.querySelectorAll(".cell[aria-current='true']").forEach(function (c) {
        c.removeAttribute("aria-current");
      });
      el.setAttribute("aria-current", "true");
    }
  });
  // After a panel is loaded, move focus to it so the explanation is read next.
  document.addEventListener("htmx:afterSwap", function (evt) {
    var target = evt.detail.target;
    if (target && target.hasAttribute("data-focus-after-swap")) {
      target.focus();
    }
  });
})();
