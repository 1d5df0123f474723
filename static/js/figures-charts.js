/* Draws the figures dashboard's trend charts with the vendored Chart.js.
 *
 * Each <canvas data-figures-data="ID"> gets the chart described by the JSON in the
 * <script type="application/json" id="ID"> beside it (written by Django's json_script, so no
 * inline script is needed under the CSP). The table after each chart holds the same figures:
 * it is the chart's text alternative.
 */
(function () {
  "use strict";

  var COLOURS = ["#0b5394", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.figuresData);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var percent = spec.series.length > 0 && spec.series.every(function (serie) {
      return serie.percent;
    });
    var kind = spec.kind || "line";
    new window.Chart(canvas, {
      type: kind,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (serie, index) {
          var colour = COLOURS[index % COLOURS.length];
          return {
            label: serie.label,
            data: serie.data,
            borderColor: colour,
            backgroundColor: colour,
            spanGaps: true,
            tension: 0.2,
            yAxisID: serie.percent && !percent ? "percent" : "y"
          };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          y: { beginAtZero: true, max: percent ? 100 : undefined },
          percent: {
            display: !percent && spec.series.some(function (serie) { return serie.percent; }),
            position: "right",
            beginAtZero: true,
            max: 100,
            grid: { drawOnChartArea: false }
          }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
    canvas.dataset.figuresDrawn = "true";
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-figures-data]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
