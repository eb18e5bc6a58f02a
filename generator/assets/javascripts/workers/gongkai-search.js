/*
 * The search worker: Material's own (the file named after "?material=", beside this one, so that its
 * relative imports resolve as they would), with whole Chinese words in a query.
 *
 * Material splits each run of Chinese characters in a query into words of its index (segment() in its
 * worker), but never tries a word that ends at the run's last character: 人员经费 is searched as
 * 人员* 经*, and 经* matches 经费, 经济, 经营 … in every title, so the 三公 chapter outranks the one
 * about 人员经费. A run that starts with a word of the index is given one more character here, which
 * that segmentation never reads but which lets it reach the run's own end (人员经费 stays whole, as the
 * budget-terms dictionary indexed it). A run starting with no word is left alone: Material keeps it
 * whole then. templates/overrides/main.html starts this worker in place of Material's.
 */
"use strict";

var PAD = "\u3007"; // 〇: a Han character, so that it extends the run Material segments
var QUERY = 2; // Material's message type for a query
var words = Object.create(null);

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message && message.type === QUERY && typeof message.data === "string") {
    message.data = message.data.replace(/\p{sc=Han}+/gu, function (run) {
      for (var end = 1; end <= run.length; end++) {
        if (run.slice(0, end) in words) {
          return run + PAD;
        }
      }
      return run;
    });
  }
});

importScripts(new URLSearchParams(self.location.search).get("material"));

// The index's words, as Material's worker builds its index.
var build = self.lunr.Builder.prototype.build;
self.lunr.Builder.prototype.build = function () {
  words = this.invertedIndex;
  return build.call(this);
};
