/*
 * gongkai: the 适老化 text-size control (A− / 默认 / A+) in the header.
 *
 * Loaded in <head> by templates/overrides/main.html, so that a size chosen on an earlier visit applies
 * before the first paint; the control itself is added once the header exists. It scales the root font
 * size (Material sizes everything in rem) through --gk-text-scale, see gongkai.css. Without JavaScript
 * there is no control, and the browser's own zoom still works.
 */
(function () {
  "use strict";

  var KEY = "gongkai.textScale";
  // Up to 150%: the theme's layout breakpoints are in em of the browser's default size and do not move
  // with the root font size, so at 1280 px a larger root squeezes the text column between the two
  // sidebars. Beyond 150% the browser's own zoom (which does move them) serves better.
  var SCALES = [0.9, 1, 1.125, 1.25, 1.375, 1.5];
  var DEFAULT = SCALES.indexOf(1);
  var root = document.documentElement;

  // localStorage throws where storage is disabled (some privacy modes, file:// in some browsers).
  function storedStep() {
    try {
      var step = SCALES.indexOf(parseFloat(window.localStorage.getItem(KEY)));
      return step < 0 ? DEFAULT : step;
    } catch (error) {
      return DEFAULT;
    }
  }

  function remember(step) {
    try {
      if (step === DEFAULT) {
        window.localStorage.removeItem(KEY);
      } else {
        window.localStorage.setItem(KEY, String(SCALES[step]));
      }
    } catch (error) {
      // Not remembered; the size still applies to this page.
    }
  }

  function apply(step) {
    if (step === DEFAULT) {
      root.removeAttribute("data-gk-text-scale");
      root.style.removeProperty("--gk-text-scale");
    } else {
      root.setAttribute("data-gk-text-scale", String(SCALES[step]));
      root.style.setProperty("--gk-text-scale", String(SCALES[step]));
    }
  }

  var current = storedStep();
  apply(current);

  function button(text, hidden, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "gk-textsize__button";
    element.setAttribute("data-gk-action", action);
    element.appendChild(document.createTextNode(text));
    if (hidden) {
      // The accessible name starts with the visible text (WCAG 2.5.3) and says what the button does.
      var extra = document.createElement("span");
      extra.className = "gk-visually-hidden";
      extra.textContent = hidden;
      element.appendChild(extra);
    }
    return element;
  }

  function buildControl() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".gk-textsize")) {
      return;
    }
    var group = document.createElement("div");
    group.className = "gk-textsize";
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", "gk-textsize-label");

    var label = document.createElement("span");
    label.id = "gk-textsize-label";
    label.className = "gk-textsize__label";
    label.textContent = "文字大小";

    var smaller = button("A−", "（缩小文字）", "smaller");
    var reset = button("默认", "（恢复默认文字大小）", "reset");
    var larger = button("A+", "（放大文字）", "larger");

    // Announces the new size to screen readers after each press.
    var status = document.createElement("span");
    status.className = "gk-visually-hidden";
    status.setAttribute("role", "status");

    // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
    function update(announce) {
      smaller.setAttribute("aria-disabled", String(current === 0));
      larger.setAttribute("aria-disabled", String(current === SCALES.length - 1));
      reset.setAttribute("aria-disabled", String(current === DEFAULT));
      if (announce) {
        status.textContent = "文字大小 " + Math.round(SCALES[current] * 100) + "%";
      }
    }

    group.addEventListener("click", function (event) {
      var target = event.target.closest("[data-gk-action]");
      if (!target) {
        return;
      }
      var action = target.getAttribute("data-gk-action");
      var next = current;
      if (action === "smaller") {
        next = Math.max(0, current - 1);
      } else if (action === "larger") {
        next = Math.min(SCALES.length - 1, current + 1);
      } else {
        next = DEFAULT;
      }
      if (next !== current) {
        current = next;
        apply(current);
        remember(current);
      }
      update(true);
    });

    group.appendChild(label);
    group.appendChild(smaller);
    group.appendChild(reset);
    group.appendChild(larger);
    group.appendChild(status);
    update(false);
    header.insertBefore(group, header.querySelector('label[for="__search"]'));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", buildControl);
  } else {
    buildControl();
  }
})();

/*
 * Search on input: Material queries its index on keyup, and an input method (how Chinese is typed) or a
 * paste with the mouse changes the box without one. Each input is passed on as a keyup.
 */
document.addEventListener("input", function (event) {
  var box = event.target;
  if (box instanceof HTMLInputElement && box.matches("[data-md-component=search-query]")) {
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
});

/*
 * No “缺少” for a term a result holds. Material splits a Chinese query into words and lists the words it
 * did not match in a result as missing, comparing with the wildcard still attached ("三公*"), so that
 * every word is listed as missing. A word whose text the result shows is taken off that list, and the
 * list goes when it is empty.
 */
(function () {
  "use strict";

  function prune(terms) {
    var article = terms.closest("article");
    if (!article) {
      return;
    }
    var shown = article.textContent.replace(/\u200b/g, "");
    terms.querySelectorAll("del, s").forEach(function (term) {
      var word = term.textContent.replace(/[*\u200b]/g, "");
      if (word && shown.indexOf(word) >= 0) {
        term.remove();
      }
    });
    if (!terms.querySelector("del, s")) {
      terms.remove();
    }
  }

  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) {
          node.querySelectorAll(".md-search-result__terms").forEach(prune);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
