// Polls a report job's progress (stats:report.progress) and shows the download links when it is done.
(function () {
  "use strict";
  var box = document.getElementById("tien-do-bao-cao");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var value = box.querySelector("[data-progress-value]");
  var label = box.querySelector("[data-progress-label]");

  function show(data) {
    bar.value = data.progress;
    bar.textContent = data.progress + "%";
    value.textContent = data.progress;
    label.textContent = data.label;
    if (data.state === "done") { box.querySelector("[data-progress-files]").hidden = false; }
    if (data.state === "failed") { box.querySelector("[data-progress-error]").hidden = false; }
    return data.state === "done" || data.state === "failed";
  }

  function poll() {
    fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (!show(data)) { window.setTimeout(poll, 1000); } })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
