// The in-page widgets: Python in the chapter page itself, so that an explorer's controls
// recompute through nnbook where the reader reads.
//
// Loaded by loader.js on the reader's first click. It starts the site's own Pyodide (the
// verified files of live mode, in lite/static/pyodide) in this page, loads nnbook and its
// packages from the same lock, runs the chapter's code cells up to the explorer's cell
// (nnbook_inpage.py), and replaces the static picture with the live widget, drawn by the
// ipywidgets HTML manager. ipywidgets' messages go straight between Python and the manager
// (no Jupyter kernel, no server): nnbook_inpage.py replaces comm's hooks, PageComm below is
// the manager's side. Leaving the page ends Python with it.

// The manager itself, not the package's index, which also brings its static embedder.
import { HTMLManager } from '@jupyter-widgets/html-manager/lib/htmlmanager';

import bridgeSource from '../nnbook_inpage.py';

/** An error a reader is told about at the widget: `kind` picks the advice shown with it. */
class InpageError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

let counter = 0;
const newId = () => `nnbook-${Date.now().toString(36)}-${(counter++).toString(36)}`;
const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 0));

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = resolve;
    script.onerror = () => reject(new InpageError('start', `could not load ${url}`));
    document.head.appendChild(script);
  });
}

/** The manager's end of one widget's comm; the other end is nnbook_inpage.PageComm. */
class PageComm {
  constructor(session, commId, targetName) {
    this.session = session;
    this.comm_id = commId;
    this.target_name = targetName;
    this._onMsg = null;
    this._onClose = null;
    this._early = []; // messages that arrive before the model has subscribed
  }
  open() {
    throw new Error('widgets are opened by Python, not by the page');
  }
  send(data, callbacks, metadata, buffers) {
    this.session.toPython(this.comm_id, data, buffers, callbacks);
    return newId();
  }
  close() {
    return newId();
  }
  on_msg(callback) {
    this._onMsg = callback;
    for (const message of this._early.splice(0)) callback(message);
  }
  on_close(callback) {
    this._onClose = callback;
  }
  receive(message) {
    if (this._onMsg) this._onMsg(message);
    else this._early.push(message);
  }
}

class PageManager extends HTMLManager {
  _get_comm_info() {
    return Promise.resolve({});
  }
  _create_comm() {
    return Promise.reject(new Error('widgets are opened by Python, not by the page'));
  }
}

/** Python in this page: one Pyodide, one chapter namespace, one widget manager. */
class Session {
  constructor(pyodide, bridge, chapter) {
    this.pyodide = pyodide;
    this.bridge = bridge;
    this.chapter = chapter;
    this.manager = new PageManager();
    this.comms = new Map();
    this.opening = [];
    this.outbox = [];
    this.onError = () => {};
  }

  /** A message from Python (nnbook_inpage.PageComm.publish_msg). */
  fromPython(msgType, contentJson, metadataJson, buffers) {
    const content = JSON.parse(contentJson);
    const message = {
      header: { msg_id: newId(), msg_type: msgType },
      parent_header: {},
      metadata: JSON.parse(metadataJson),
      content,
      buffers: Array.from(buffers || [], (b) => new DataView(b.buffer, b.byteOffset, b.byteLength)),
      channel: 'iopub',
    };
    if (msgType === 'comm_open') {
      const comm = new PageComm(this, content.comm_id, content.target_name);
      this.comms.set(content.comm_id, comm);
      this.opening.push(this.manager.handle_comm_open(comm, message));
    } else if (msgType === 'comm_msg') {
      this.comms.get(content.comm_id)?.receive(message);
    } else if (msgType === 'comm_close') {
      const comm = this.comms.get(content.comm_id);
      this.comms.delete(content.comm_id);
      comm?._onClose?.(message);
    }
  }

  /** A control the reader moved: handed to Python after the event, in order. */
  toPython(commId, data, buffers, callbacks) {
    this.outbox.push({ commId, data, buffers, callbacks });
    if (this.outbox.length === 1) setTimeout(() => this.flush(), 0);
  }

  flush() {
    for (const { commId, data, buffers, callbacks } of this.outbox.splice(0)) {
      const payload = Array.from(buffers || [], (b) =>
        b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
      );
      try {
        this.bridge.deliver(commId, JSON.stringify(data), payload);
      } catch (error) {
        this.onError(commId, error);
      } finally {
        // The model sends its next change only when the last one is done ("idle"), so a
        // fast drag is handed over as its latest value, not as a queue of stale ones.
        callbacks?.iopub?.status?.({ header: { msg_type: 'status' }, content: { execution_state: 'idle' } });
      }
    }
  }

  /** Run the cells that `cell` needs (each at most once), then the models of its widgets. */
  async runThrough(cell, progress) {
    const plan = this.chapter.plan(cell).toJs();
    for (const [step, index] of plan.entries()) {
      progress(`Running the chapter's code: cell ${index + 1} (${step + 1} of ${plan.length})`);
      await nextFrame();
      try {
        this.chapter.run(index).destroy();
      } catch (error) {
        throw new InpageError('cell', pythonMessage(error));
      }
    }
    await Promise.all(this.opening.splice(0));
    const ids = this.chapter.widgets.get(cell).toJs();
    return Promise.all(ids.map((id) => this.manager.get_model(id)));
  }

