// The in-page widgets, before the first click (served on every chapter page with an
// explorer; tools/nnbook_live.py adds it). Each explorer of the page gets a bar with a
// "Make this live" button; until the reader presses it, the explorer is a picture and says
// so: its controls are inert (they neither move nor take focus). The click loads
// nnbook-inpage.js (Python in the page, see src/inpage.js) and the explorer becomes live
// where it stands. Without live mode (make book LIVE=0) the bar says how to run it instead.
(() => {
  'use strict';
  const VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';

  function pageData() {
    const element = document.getElementById('nnbook-inpage-data');
    return element ? JSON.parse(element.textContent) : null;
  }

  function link(text, href) {
    const anchor = document.createElement('a');
    anchor.href = href;
    anchor.textContent = text;
    return anchor;
  }

  /** The advice that goes with a failure: the whole chapter live, or at home. */
  function alternatives(page) {
    const span = document.createElement('span');
    const parts = [];
    if (page.run_live) parts.push(link('Run live', page.run_live), ' opens the whole chapter as a notebook; ');
    parts.push('or ', link('download the notebook', page.download), ' and run it in Jupyter.');
    span.append(' ', ...parts);
    return span;
  }

  let bundle = null;
  function loadBundle(page) {
    bundle ??= new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = page.bundle;
      script.onload = () => resolve(globalThis.nnbookInpage);
      script.onerror = () => {
        bundle = null;
        reject(Object.assign(new Error(`could not load ${page.bundle}`), { kind: 'start' }));
      };
      document.head.appendChild(script);
    });
    return bundle;
  }

  /** The settings of a share link, in words, or null when the page's address has none. */
  function sharedSettings() {
    const query = new URLSearchParams(window.location.search);
    const pairs = Array.from(query, ([name, value]) => `${name.replaceAll('_', ' ')} ${value || '(none)'}`);
    return pairs.length ? pairs.join(', ') : null;
  }

  const started = { value: false };
  let refreshers = [];

  function setUp(page, script, index) {
    const output = script.parentElement; // the cell's output area: the static widget is drawn in it
    const staticId = JSON.parse(script.textContent).model_id;
    if (!(staticId in page.widgets)) return null;
    output.classList.add('nnbook-static-widget');
    output.inert = true; // no focus, no clicks: the picture does not pretend to be live
    const bar = document.createElement('div');
    bar.className = 'nnbook-inpage-bar';
    const status = document.createElement('span');
    status.className = 'nnbook-inpage-status';
    status.id = `nnbook-inpage-status-${index}`;
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    if (!page.live) {
      status.append('A picture of the explorer: its controls do nothing on this page.');
      status.append(alternatives(page));
      bar.append(status);
      output.before(bar);
      return null;
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'nnbook-inpage-button';
    button.setAttribute('aria-describedby', status.id);
    // A share link (this page's address with the playground's settings in its query) opens
    // the playground it describes, in place of the book's, once the reader asks for it.
    let shared = page.share === page.widgets[staticId][0] ? sharedSettings() : null;
    button.textContent = shared ? '▶ Open the shared playground live' : '▶ Make this live';
    const starts = () =>
      started.value
        ? 'Python is running in this page.'
        : 'Starts Python in your browser' + (page.megabytes ? `, about ${page.megabytes} MB the first time.` : '.');
    const note = () =>
      shared
        ? `A link shared this playground: ${shared}. ${starts()}`
        : started.value
          ? 'Python is running in this page: one click makes this explorer live.'
          : `A picture until then: the controls do nothing. ${starts()}`;
    if (shared) {
      bar.classList.add('nnbook-inpage-shared');
      requestAnimationFrame(() => bar.scrollIntoView({ block: 'start' }));
    }
    status.textContent = note();
    bar.append(button, status);
    output.before(bar);

    button.addEventListener('click', async () => {
      button.disabled = true;
      bar.classList.add('nnbook-inpage-busy');
      const progress = (text) => {
        status.textContent = `${text}…`;
      };
      const broken = (error) => {
        bar.hidden = false;
        bar.classList.add('nnbook-inpage-failed');
        status.replaceChildren(`The explorer stopped: ${error.message}.`, alternatives(page));
      };
      // The live widget is drawn beside the picture, hidden, and replaces it when it is ready.
      const host = document.createElement('div');
      host.className = 'nnbook-live-widget';
      host.hidden = true;
      output.append(host);
      try {
        const inpage = await loadBundle(page);
        await inpage.makeLive(page, staticId, host, progress, broken, shared ? window.location.href : null);
        started.value = true;
        host.hidden = false;
        output.replaceChildren(host);
        output.inert = false;
        output.classList.replace('nnbook-static-widget', 'nnbook-live-output');
        bar.classList.remove('nnbook-inpage-busy');
        button.remove();
        status.textContent = shared
          ? "Live: the shared playground, built from this page's address; without its query the page shows the book's."
          : 'Live: Python runs in your browser; every control recomputes with nnbook.';
        bar.classList.add('nnbook-inpage-live');
        document.dispatchEvent(new CustomEvent('nnbook-inpage-live', { detail: { staticId } }));
      } catch (error) {
        host.remove();
        bar.classList.remove('nnbook-inpage-busy');
        bar.classList.add('nnbook-inpage-failed');
        const reason =
          error.kind === 'wasm'
            ? 'This browser cannot run Python in the page (it has no WebAssembly).'
            : error.kind === 'cell'
              ? `The chapter's code failed in your browser: ${error.message}.`
              : error.kind === 'link'
                ? `The shared link is wrong, so nothing was built: ${error.message}`
                : `Python could not start in your browser (${error.message}).`;
        status.replaceChildren(reason, alternatives(page));
        button.disabled = false;
        button.textContent = '▶ Try again';
        if (error.kind === 'link') {
          shared = null; // the next click makes the book's own playground live
          button.textContent = "▶ Make the book's playground live";
        }
      }
    });
    return () => {
      if (button.isConnected && !button.disabled) status.textContent = note();
    };
  }

  function init() {
    const page = pageData();
    if (!page) return;
    page.megabytes = '';
    if (page.live) {
      // What a first start downloads, measured when the site was built.
      fetch(page.manifest)
        .then((response) => (response.ok ? response.json() : null))
        .then((manifest) => {
          if (manifest) {
            page.megabytes = String(Math.round(manifest.bytes / 1e6));
            refreshers.forEach((refresh) => refresh?.());
          }
        })
        .catch(() => {});
    }
    refreshers = Array.from(document.querySelectorAll(VIEW), (script, index) => setUp(page, script, index));
    document.addEventListener('nnbook-inpage-live', () => refreshers.forEach((refresh) => refresh?.()));
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
