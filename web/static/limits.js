// Length limits that never cut. A browser silently cuts pasted text at an input's maxlength; the server
// refuses too-long text with a Dutch message instead (web/forms.py). So maxlength becomes data-maxlength:
// nothing is cut, and the field says how much too long it is and blocks sending until it fits.
(function () {
  "use strict";

  function length(value) {
    // Characters as the server counts them (code points), with a line break as one.
    return Array.from(value.replace(/\r\n/g, "\n")).length;
  }

  function check(field) {
    var max = parseInt(field.dataset.maxlength, 10);
    var over = length(field.value) - max;
    var message = over > 0
      ? "Te lang: " + length(field.value) + " tekens, maximaal " + max + ". Haal er " + over + " weg."
      : "";
    field.setCustomValidity(message);
    var hint = field.nextElementSibling;
    if (!hint || !hint.classList.contains("length-hint")) {
      if (!message) return;
      hint = document.createElement("small");
      hint.className = "length-hint error";
      hint.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", hint);
    }
    hint.textContent = message;
  }

  function release(field) {
    field.dataset.maxlength = field.getAttribute("maxlength");
    field.removeAttribute("maxlength");
    field.addEventListener("input", function () { check(field); });
    if (field.value) check(field);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[maxlength], textarea[maxlength]").forEach(release);
  });
})();
