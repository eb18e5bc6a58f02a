/*
 * gongkai: draws every chart of a page (.gk-chart) with the vendored ECharts (assets/vendor/echarts/).
 *
 * Loaded, after ECharts, only on pages whose front matter says `gongkai_charts: true` (see
 * templates/overrides/main.html). A chart's data is the JSON of its data-chart attribute, written by
 * generator/charts.py: amounts and shares are strings of rounded Decimals, turned into numbers here once,
 * only to size the bars; the labels print the strings as they are. The figure's caption and the table
 * beside the chart say the same, so without JavaScript the chart stays hidden and nothing is lost.
 *
 * SVG rather than canvas: sharp at any zoom and in print. Colours come from gongkai.css (--gk-chart-*),
 * text is sized from the chart's own font size, so the text-size control (gongkai.js) enlarges it too.
 * No tooltips: every value is printed beside its bar, for mouse, touch and keyboard alike.
 */
(function () {
  "use strict";

  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  var drawn = [];

  function property(style, name) {
    return style.getPropertyValue(name).trim();
  }

  // The label beside a bar: the amount as the Decimal was written, and its share when there is one.
  function labeller(series) {
    return function (params) {
      var text = series.values[params.dataIndex];
      var share = series.shares && series.shares[params.dataIndex];
      return share === null || share === undefined ? text : text + "（" + share + "%）";
    };
  }

  // Sizes in the chart's own font size: the category names' column narrower on a phone, and height
  // enough for every bar and for category names wrapped onto several lines.
  function layout(element, spec) {
    var size = parseFloat(window.getComputedStyle(element).fontSize);
    var nameWidth = element.clientWidth < size * 30 ? 7 : 14; // in characters (em)
    var lines = 1;
    spec.categories.forEach(function (name) {
      lines = Math.max(lines, Math.ceil(name.length / nameWidth));
    });
    var several = spec.series.length > 1;
    var legend = several ? (element.clientWidth < size * 30 ? 4.5 : 2.5) : 0.5;
    var band = Math.max(spec.series.length * 1.9, lines * 1.4) + 1.2;
    return {
      size: size,
      several: several,
      nameWidth: nameWidth,
      legend: legend,
      height: Math.ceil(size * (legend + spec.categories.length * band + 1)),
    };
  }

  function option(spec, element, sizes) {
    var style = window.getComputedStyle(element);
    var size = sizes.size;
    var text = property(style, "--gk-chart-text");
    // One colour for a single series; otherwise prior year, budget, final in the order charts.py sends.
    var colours = sizes.several
      ? ["--gk-chart-prior", "--gk-chart-budget", "--gk-chart-final"]
      : ["--gk-chart-final"];
    var shares = spec.series.some(function (series) {
      return series.shares;
    });
    return {
      animation: !reducedMotion.matches,
      aria: {
        enabled: true,
        label: { description: spec.description },
        // Patterns besides colours tell the series apart in greyscale print and for colour-blind readers.
        decal: { show: sizes.several },
      },
      color: colours.map(function (name) {
        return property(style, name);
      }),
      textStyle: { color: text, fontFamily: style.fontFamily, fontSize: size },
      legend: {
        show: sizes.several,
        top: 0,
        left: 0,
        selectedMode: false,
        itemGap: size,
        textStyle: { color: text, fontSize: size },
      },
      tooltip: { show: false },
      grid: {
        left: 0,
        top: size * sizes.legend,
        bottom: size * 0.5,
        // Room for the values beside the longest bar; ECharts 6 keeps the category names inside itself.
        right: size * (shares ? 8.5 : 4),
      },
      xAxis: { type: "value", show: false },
      yAxis: {
        type: "category",
        inverse: true, // the first category on top, as in the table
        data: spec.categories,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: property(style, "--gk-chart-axis") } },
        axisLabel: {
          color: text,
          fontSize: size,
          lineHeight: size * 1.3,
          width: size * sizes.nameWidth,
          overflow: "break",
        },
      },
      series: spec.series.map(function (series) {
        return {
          type: "bar",
          name: series.name,
          data: series.values.map(Number),
          barMaxWidth: size * 1.6,
          barGap: "15%",
          label: {
            show: true,
            position: "right",
            color: text,
            fontSize: size,
            formatter: labeller(series),
          },
        };
      }),
    };
  }

  function draw(item) {
    var sizes = layout(item.element, item.spec);
    item.element.style.height = sizes.height + "px";
    if (item.chart) {
      item.chart.resize();
    } else {
      item.chart = window.echarts.init(item.element, null, { renderer: "svg" });
    }
    item.chart.setOption(option(item.spec, item.element, sizes), true);
    // A viewBox lets the print stylesheet scale the chart, drawn for the screen, to the paper's width.
    var svg = item.element.querySelector("svg");
    if (svg) {
      svg.setAttribute("viewBox", "0 0 " + svg.getAttribute("width") + " " + svg.getAttribute("height"));
    }
  }

  function start() {
    if (typeof window.echarts === "undefined") {
      return; // the library did not load: captions and tables stand alone
    }
    var elements = document.querySelectorAll(".gk-chart[data-chart]");
    Array.prototype.forEach.call(elements, function (element) {
      element.hidden = false;
      var item = { element: element, spec: JSON.parse(element.getAttribute("data-chart")), chart: null };
      draw(item);
      element.setAttribute("data-gk-drawn", "true");
      drawn.push(item);
    });
    if (drawn.length === 0) {
      return;
    }
    var width = document.documentElement.clientWidth;
    window.addEventListener("resize", function () {
      // Only a change of width lays the bars out anew (a phone's address bar changes the height).
      if (document.documentElement.clientWidth !== width) {
        width = document.documentElement.clientWidth;
        drawn.forEach(draw);
      }
    });
    // The text-size control changes the root font size: redraw with the new sizes.
    new MutationObserver(function () {
      drawn.forEach(draw);
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-gk-text-scale"] });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
