/* The site's own small script (served from the platform, no outside host).
 * - The header menu: on a narrow screen the menu folds away behind «Меню». Without a
 *   script a checkbox and its label open it; here a real button with aria-expanded
 *   takes their place.
 * - Copy buttons: <button data-copy="text"> puts the text on the clipboard and says so.
 */
(function () {
  "use strict";
  function setUpMenu() {
    var button = document.querySelector("[data-menu-button]");
    var label = document.querySelector("[data-menu-label]");
    var box = document.getElementById("menu-toggle");
    var header = document.querySelector(".site-header");
    if (!button || !header) return;
    if (label) label.remove();
    if (box) box.remove();
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        header.classList.remove("menu-open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }
  function copied(button, ok) {
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (status) status.textContent = ok ? button.dataset.copied || "" : button.dataset.failed || "";
  }
  function setUpCopy() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-copy]") : null;
      if (!button) return;
      var text = button.getAttribute("data-copy");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () { copied(button, true); },
          function () { copied(button, false); }
        );
        return;
      }
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      field.remove();
      copied(button, ok);
    });
    document.querySelectorAll("[data-copy]").forEach(function (b) { b.hidden = false; });
  }
  function start() { setUpMenu(); setUpCopy(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
