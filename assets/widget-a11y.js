// The ipywidgets HTML manager draws each slider's handle as an element with
// role="slider" but no accessible name, so a screen reader announces only "slider".
// Name every handle after its widget's visible label ("weight w₁"), also for sliders
// drawn after this script runs (the manager renders the widgets asynchronously).
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
    label(document);
    new MutationObserver(function () { label(document); }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
