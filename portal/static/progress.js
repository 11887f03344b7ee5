// Keeps a job page's progress bar moving: asks /jobs/<id>/progress (JSON) every second and shows the stage and
// the counts; when the job is over, loads the page again to show its files or why it failed. Without script the
// page refreshes itself (<noscript>). Served from /static: the CSP allows no inline script.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-progress");
  var bar = box.querySelector("progress");
  var stage = box.querySelector("[data-stage]");
  var counts = box.querySelector("[data-counts]");
  var state = document.querySelector("[data-state]");

  function show(p) {
    bar.value = p.percent;
    bar.textContent = p.percent + "%";
    stage.textContent = p.stage_text;
    counts.textContent = p.counts_text;
    if (state) {
      state.textContent = p.state_text;
    }
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (p) {
        if (p.over) {
          window.location.reload();
          return;
        }
        show(p);
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);  // the server restarting, or the network: try again, less often
      });
  }

  window.setTimeout(poll, 1000);
}());
