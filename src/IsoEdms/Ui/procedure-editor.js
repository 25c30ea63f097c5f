// The procedure editor checks the file as you type: after a pause in typing, the form is sent to the page itself (the
// same check as its "Kiểm tra" button, a dry run that publishes nothing) and the file and its errors are taken from
// the answer. Without this script the buttons do the same on each click.
(function () {
  "use strict";
  var form = document.getElementById("procedure-editor");
  if (!form) return;
  var timer = null;
  var sent = 0;
  function check() {
    var mine = ++sent;
    var data = new FormData(form);
    data.set("Mode", "check");
    data.set("_handler", "editor");
    fetch(form.getAttribute("data-check-url"), { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        if (mine !== sent) return;   // a later check is on its way
        var page = new DOMParser().parseFromString(html, "text/html");
        ["draft-errors", "yaml"].forEach(function (id) {
          var fresh = page.getElementById(id);
          var here = document.getElementById(id);
          if (!fresh || !here) return;
          if (id === "yaml") here.value = fresh.value; else here.innerHTML = fresh.innerHTML;
        });
      })
      .catch(function () { /* offline: the buttons still work */ });
  }
  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, 500);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
