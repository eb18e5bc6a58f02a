/*
 * gongkai: sortable and filterable tables of the portal pages (the year page's comparison, the home page's
 * directory). Loaded on every page through extra_javascript in mkdocs.yml; it does nothing on a page
 * without such a table.
 *
 * Sorting: each header cell with data-gk-sort gets a <button>, so that the keyboard reaches it and Enter
 * or Space sorts; the header cell's aria-sort tells screen readers the order. In a "number" column cells
 * are compared by their data-sort value (an amount as a plain decimal, "" for none: always last), never by
 * their formatted text; an "order" column is the one the generator sorted the rows by (部门), so its order
 * is the rows' own. The first press sorts amounts from the largest down and an "order" column ascending,
 * the next press reverses. The <tfoot> (合计) stays where it is.
 *
 * Filtering: an element with data-gk-filter-for (hidden in the page) is shown, and its search box hides
 * the rows of that table whose name (the row header) and address (its first link's folder, without
 * hyphens: pinyin such as "quxianshangwuju") do not contain what is typed; its role="status" element
 * tells how many rows remain. The address is read from the link rather than written into each row, so
 * that a directory of hundreds of departments stays small.
 *
 * Without JavaScript the tables are plain tables in the order the generator wrote them.
 */
(function () {
  "use strict";

  var ICONS = { ascending: "▲", descending: "▼", none: "↕" };
  var ANNOUNCE_DELAY = 400; // ms: screen readers hear the count once typing pauses, not after every key

  function makeSortable(table) {
    var body = table.tBodies[0];
    var headers = Array.prototype.filter.call(table.tHead.rows[0].cells, function (cell) {
      return cell.hasAttribute("data-gk-sort");
    });
    if (!body || headers.length === 0) {
      return;
    }
    // The generator's order: that of the "order" column, and the tie-break of the others.
    var rows = Array.prototype.slice.call(body.rows);
    var position = new Map(
      rows.map(function (row, index) {
        return [row, index];
      })
    );

    function sortBy(header) {
      var numeric = header.getAttribute("data-gk-sort") === "number";
      var current = header.getAttribute("aria-sort");
      var direction;
      if (current === "ascending") {
        direction = "descending";
      } else if (current === "descending") {
        direction = "ascending";
      } else {
        direction = numeric ? "descending" : "ascending";
      }
      var column = header.cellIndex;
      var sign = direction === "ascending" ? 1 : -1;
      rows.sort(function (a, b) {
        var byOrder = position.get(a) - position.get(b);
        if (!numeric) {
          return sign * byOrder;
        }
        var keyA = a.cells[column].getAttribute("data-sort") || "";
        var keyB = b.cells[column].getAttribute("data-sort") || "";
        if (keyA === "" || keyB === "") {
          // No value: last in either direction.
          return keyA === keyB ? byOrder : keyA === "" ? 1 : -1;
        }
        return sign * (parseFloat(keyA) - parseFloat(keyB)) || byOrder;
      });
      rows.forEach(function (row) {
        body.appendChild(row);
      });
      headers.forEach(function (other) {
        if (other === header) {
          other.setAttribute("aria-sort", direction);
        } else {
          other.removeAttribute("aria-sort");
        }
        other.querySelector(".gk-sort__icon").textContent = ICONS[other.getAttribute("aria-sort") || "none"];
      });
    }

    headers.forEach(function (header) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gk-sort";
      while (header.firstChild) {
        button.appendChild(header.firstChild);
      }
      var icon = document.createElement("span");
      icon.className = "gk-sort__icon";
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = ICONS[header.getAttribute("aria-sort") || "none"];
      button.appendChild(icon);
      header.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(header);
      });
    });
  }

  function makeFilter(box) {
    var table = document.getElementById(box.getAttribute("data-gk-filter-for"));
    var input = box.querySelector("input");
    var status = box.querySelector('[role="status"]');
    if (!table || !table.tBodies[0] || !input || !status) {
      return;
    }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) {
      var name = row.querySelector("th");
      var link = row.querySelector("a[href]");
      var folder = link ? link.getAttribute("href").replace(/\/$/, "").split("/").pop() : "";
      return ((name ? name.textContent : "") + " " + folder.replace(/-/g, "")).toLowerCase();
    });
    var timer = null;
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row, index) {
        var match = query === "" || texts[index].indexOf(query) !== -1;
        row.hidden = !match;
        shown += match ? 1 : 0;
      });
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (query === "") {
          status.textContent = "显示全部 " + rows.length + " 项";
        } else if (shown === 0) {
          status.textContent = "没有名称包含“" + input.value.trim() + "”的部门";
        } else {
          status.textContent = "显示 " + shown + " 项，共 " + rows.length + " 项";
        }
      }, ANNOUNCE_DELAY);
    });
    box.hidden = false;
  }

  function start() {
    var sortable = document.querySelectorAll("table[data-gk-sortable]");
    Array.prototype.forEach.call(sortable, makeSortable);
    if (sortable.length > 0) {
      Array.prototype.forEach.call(document.querySelectorAll(".gk-sort-hint"), function (hint) {
        hint.hidden = false;
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-gk-filter-for]"), makeFilter);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
