// 审核 page: an item's button scrolls to its highlighted sentence, a highlight scrolls to its
// item; selecting text in the document fills the "新增条目" form with its quote and span
// (offsets in code points, as the server counts them); htmx swaps one card after a change.
(function () {
  "use strict";
  var source = document.getElementById("source");

  function marksOf(id) {
    return source ? source.querySelectorAll('mark[data-items~="' + id + '"]') : [];
  }

  function clear() {
    document.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
  }

  function light(id) {
    clear();
    marksOf(id).forEach(function (m) { m.classList.add("hl"); });
    var card = document.getElementById("item-" + id);
    if (card) { card.classList.add("hl"); }
    return card;
  }

  // Scroll only the pane holding `el` (scrollIntoView would move the whole page too).
  function reveal(el) {
    var pane = el.closest(".pane");
    if (!pane) { el.scrollIntoView({ block: "center" }); return; }
    var r = el.getBoundingClientRect(), p = pane.getBoundingClientRect();
    pane.scrollTop += (r.top - p.top) - Math.max(0, (p.height - r.height) / 2);
  }

  var from = null;  // the item the reader came from, so Enter on a shared highlight goes back to it

  function toMark(id) {
    from = id;
    light(id);
    var first = marksOf(id)[0];  // where the item starts (several may start there)
    if (first) { reveal(first); first.focus({ preventScroll: true }); }  // Enter on it comes back
  }

  function toItem(id) {
    var card = light(id);
    if (card) {
      reveal(card);
      card.focus({ preventScroll: true });
    }
  }

  function innermost(mark) { return mark.dataset.items.split(" ")[0]; }

  function itemOf(mark) {
    var ids = mark.dataset.items.split(" ");
    return from && ids.indexOf(from) >= 0 ? from : ids[0];
  }

  document.addEventListener("click", function (e) {
    var go = e.target.closest("[data-goto]");
    if (go) { toMark(go.dataset.goto); return; }
    var mark = e.target.closest("#source mark");
    if (mark && window.getSelection().isCollapsed) { toItem(itemOf(mark)); }
  });

  if (source) {
    source.addEventListener("keydown", function (e) {
      if ((e.key === "Enter" || e.key === " ") && e.target.matches("mark")) {
        e.preventDefault();
        toItem(itemOf(e.target));
      }
    });
    source.addEventListener("mouseup", picked);
    source.addEventListener("keyup", picked);
  }

  // A point in the document as a code-point offset: the text before it (anchors are empty).
  function offset(node, at) {
    var r = document.createRange();
    r.setStart(source, 0);
    r.setEnd(node, at);
    return Array.from(r.toString()).length;
  }

  function picked() {
    var form = document.getElementById("add-form");
    var sel = window.getSelection();
    if (!form || !sel.rangeCount || sel.isCollapsed) { return; }
    var range = sel.getRangeAt(0);
    if (!source.contains(range.commonAncestorContainer)) { return; }
    var quote = range.toString();
    if (!quote.trim()) { return; }
    form.elements.start.value = offset(range.startContainer, range.startOffset);
    form.elements.end.value = offset(range.endContainer, range.endOffset);
    form.elements.quote.value = quote;
    document.getElementById("add-quote").textContent = quote;
    document.getElementById("add").open = true;
  }

  function showKind(select) {
    document.querySelectorAll("#add-form fieldset[data-kind]").forEach(function (f) {
      f.hidden = f.dataset.kind !== select.value;
    });
  }
  var kind = document.getElementById("add-kind");
  if (kind) { kind.addEventListener("change", function () { showKind(kind); }); showKind(kind); }

  var publish = document.querySelector("form.publish");
  if (publish) {
    publish.addEventListener("submit", function (e) {
      var left = Number((document.querySelector('[data-count="unreviewed"]') || {}).textContent || 0);
      if (left > 0 && !window.confirm("尚有 " + left + " 项未审核，仍要发布吗？")) { e.preventDefault(); }
    });
  }

  // A card swapped in by htmx: its highlights take its new state; a 422 card (problems) swaps too.
  document.addEventListener("htmx:afterSwap", function (e) {
    var card = e.detail.target && e.detail.target.id ? document.getElementById(e.detail.target.id) : null;
    if (!card || !card.dataset.id) { return; }
    marksOf(card.dataset.id).forEach(function (m) {
      if (innermost(m) === card.dataset.id) { m.className = "s-" + card.dataset.state; }
    });
  });
  if (window.htmx) {
    window.htmx.config.responseHandling = [
      { code: "204", swap: false }, { code: "[23]..", swap: true }, { code: "422", swap: true, error: false },
      { code: "[45]..", swap: false, error: true }];
  }

  // Arriving at #item-t3 (after a form post) or #span-START-END (from an indicator page).
  function arrive() {
    var hash = decodeURIComponent(location.hash.slice(1));
    var span = /^span-(\d+)-(\d+)$/.exec(hash);
    if (span && source) {
      var a = Number(span[1]), b = Number(span[2]), first = null;
      clear();
      source.querySelectorAll("[data-at]").forEach(function (el) {
        var at = Number(el.dataset.at), end = at + Array.from(el.textContent).length;
        if (at < b && end > a) { el.classList.add("hl"); first = first || el; }
      });
      if (first) { reveal(first); }
      var exact = document.querySelector('.item[data-span="' + a + "-" + b + '"]');
      if (exact) { exact.classList.add("hl"); reveal(exact); }
    } else if (/^item-(meta|[a-z]\d{1,6})$/.test(hash)) {
      var id = hash.slice(5);
      light(id);
      var card = document.getElementById(hash), mark = marksOf(id)[0];
      if (card) { reveal(card); }
      if (mark) { reveal(mark); }
    }
  }
  window.addEventListener("hashchange", arrive);
  // After the browser's own jump to the fragment (which also scrolls the page itself).
  window.addEventListener("load", function () {
    arrive();
    window.requestAnimationFrame(function () { window.scrollTo(0, 0); });
  });
})();
