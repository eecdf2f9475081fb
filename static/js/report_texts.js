/* The texts page of a document (templates/reports/texts_form.html): the preview beside the form follows
   what is typed. A pause in typing posts the form to the preview address into the preview frame
   (nothing is saved); "คืนค่าเริ่มต้น" puts the default back into its box at once. A save is sent once. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-preview]");
  if (!form) return;
  var previewButton = form.querySelector("[data-preview-button]");
  var timer = null;
  var saving = false;

  function preview() {
    if (!previewButton || saving) return;
    if (typeof form.requestSubmit === "function") form.requestSubmit(previewButton);
    else previewButton.click();
  }
  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(preview, 700);
  }

  form.addEventListener("input", function (event) {
    if (event.target.matches("input[type=checkbox]")) return;
    var box = form.querySelector('[data-restore="' + event.target.id + '"]');
    if (box) box.checked = false;
    later();
  });
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.matches("[data-restore]")) return;
    var field = document.getElementById(target.getAttribute("data-restore"));
    if (field && target.checked) field.value = field.getAttribute("data-default") || "";
    later();
  });
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-preview-button")) return;
    if (saving) {
      event.preventDefault();
      return;
    }
    saving = true;
    window.clearTimeout(timer);
  });
  window.addEventListener("pageshow", function () { saving = false; });
})();
