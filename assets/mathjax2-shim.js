// The ipywidgets HTML manager typesets widget labels through the MathJax 2 API
// (MathJax.Hub.Queue); the book loads MathJax 3, which has no Hub. Without this the
// page throws "Cannot read properties of undefined (reading 'Queue')". Loaded with
// `defer` after MathJax, before the widgets are drawn.
(function () {
  if (window.MathJax === undefined || window.MathJax.Hub !== undefined) {
    return;
  }
  window.MathJax.Hub = {
    Queue: function (job) {
      var mathjax = window.MathJax;
      var element = Array.isArray(job) ? job[2] : undefined;
      if (mathjax.startup && mathjax.startup.promise && mathjax.typesetPromise) {
        mathjax.startup.promise.then(function () {
          return mathjax.typesetPromise(element ? [element] : undefined);
        });
      }
    },
  };
})();
