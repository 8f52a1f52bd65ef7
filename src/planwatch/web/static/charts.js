/* planwatch charts: draw every element marked data-chart with the ECharts option in the
 * <script type="application/json"> whose id is its data-option (built on the server,
 * web/charts.py). SVG renderer, so the text is in the DOM; no animation.
 *
 * Ready flags for tests and screen readers' sake: each chart element gets
 * data-ready="true" once drawn ("error" if it could not be), and window.chartsReady = true
 * once every chart on the page has been tried. */
(function () {
  "use strict";

  function cnNumber(v) {
    if (typeof v !== "number" || !isFinite(v)) { return "—"; }
    return v.toLocaleString("zh-CN", { maximumFractionDigits: 2 });
  }

  /* Formatters named in the option as "fn:NAME" (JSON cannot carry functions). */
  var FORMATTERS = {
    year: function (v) { return Number.isInteger(v) ? v + "年" : ""; },
    tip: function (p) {
      var text = p.data && p.data.tip ? p.data.tip : cnNumber(Array.isArray(p.value) ? p.value[1] : p.value);
      return p.marker + p.seriesName + "<br>" + text;
    }
  };

  function resolve(node) {
    if (Array.isArray(node)) { node.forEach(resolve); return; }
    if (!node || typeof node !== "object") { return; }
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if (typeof value === "string" && value.indexOf("fn:") === 0 && FORMATTERS[value.slice(3)]) {
        node[key] = FORMATTERS[value.slice(3)];
      } else {
        resolve(value);
      }
    });
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-option"));
    var option = JSON.parse(source.textContent);
    resolve(option);
    option.animation = false;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.on("finished", function () { el.setAttribute("data-ready", "true"); });
    chart.setOption(option);
    el.setAttribute("data-ready", "true");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawAll() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      try {
        draw(el);
      } catch (e) {
        el.setAttribute("data-ready", "error");
        el.textContent = "图表无法显示：" + e.message;
        if (window.console) { console.error(e); }
      }
    });
    window.chartsReady = true;
    document.documentElement.setAttribute("data-charts-ready", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
}());
