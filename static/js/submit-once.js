/* One submit per click: a form marked data-submit-once ignores a second submit while the first is
   on its way, and its submit buttons are disabled. The button is disabled after the browser has
   built the form data (setTimeout), so the clicked button's name (e.g. "add_step") is still sent.
   The server does not rely on this: create forms carry a one-time token (ita_portal/submissions.py). */
(function () {
  "use strict";
  function buttons(form) {
    return form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once")) return;
    if (form.dataset.submitting === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    window.setTimeout(function () {
      buttons(form).forEach(function (button) { button.disabled = true; });
    }, 0);
  });
  // Back to a page kept in the browser's cache: the form can be used again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      delete form.dataset.submitting;
      buttons(form).forEach(function (button) { button.disabled = false; });
    });
  });
})();
