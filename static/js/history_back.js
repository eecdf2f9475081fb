// "ย้อนกลับ" links: <a href="/" data-history-back> goes back in the browser history when there is a page
// to go back to (the href is the fallback). Replaces href="javascript:history.back()", which the
// Content-Security-Policy blocks as inline script.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-history-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
