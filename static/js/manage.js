// /manage/: the district list shows only the districts of the chosen province (no inline script:
// the page's Content-Security-Policy allows only the portal's own static files).
(function () {
  document.querySelectorAll("select[data-district-select]").forEach(function (province) {
    var district = document.getElementById(province.dataset.districtSelect);
    if (!district) return;
    function filter() {
      var chosen = province.value;
      Array.prototype.forEach.call(district.options, function (option) {
        var show = !option.dataset.province || option.dataset.province === chosen;
        option.hidden = !show;
        option.disabled = !show;
      });
      var current = district.options[district.selectedIndex];
      if (current && current.disabled) district.value = "";
    }
    province.addEventListener("change", filter);
    filter();
  });
})();
