/* Admin: a unit autocomplete lists only the units of the organisation chosen on the same form.
   Django's autocomplete sends term, page, app_label, model_name and field_name; this adds the chosen
   organisation (OrgUnitAdmin.get_search_results filters on it), and clears the unit when the
   organisation changes. A static file, no inline script (Content-Security-Policy). */
(function () {
  "use strict";
  var $ = window.django && window.django.jQuery;
  if (!$) {
    return;
  }
  var UNIT_FIELDS = ["unit", "parent"];

  function isUnitAutocomplete(data) {
    return UNIT_FIELDS.some(function (name) {
      return ("&" + data + "&").indexOf("&field_name=" + name + "&") !== -1;
    });
  }

  $.ajaxPrefilter(function (options) {
    var data = typeof options.data === "string" ? options.data : "";
    if (!options.url || options.url.indexOf("/autocomplete/") === -1 || !isUnitAutocomplete(data)) {
      return;
    }
    var organisation = document.getElementById("id_organisation");
    if (organisation) {
      options.data = data + "&organisation=" + encodeURIComponent(organisation.value || "");
    }
  });

  $(document).on("change", "#id_organisation", function () {
    UNIT_FIELDS.forEach(function (name) {
      var unit = $("#id_" + name);
      if (unit.length && unit.val()) {
        unit.val(null).trigger("change");
      }
    });
  });
})();
