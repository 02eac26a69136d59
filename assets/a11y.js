// Two accessibility repairs of markup the book does not write itself:
// - the ipywidgets HTML manager draws each slider's handle with role="slider" but no
//   accessible name, so a screen reader announces only "slider": name every handle after
//   its widget's visible label ("weight w₁"), also for sliders drawn after this script runs
//   (the manager renders the widgets asynchronously);
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
  function start() {
    document.querySelectorAll(".citation-list[role='list']").forEach(function (list) {
      list.removeAttribute("role");
    });
    label(document);
    new MutationObserver(function () { label(document); }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
