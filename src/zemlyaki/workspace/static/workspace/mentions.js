// @mentions in a post: while typing "@name", offer the body's members from the
// space's member list (JSON) and insert the chosen "@username". Without script the
// text field works as is; the server finds the mentions in the text either way.
(function () {
  "use strict";
  var MENTION = /(^|[^\p{L}\p{N}_@\/])@([\p{L}\p{N}_.+-]*)$/u;

  function setup(area) {
    var url = area.getAttribute("data-mentions");
    if (!url) return;
    var list = document.createElement("ul");
    list.className = "mention-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    area.insertAdjacentElement("afterend", list);
    var timer = null;

    function current() {
      var before = area.value.slice(0, area.selectionStart);
      var match = MENTION.exec(before);
      return match ? match[2] : null;
    }

    function choose(username) {
      var start = area.selectionStart;
      var before = area.value.slice(0, start).replace(/@[\p{L}\p{N}_.+-]*$/u, "@" + username + " ");
      area.value = before + area.value.slice(start);
      area.selectionStart = area.selectionEnd = before.length;
      list.hidden = true;
      area.focus();
    }

    function show(members) {
      list.textContent = "";
      members.forEach(function (m) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "link";
        button.setAttribute("role", "option");
        button.setAttribute("data-username", m.username);
        button.textContent = m.name + " (@" + m.username + ")";
        button.addEventListener("click", function () { choose(m.username); });
        item.appendChild(button);
        list.appendChild(item);
      });
      list.hidden = members.length === 0;
    }

    // Only the answer to the latest question is shown: an earlier, slower answer
    // must not replace it.
    var asked = 0;

    function lookup() {
      var query = current();
      clearTimeout(timer);
      if (query === null) { asked += 1; list.hidden = true; return; }
      timer = setTimeout(function () {
        var ticket = ++asked;
        fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { members: [] }; })
          .then(function (data) { if (ticket === asked) show(data.members || []); })
          .catch(function () { if (ticket === asked) list.hidden = true; });
      }, 150);
    }

    area.addEventListener("input", lookup);
    // Text typed while the page was still loading, before this script ran, gets its
    // suggestions too.
    if (area.value && document.activeElement === area) lookup();
    area.addEventListener("keydown", function (event) {
      if (event.key === "Escape") list.hidden = true;
    });
  }

  document.querySelectorAll("textarea[data-mentions]").forEach(setup);
})();
