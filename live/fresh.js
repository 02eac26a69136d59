// Never stale, nothing lost: run by the live notebook page before JupyterLite starts
// (tools/lite_build.py puts the call into notebooks/index.html).
//
// JupyterLite shows the reader's saved copy of a notebook (kept in the browser's IndexedDB)
// instead of the published one, even after the book is republished. Every published chapter
// carries the version of its cells (metadata.nnbook_live.version; nnbook-versions.json lists
// them). When the saved copy of the chapter being opened was made from another version, it is
// moved aside: kept as "<name> (your copy).ipynb" if the reader changed a cell, dropped if not
// (it is the old chapter, unchanged), and the new chapter opens. A notice in the page says so,
// with the reader's copy one click away.

const NOTICE = 'nnbook-fresh-notice';

function request(idbRequest) {
  return new Promise((resolve, reject) => {
    idbRequest.onsuccess = () => resolve(idbRequest.result);
    idbRequest.onerror = () => reject(idbRequest.error);
  });
}

// JupyterLite's contents database (localforage: one database, a store per kind), or null
// when this browser holds none (opening must not create it: localforage does that itself).
async function contentsDatabase(name) {
  const opening = indexedDB.open(name);
  let created = false;
  opening.onupgradeneeded = () => {
    created = true;
    opening.transaction.abort();
  };
  try {
    const db = await request(opening);
    return db.objectStoreNames.contains('files') ? db : (db.close(), null);
  } catch (error) {
    if (created) return null;
    throw error;
  }
}

// The version of a notebook's cells, as tools/lite_build.py computes it (cells_version).
export async function cellsVersion(notebook) {
  const cells = notebook.cells.map((cell) => [
    cell.cell_type,
    Array.isArray(cell.source) ? cell.source.join('') : cell.source,
  ]);
  const bytes = new TextEncoder().encode(JSON.stringify(cells));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('').slice(0, 16);
}

async function edited(notebook, version) {
  if (!version || !(globalThis.crypto && crypto.subtle)) return true; // cannot tell: keep it
  return (await cellsVersion(notebook)) !== version;
}

function copyName(path, taken) {
  const slash = path.lastIndexOf('/') + 1;
  const folder = path.slice(0, slash);
  const stem = path.slice(slash).replace(/\.ipynb$/, '');
  for (let n = 1; ; n += 1) {
    const name = `${stem} (your copy${n > 1 ? ` ${n}` : ''}).ipynb`;
    if (!taken.has(folder + name)) return { name, path: folder + name };
  }
}

// Move a stale saved copy aside; returns what was done, or null when nothing was stale.
export async function freshen(location = window.location) {
  const path = new URLSearchParams(location.search).get('path');
  if (!path) return null;
  const root = new URL('../', location.href);
  const response = await fetch(new URL('nnbook-versions.json', root), { cache: 'no-cache' });
  const published = response.ok ? (await response.json())[path] : undefined;
  if (!published) return null; // not a chapter of the book: the reader's own file
  const db = await contentsDatabase(`JupyterLite Storage - ${root.pathname}`);
  if (!db) return null;
  try {
    const files = () => db.transaction('files', 'readwrite').objectStore('files');
    const stored = await request(files().get(path));
    const version = stored && stored.content && (stored.content.metadata || {}).nnbook_live;
    const theirs = version && version.version;
    if (!stored || stored.type !== 'notebook' || theirs === published) return null;
    let kept = null;
    if (await edited(stored.content, theirs)) {
      kept = copyName(path, new Set(await request(files().getAllKeys())));
      const now = new Date().toISOString();
      await request(files().put({ ...stored, ...kept, last_modified: now }, kept.path));
    }
    await request(files().delete(path));
    if (db.objectStoreNames.contains('checkpoints')) {
      await request(db.transaction('checkpoints', 'readwrite').objectStore('checkpoints').delete(path));
    }
    return { path, kept: kept && kept.path };
  } finally {
    db.close();
  }
}

// The notice at the foot of the page, once the notebook is shown.
export function showNotice(done) {
  const box = document.createElement('div');
  box.id = NOTICE;
  box.setAttribute('role', 'status');
  box.style.cssText =
    'position:fixed;left:0;right:0;bottom:0;z-index:10000;padding:10px 16px;font:14px/1.4 ' +
    'system-ui,sans-serif;background:#fff8c5;color:#24292f;border-top:1px solid #d4a72c';
  const text = document.createElement('span');
  text.textContent = done.kept
    ? `This chapter has changed since you saved it here: you are reading the new version. ` +
      `Your edited copy is kept as “${done.kept.split('/').pop()}”. `
    : 'This chapter has changed since you last opened it here: you are reading the new version. ';
  box.append(text);
  if (done.kept) {
    const link = document.createElement('a');
    link.href = `?path=${encodeURIComponent(done.kept)}`;
    link.textContent = 'Open your copy';
    link.style.cssText = 'color:#0969da;text-decoration:underline';
    box.append(link, ' ');
  }
  const close = document.createElement('button');
  close.textContent = 'Close';
  close.style.marginLeft = '12px';
  close.onclick = () => box.remove();
  box.append(close);
  document.body.append(box);
}

export async function main() {
  let done = null;
  try {
    done = await freshen();
  } catch (error) {
    console.warn('nnbook: could not check the saved copy of this chapter', error);
  }
  if (done) {
    const show = () => (document.body ? showNotice(done) : setTimeout(show, 50));
    show();
  }
}
