// Display conditions on the answering page: show a question only when an earlier
// answer on the same page equals / does not equal / contains a value. The server
// applies the same rule (hidden questions are ignored when answers are checked).
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  if (!form) return;

  function fold(text) {
    return String(text).toLowerCase().replace(/ё/g, "е").trim();
  }

  function answerOf(qid) {
    var box = document.getElementById("question-" + qid);
    if (!box || box.hidden) return null;
    var inputs = box.querySelectorAll('[name="q' + qid + '"]');
    if (!inputs.length) return null;
    var first = inputs[0];
    if (first.type === "checkbox") {
      var list = [];
      inputs.forEach(function (el) {
        if (el.checked) list.push(el.value === "other" ? otherText(box, qid) : el.value);
      });
      return list;
    }
    if (first.type === "radio") {
      var chosen = null;
      inputs.forEach(function (el) { if (el.checked) chosen = el.value; });
      return chosen === "other" ? otherText(box, qid) : chosen;
    }
    if (first.tagName === "SELECT" && first.value === "other") return otherText(box, qid);
    return first.value;
  }

  function otherText(box, qid) {
    var field = box.querySelector('[name="q' + qid + '_other"]');
    return field ? field.value : "";
  }

  function holds(op, target, value) {
    var t = fold(target);
    var equal, contains;
    if (Array.isArray(value)) {
      var values = value.map(fold);
      equal = values.length === 1 && values[0] === t;
      contains = values.indexOf(t) !== -1;
    } else if (value === null || value === "") {
      equal = contains = false;
    } else {
      var text = fold(value);
      equal = text === t;
      contains = equal || (t !== "" && text.indexOf(t) !== -1);
    }
    if (op === "eq") return equal;
    if (op === "neq") return !equal;
    if (op === "contains") return contains;
    return true;
  }

  function update() {
    // In page order, so a question hidden by its condition also hides its dependents.
    form.querySelectorAll("fieldset[data-cond-q]").forEach(function (box) {
      var source = document.getElementById("question-" + box.dataset.condQ);
      var shown = !!source && !source.hidden &&
        holds(box.dataset.condOp, box.dataset.condValue, answerOf(box.dataset.condQ));
      box.hidden = !shown;
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
