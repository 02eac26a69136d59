// Two accessibility repairs of markup the book does not write itself:
// - the ipywidgets HTML manager draws each slider's handle with role="slider" but no
//   accessible name, so a screen reader announces only "slider": name every handle after
//   its widget's visible label ("weight w₁"), also for sliders drawn after this script runs
//   (the manager renders the widgets asynchronously);
// - ipywidgets' Play control draws icon-only buttons: name each after its icon, and the
//   control itself as a group ("play controls"); the playground's code box gets a name too;
// - docutils marks the bibliography as role="list" whose entries have role
//   "doc-biblioentry", which a list may not contain: drop the list role, keep the entries'.
(function () {
  function label(root) {
    root.querySelectorAll(".widget-slider [role='slider']:not([aria-label])").forEach(function (handle) {
      var slider = handle.closest(".widget-slider");
      var text = slider && slider.querySelector(".widget-label");
      if (text && text.textContent.trim()) {
        handle.setAttribute("aria-label", text.textContent.trim());
      }
    });
  }
  var PLAY_ICONS = { "fa-play": "play", "fa-pause": "pause", "fa-stop": "stop", "fa-retweet": "repeat" };
  function labelPlay(root) {
    root.querySelectorAll(".widget-play:not([aria-label])").forEach(function (play) {
      play.setAttribute("role", "group");
      play.setAttribute("aria-label", "play controls");
    });
    root.querySelectorAll(".widget-play button:not([aria-label])").forEach(function (button) {
      var icon = button.querySelector("i");
      Object.keys(PLAY_ICONS).forEach(function (name) {
        if (icon && icon.classList.contains(name)) {
          button.setAttribute("aria-label", PLAY_ICONS[name]);
        }
      });
    });
    root.querySelectorAll(".nnbook-code textarea:not([aria-label]), textarea.nnbook-code:not([aria-label])")
      .forEach(function (area) { area.setAttribute("aria-label", "nnbook code for the current settings"); });
  }
  function start() {
    document.querySelectorAll(".citation-list[role='list']").forEach(function (list) {
      list.removeAttribute("role");
    });
    label(document);
    labelPlay(document);
    new MutationObserver(function () { label(document); labelPlay(document); }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
