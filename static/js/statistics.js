// Draws a chart from each statistics table (table[data-chart]) into its canvas[data-chart-for].
// The table is the data: no inline script, no JSON in the page (strict CSP).
(function () {
  "use strict";
  var LABEL_CHARS = 28;
  var COLOURS = ["#b4232a", "#1f6fb2", "#e0a100", "#2e8b57", "#6f42c1", "#fd7e14", "#20c997", "#6c757d"];

  function read(table) {
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (cell) {
      return cell.textContent.trim();
    });
    var labels = [];
    var series = headers.slice(1).map(function () { return []; });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var head = row.cells[0];
      labels.push((head.firstChild ? head.firstChild.textContent : head.textContent).trim());
      for (var i = 1; i < row.cells.length; i++) {
        series[i - 1].push(Number(row.cells[i].getAttribute("data-value")) || 0);
      }
    });
    return { headers: headers, labels: labels, series: series };
  }

  function draw(canvas) {
    var table = document.getElementById(canvas.getAttribute("data-chart-for"));
    if (!table || !window.Chart) { return; }
    var data = read(table);
    var kind = table.getAttribute("data-chart") || "bar";
    var datasets = data.series.map(function (values, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {
        label: data.headers[i + 1],
        data: values,
        backgroundColor: kind === "doughnut" ? COLOURS : colour,
        borderColor: kind === "doughnut" ? "#fff" : colour
      };
    });
    if (kind === "doughnut") { datasets = datasets.slice(-1); }
    var indexAxis = kind === "bar" && data.labels.length > 6 ? "y" : "x";
    var scales = {};
    if (kind === "bar") {
      scales = { x: { ticks: { precision: 0 } }, y: { ticks: { precision: 0 } } };
      // Long names (movements, agencies) are cut on the axis; the tooltip and the table give them whole.
      scales[indexAxis].ticks.callback = function (value) {
        var label = String(this.getLabelForValue(value));
        return label.length > LABEL_CHARS ? label.slice(0, LABEL_CHARS - 1) + "\u2026" : label;
      };
    }
    canvas.chart = new window.Chart(canvas, {
      type: kind,
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: indexAxis,
        plugins: { legend: { position: "bottom" } },
        scales: scales
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart-for]"), draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
