// summary.js - the live word count of a summary's drafting text (issue 10;
// docs/summaries.md).  A hint while typing: Intl.Segmenter (ICU in the
// browser) with the text's language, counting word-like segments as the
// server does (ubrk word segments whose status is a word); the server
// counts again on every save and its count is the one that decides.
(function () {
  "use strict";
  var input = document.getElementById("summary-input");
  var out = document.getElementById("word-count");
  if (!input || !out || typeof Intl === "undefined" || !Intl.Segmenter) return;
  var lang = input.getAttribute("data-lang") || "en";
  var limit = parseInt(input.getAttribute("data-limit") || "0", 10);
  var seg = new Intl.Segmenter(lang, { granularity: "word" });
  var fmt = new Intl.NumberFormat(document.documentElement.lang || lang);
  function count() {
    var n = 0;
    for (var it = seg.segment(input.value)[Symbol.iterator](), s = it.next(); !s.done; s = it.next())
      if (s.value.isWordLike) n++;
    out.textContent = fmt.format(n);
    out.setAttribute("data-live", String(n));
    out.classList.toggle("over", limit > 0 && n > limit);
  }
  input.addEventListener("input", count);
  count();
})();
