/* The lobby's copy button: copies the invitation text next to it (the text stays selectable
   where the clipboard is not allowed, e.g. a page not served over https or from localhost). */
(function () {
  "use strict";
  document.querySelectorAll(".tk-invitation").forEach(function (box) {
    var text = box.querySelector(".tk-invitation-text");
    var button = box.querySelector(".tk-invitation-copy");
    if (!text || !button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      text.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text.value);
      } else {
        document.execCommand("copy");
      }
    });
  });
}());
