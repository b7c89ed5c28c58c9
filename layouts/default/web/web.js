// edition web edition: ←/→ turn the sheet or story (the links marked data-key); ＋/− zoom
// the sheet image. Everything works without it: links are plain links, the image scrolls.
(function () {
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var link = document.querySelector('a[data-key="' + e.key + '"]');
    if (link) { window.location.href = link.href; }
  });
  var image = document.querySelector(".sheet-image");
  var controls = document.querySelector(".zoom-controls");
  if (!image || !controls) return;
  controls.hidden = false;
  var base = window.matchMedia("(max-width: 700px)").matches ? 2 : 1;
  var zoom = base;
  controls.addEventListener("click", function (e) {
    var step = Number(e.target.getAttribute("data-zoom") || 0);
    if (!step) return;
    zoom = Math.min(4, Math.max(1, zoom + step * 0.5));
    image.style.setProperty("--zoom", zoom);
  });
})();
