// Forms that never lose work (no build step, no libraries).
// 1. A form with typed, unsaved changes asks before the page is left (beforeunload); submitting it clears that.
// 2. A closing checklist ([data-checklist-source]) is fetched again when the chosen outcome changes.
// 3. A button with data-confirm asks first (an action that cannot be undone, such as revoking a plan link).
(function () {
  "use strict";

  var dirty = new Set();

  function tracked(form) {
    return form.method.toLowerCase() === "post" && !form.hasAttribute("data-no-dirty");
  }

  function mark(form, on) {
    if (on) { dirty.add(form); } else { dirty.delete(form); }
    form.classList.toggle("is-dirty", on);
    var note = form.querySelector(".dirty-note");
    if (note) { note.textContent = on ? "Niet opgeslagen wijzigingen" : ""; }
  }

  function onInput(event) {
    var form = event.target.form;
    if (form && tracked(form)) { mark(form, true); }
  }

  document.addEventListener("input", onInput, true);
  document.addEventListener("change", onInput, true);
  document.addEventListener("submit", function (event) {
    // Leaving by a form's own submit is what the user asked for: no question on the way out.
    if (event.defaultPrevented || !tracked(event.target)) { return; }
    dirty.clear();
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size === 0) { return undefined; }
    event.preventDefault();
    event.returnValue = "";  // the browser shows its own question ("Wijzigingen mogelijk niet opgeslagen")
    return "";
  });

  // A page shown again after a refusal carries the user's unsaved values: it is dirty from the start.
  document.querySelectorAll("form[data-dirty-start]").forEach(function (form) { mark(form, true); });

  function renderChecklist(box, data) {
    var list = box.querySelector(".missing-list");
    var done = box.querySelector(".complete");
    if (list) { list.remove(); }
    if (done) { done.remove(); }
    if (!data.items.length) {
      var p = document.createElement("p");
      p.className = "complete";
      p.textContent = "✓ " + (box.getAttribute("data-complete-text") || "Compleet.");
      box.appendChild(p);
      return;
    }
    var ul = document.createElement("ul");
    ul.className = "missing-list";
    data.items.forEach(function (item) {
      var li = document.createElement("li");
      li.setAttribute("data-field", item.field);
      var a = document.createElement("a");
      a.href = item.href;
      a.textContent = item.message;
      li.appendChild(a);
      if (item.where) {
        var where = document.createElement("span");
        where.className = "muted";
        where.textContent = " (" + item.where + ")";
        li.appendChild(where);
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  function refresh(form) {
    var box = document.getElementById(form.getAttribute("data-checklist-target") || "checklist");
    if (!box) { return; }
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (key !== "csrf_token" && typeof value === "string") { params.append(key, value); }
    });
    fetch(form.getAttribute("data-checklist-source") + "?" + params.toString(), {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data) { renderChecklist(box, data); }
    }).catch(function () { /* the list stays as it was; the server checks again on submit */ });
  }

  document.querySelectorAll("form[data-checklist-source]").forEach(function (form) {
    form.addEventListener("change", function () { refresh(form); });
  });

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) { event.preventDefault(); }
  }, true);
})();
