// Runs tools/live_bytecode_pyodide.py inside the Pyodide that live mode serves (see tools/live_bytecode.py).
// Usage: node live_bytecode.mjs <pyodide dir> <output dir> <script.py> <JSON {packages, walk, roots, last}>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [pyodideDir, outDir, script, settings] = process.argv.slice(2);
const { packages, walk, roots, last } = JSON.parse(settings);
try {
  const { loadPyodide } = createRequire(import.meta.url)(`${pyodideDir}/pyodide.js`);
  const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/` });
  const failures = [];
  await pyodide.loadPackage(packages, { messageCallback() {}, errorCallback: (message) => failures.push(message) });
  if (failures.length) throw new Error(`loading ${packages.join(", ")}: ${failures.join("; ")}`);
  pyodide.FS.mkdirTree("/out");
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: outDir }, "/out");
  const globals = pyodide.toPy({ WALK: walk, ROOTS: roots, LAST: last, OUT: "/out" });
  pyodide.runPython(readFileSync(script, "utf8"), { globals, filename: script });
} catch (error) {
  // Pyodide's own stack traces quote its minified source: print only the message.
  console.error(String(error.message || error).slice(-4000));
  process.exit(1);
}