  /** Run what the share link's explorer needs, then rebuild it from the link (`url`). */
  async openShared(cell, url, progress) {
    await this.runThrough(cell, progress);
    progress('Building the playground the link describes');
    await nextFrame();
    try {
      this.chapter.open_shared(cell, url).destroy();
    } catch (error) {
      const text = String(error?.message || error).trim().split('\n').pop();
      throw new InpageError('link', text.replace(/^[\w.]*LinkError: /, ''));
    }
    await Promise.all(this.opening.splice(0));
    const ids = this.chapter.widgets.get(cell).toJs();
    return Promise.all(ids.map((id) => this.manager.get_model(id)));
  }
}

function pythonMessage(error) {
  const text = String(error?.message || error);
  const cellLine = text.split('\n').reverse().find((line) => line.includes('code cell'));
  return (cellLine || text.trim().split('\n').pop()).replace(/^.*?(code cell)/, '$1');
}

let sessionPromise = null;

async function startSession(page, progress) {
  if (typeof WebAssembly !== 'object') {
    throw new InpageError('wasm', 'this browser cannot run WebAssembly, which Python in the page needs');
  }
  progress(page.megabytes ? `Starting Python in your browser (about ${page.megabytes} MB the first time)` : "Starting Python in your browser");
  await loadScript(`${page.pyodide}pyodide.js`);
  let pyodide;
  // Pyodide only warns when its WebAssembly cannot be fetched or compiled, and then never
  // settles: that warning is turned into a failure the reader is told about.
  const warn = console.warn;
  const wasmFailed = new Promise((_, reject) => {
    console.warn = (...args) => {
      if (String(args[0]).includes('wasm instantiation failed')) {
        reject(new Error("Python's WebAssembly could not be loaded"));
      }
      warn.apply(console, args);
    };
  });
  wasmFailed.catch(() => {});
  try {
    pyodide = await Promise.race([
      globalThis.loadPyodide({
        indexURL: page.pyodide,
        stdLibURL: `${page.pyodide}python_stdlib_pyc.zip`,
        env: { MPLBACKEND: 'agg' },
      }),
      wasmFailed,
    ]);
    progress('Loading nnbook, numpy, matplotlib and ipywidgets');
    await pyodide.loadPackage(page.packages, { messageCallback: () => {}, checkIntegrity: true });
  } catch (error) {
    throw new InpageError('start', `Python did not start: ${error.message || error}`);
  } finally {
    console.warn = warn;
  }
  progress('Importing nnbook');
  await nextFrame();
  pyodide.FS.writeFile('/home/pyodide/nnbook_inpage.py', bridgeSource);
  const bridge = pyodide.pyimport('nnbook_inpage');
  try {
    bridge.prepare(window.location.href);
  } catch (error) {
    throw new InpageError('start', `Python did not start: ${pythonMessage(error)}`);
  }
  const chapter = bridge.Chapter(pyodide.toPy(page.cells));
  const session = new Session(pyodide, bridge, chapter);
  bridge.start((msgType, content, metadata, buffers) => session.fromPython(msgType, content, metadata, buffers));
  return session;
}

/** The ids of a model and of every widget inside it (a box's children, and theirs). */
function modelTree(model, ids = new Set()) {
  if (!model || ids.has(model.model_id)) return ids;
  ids.add(model.model_id);
  for (const value of Object.values(model.attributes)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item && typeof item === 'object' && 'model_id' in item && 'attributes' in item) modelTree(item, ids);
    }
  }
  return ids;
}

let queue = Promise.resolve();

/**
 * Make the explorer whose static picture is `host` live: start Python if it is not running,
 * run the chapter's cells up to the explorer's, and draw the live widget in `host`.
 * Calls are served one after the other. `progress(text)` is told what is happening;
 * `onBroken(error)` is told when the live widget later fails (an update that raised).
 * With `shared` (a share link), the explorer is the one the link describes.
 */
export function makeLive(page, staticId, host, progress, onBroken, shared = null) {
  const task = queue.then(async () => {
    const [cell, position] = page.widgets[staticId];
    sessionPromise ??= startSession(page, progress);
    let session;
    try {
      session = await sessionPromise;
    } catch (error) {
      sessionPromise = null; // a later click tries again
      throw error;
    }
    const models = shared ? await session.openShared(cell, shared, progress) : await session.runThrough(cell, progress);
    const model = models[position];
    if (!model) throw new InpageError('cell', `code cell ${cell + 1} showed no widget`);
    const ids = modelTree(model);
    const previous = session.onError;
    session.onError = (commId, error) => (ids.has(commId) ? onBroken(new InpageError('update', pythonMessage(error))) : previous(commId, error));
    const view = await session.manager.create_view(model);
    host.nnbookModel = model; // the explorer's model, for the tests (and the curious)
    host.replaceChildren();
    await session.manager.display_view(view, host);
    return session;
  });
  queue = task.catch(() => {});
  return task;
}
