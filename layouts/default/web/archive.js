// edition: full-text search across the archive, without a server. search-index.js sets
// window.EDITION_ARCHIVE (issues → [href, title, text] per story); a query is found as a
// substring, case-folded, spaces collapsed: Chinese needs no word segmentation for that.
(function () {
  var data = window.EDITION_ARCHIVE || [];
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !list) return;
  var MAX = 100;
  function norm(s) { return s.replace(/\s+/g, " ").toLowerCase(); }
  var stories = [];
  data.forEach(function (issue) {
    issue.stories.forEach(function (s) {
      var text = s[1] + " " + s[2].replace(/\s+/g, " ");
      stories.push({ href: s[0], title: s[1], date: issue.date, text: text, hay: text.toLowerCase() });
    });
  });
  function snippet(li, story, at, length) {
    var start = Math.max(0, at - 30), end = Math.min(story.text.length, at + length + 60);
    var p = document.createElement("p");
    p.appendChild(document.createTextNode((start > 0 ? "…" : "") + story.text.slice(start, at)));
    var mark = document.createElement("mark");
    mark.textContent = story.text.slice(at, at + length);
    p.appendChild(mark);
    p.appendChild(document.createTextNode(story.text.slice(at + length, end) + (end < story.text.length ? "…" : "")));
    li.appendChild(p);
  }
  function search(query) {
    var q = norm(query).trim();
    list.textContent = "";
    if (!q) { status.textContent = ""; return; }
    var found = 0;
    stories.forEach(function (story) {
      var at = story.hay.indexOf(q);
      if (at < 0) return;
      found += 1;
      if (found > MAX) return;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = story.href;
      a.textContent = story.title;
      li.appendChild(a);
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = " " + story.date;
      li.appendChild(where);
      snippet(li, story, at, q.length);
      list.appendChild(li);
    });
    status.textContent = found ? "找到 " + found + " 篇" + (found > MAX ? "，显示前 " + MAX + " 篇" : "")
                               : "没有找到“" + query.trim() + "”";
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    search(input.value);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; search(initial); }
})();
