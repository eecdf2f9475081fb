/* Measures forms: ordered steps (add, remove, move) and Buddhist-era readings of date inputs.
   Progressive enhancement only: without this script the ORDER numbers, DELETE boxes and the
   "เพิ่มขั้นตอน" submit button do the same job on the server. */
(function () {
  "use strict";
  var MONTHS = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];

  function beDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return "–";
    return parseInt(m[3], 10) + " " + MONTHS[parseInt(m[2], 10) - 1] + " " + (parseInt(m[1], 10) + 543);
  }

  function setupDates() {
    document.querySelectorAll("input[data-be]").forEach(function (input) {
      var hint = document.getElementById(input.id + "_helptext");
      if (!hint) return;
      var update = function () { hint.textContent = "พ.ศ.: " + beDate(input.value); };
      input.addEventListener("change", update);
      input.addEventListener("input", update);
      update();
    });
  }

  function setupSteps(box) {
    var list = box.querySelector("[data-step-list]");
    var template = box.querySelector("template[data-step-template]");
    var total = box.querySelector("input[name$='-TOTAL_FORMS']");
    if (!list || !template || !total) return;

    box.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; el.classList.add("d-none"); });

    function rows() {
      return Array.prototype.filter.call(list.querySelectorAll("[data-step-row]"), function (row) { return !row.hidden; });
    }
    function renumber() {
      rows().forEach(function (row, i) {
        row.querySelector("[data-step-label]").textContent = "ขั้นที่ " + (i + 1);
        var order = row.querySelector("input.step-order");
        if (order) order.value = i + 1;
      });
    }
    function enable(row) {
      row.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; el.classList.add("d-none"); });
      row.querySelectorAll(".js-show").forEach(function (el) { el.hidden = false; });
    }
    list.querySelectorAll("[data-step-row]").forEach(function (row) {
      enable(row);
      var del = row.querySelector("input.step-delete");
      if (del && del.checked) row.hidden = true;
    });

    list.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      var row = button.closest("[data-step-row]");
      if (button.hasAttribute("data-step-remove")) {
        row.querySelector("input.step-delete").checked = true;
        row.hidden = true;
      } else if (button.hasAttribute("data-step-up")) {
        var prev = row.previousElementSibling;
        while (prev && prev.hidden) prev = prev.previousElementSibling;
        if (prev) list.insertBefore(row, prev);
      } else if (button.hasAttribute("data-step-down")) {
        var next = row.nextElementSibling;
        while (next && next.hidden) next = next.nextElementSibling;
        if (next) list.insertBefore(next, row);
      } else {
        return;
      }
      renumber();
      var focus = row.hidden ? null : button;
      if (focus) focus.focus();
    });

    box.querySelector("[data-step-add]").addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("ol");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      enable(row);
      list.appendChild(row);
      total.value = index + 1;
      renumber();
      row.querySelector("textarea").focus();
    });
    renumber();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupDates();
    document.querySelectorAll("[data-steps]").forEach(setupSteps);
  });
})();
