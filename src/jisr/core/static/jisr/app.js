// Jisr's only script besides htmx. The Content-Security-Policy allows no inline script or
// event handler, so behaviour that templates used to write inline is declared here.
"use strict";
document.addEventListener("change", function (event) {
  // <select data-autosubmit>: send the form as soon as the choice changes.
  var target = event.target;
  if (target instanceof HTMLElement && target.hasAttribute("data-autosubmit") && target.form) {
    target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
  }
});
