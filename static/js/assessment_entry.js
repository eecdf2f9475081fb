// Assessment entry: spread a pasted spreadsheet column over a group's fields, and keep the computed
// tool scores and total in step while typing. The server repeats both, so the page works without JS.
// Every rule (weights, each tool's indicators, places, tolerance, paste words) comes from the server
// as data (#entry-rules, assessments/forms.py:preview_rules): nothing here is an ITA rule of its own.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var rules = JSON.parse(document.getElementById("entry-rules").textContent);
  var weights = rules.weights, toolIndicators = rules.tool_indicators;
  var scale = Math.pow(10, rules.places), tolerance = parseFloat(rules.tolerance);
  var THAI = "๐๑๒๓๔๕๖๗๘๙";

  function arabic(text) {
    return String(text).replace(/[๐-๙]/g, function (d) { return THAI.indexOf(d); }).replace(/,/g, "").trim();
  }
  function passValue(text) {
    var v = text.trim().toLowerCase();
    if (rules.pass_words.indexOf(v) >= 0) return "1";
    if (rules.fail_words.indexOf(v) >= 0) return "0";
    return "";
  }
  function splitColumn(text) {
    var lines = text.replace(/\r\n?/g, "\n").replace(/\t/g, "\n").split("\n");
    while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
    while (lines.length && !lines[0].trim()) lines.shift();
    return lines.map(function (l) { return l.trim(); });
  }
  // Half up, as assessments/scoring.py:q2 (the epsilon undoes binary fractions such as 84.995).
  function roundHalfUp(x) { return Math.round((x + 1e-9) * scale) / scale; }

  function fillFromPaste(box) {
    var group = box.dataset.pasteGroup;
    var fields = form.querySelectorAll('.score-input[data-group="' + group + '"]');
    var status = box.parentElement.querySelector(".paste-status");
    var values = splitColumn(box.value);
    if (!values.length) return;
    if (values.length !== fields.length) {
      status.textContent = "วางมา " + values.length + " ค่า แต่กลุ่มนี้มี " + fields.length + " ช่อง ยังไม่ได้เติมคะแนน โปรดคัดลอกให้ครบพอดี";
      status.className = "form-text paste-status text-danger";
      return;
    }
    fields.forEach(function (field, i) {
      field.value = field.tagName === "SELECT" ? passValue(values[i]) : values[i];
    });
    box.value = "";
    status.textContent = "เติมคะแนน " + values.length + " ช่องแล้ว ตรวจสอบแล้วกดบันทึก";
    status.className = "form-text paste-status text-success";
    recompute();
  }

  function recompute() {
    var byIndicator = {};
    form.querySelectorAll("[data-indicator]").forEach(function (input) {
      var v = parseFloat(arabic(input.value));
      byIndicator[input.dataset.indicator] = isNaN(v) ? null : v;
    });
    var tools = {}, complete = true;
    Object.keys(toolIndicators).forEach(function (code) {
      var nums = toolIndicators[code].map(function (n) { return byIndicator[n]; });
      var ok = nums.every(function (v) { return v !== null && v !== undefined; });
      tools[code] = ok ? roundHalfUp(nums.reduce(function (a, b) { return a + b; }, 0) / nums.length) : null;
      if (!ok) complete = false;
      var cell = form.querySelector('[data-computed="' + code + '"]');
      if (cell) cell.textContent = ok ? tools[code].toFixed(rules.places) : "–";
    });
    var totalCell = form.querySelector('[data-computed="total"]');
    var note = document.getElementById("computed-note");
    var mismatch = document.getElementById("mismatch-note");
    if (!complete) {
      totalCell.textContent = "–";
      note.classList.remove("d-none");
      mismatch.classList.add("d-none");
      return;
    }
    var total = roundHalfUp(Object.keys(tools).reduce(function (sum, code) {
      return sum + parseFloat(weights[code]) * tools[code];
    }, 0));
    totalCell.textContent = total.toFixed(rules.places);
    note.classList.add("d-none");
    var official = parseFloat(arabic(form.querySelector("[data-official-total]").value));
    mismatch.classList.toggle("d-none", isNaN(official) || Math.abs(official - total) <= tolerance + 1e-7);
  }

  form.querySelectorAll(".paste-box").forEach(function (box) {
    box.addEventListener("input", function () { fillFromPaste(box); });
  });
  // Pasting a column straight into a score box spreads it over that box and the ones after it.
  form.querySelectorAll('input.score-input[data-group]').forEach(function (input) {
    input.addEventListener("paste", function (event) {
      var text = (event.clipboardData || window.clipboardData).getData("text");
      if (splitColumn(text).length < 2) return;
      event.preventDefault();
      var fields = Array.prototype.slice.call(form.querySelectorAll('.score-input[data-group="' + input.dataset.group + '"]'));
      var values = splitColumn(text), start = fields.indexOf(input);
      if (start + values.length > fields.length) {
        alert("วางมา " + values.length + " ค่า แต่มีช่องตั้งแต่ช่องนี้ถึงท้ายกลุ่มเพียง " + (fields.length - start) + " ช่อง ยังไม่ได้เติมคะแนน");
        return;
      }
      values.forEach(function (v, i) {
        var f = fields[start + i];
        f.value = f.tagName === "SELECT" ? passValue(v) : v;
      });
      recompute();
    });
  });
  form.addEventListener("input", function (event) {
    if (event.target.matches("[data-indicator], [data-official-total]")) recompute();
  });
  recompute();
})();
