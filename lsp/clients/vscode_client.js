// Drives `sqlreview lsp` with vscode-languageserver-protocol, the client
// library VS Code extensions use. Called by lsp/clients_test.go:
//   node vscode_client.js '<json scenario>'
// It prints one JSON object with what the server answered; the Go test
// compares it with the engine's findings.
'use strict';
const cp = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const rpc = require('vscode-languageserver-protocol/node');

const sc = JSON.parse(process.argv[2]);
const child = cp.spawn(sc.server, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));

const published = []; // every publishDiagnostics, in arrival order
const waiters = [];
conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
  published.push(p);
  for (const w of waiters.slice()) w();
});
let registered = [];
conn.onRequest(rpc.RegistrationRequest.type, (p) => { registered = registered.concat(p.registrations.map((r) => r.method)); return null; });
conn.listen();

function waitFor(pred, what) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout waiting for ' + what + '; published: ' + JSON.stringify(published.map((p) => p.version)))), 20000);
    const check = () => {
      const hit = published.find(pred);
      if (hit) { clearTimeout(t); waiters.splice(waiters.indexOf(check), 1); resolve(hit); }
    };
    waiters.push(check);
    check();
  });
}

// applyEdits applies LSP text edits (UTF-16 positions) to text.
function applyEdits(text, edits) {
  const offsetOf = (pos) => {
    let line = 0, i = 0;
    while (line < pos.line && i < text.length) { if (text[i] === '\n') line++; i++; }
    return i + pos.character;
  };
  const abs = edits.map((e) => ({ s: offsetOf(e.range.start), e: offsetOf(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  for (const e of abs) text = text.slice(0, e.s) + e.t + text.slice(e.e);
  return text;
}

async function main() {
  const out = {};
  const file = sc.file;
  const uri = sc.uri || pathToFileURL(file).href;
  const init = await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(sc.root).href,
    workspaceFolders: [{ uri: pathToFileURL(sc.root).href, name: 'root' }],
    initializationOptions: { debounceMs: sc.debounceMs },
    capabilities: {
      general: { positionEncodings: sc.encodings || ['utf-16'] },
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
      // No textDocument.diagnostic: this scenario is a client that cannot
      // pull, so the server pushes (vscode_pull.js covers pulling clients).
      textDocument: { publishDiagnostics: { versionSupport: true } },
    },
  });
  out.positionEncoding = init.capabilities.positionEncoding;
  conn.sendNotification(rpc.InitializedNotification.type, {});
  let text = fs.readFileSync(file, 'utf8');
  let version = 1;
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version, text } });
  out.uriEchoed = (await waitFor((p) => p.version === 1, 'open diagnostics')).uri;
  out.open = published.find((p) => p.version === 1).diagnostics;

  // Pull diagnostics give the same answer.
  const pulled = await conn.sendRequest(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri } });
  out.pulled = pulled.items;

  // The preferred fix of the first fixable finding removes it.
  const target = out.open.find((d) => d.code === sc.fixRule);
  const actions = await conn.sendRequest(rpc.CodeActionRequest.type, { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } });
  out.actionTitles = actions.map((a) => a.title);
  const fix = actions.find((a) => a.isPreferred && a.edit);
  text = applyEdits(text, fix.edit.changes[uri]);
  version++;
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  out.afterFix = (await waitFor((p) => p.version === version, 'diagnostics after the fix')).diagnostics;
  out.afterFixText = text;

  // Hover over a finding shows its rule's docs.
  const hov = await conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri }, position: out.afterFix[0].range.start });
  out.hover = hov && hov.contents.value;

  // A burst of 50 incremental edits: the last version's diagnostics win.
  const firstBurst = published.length;
  for (let i = 0; i < 50; i++) {
    version++;
    const lines = text.split('\n');
    const last = lines.length - 1;
    const insert = i % 2 === 0 ? 'SELECT 1;\n' : 'UPDATE t SET a = 1;\n';
    conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: insert }],
    });
    text = text + insert;
  }
  const finalV = version;
  const burstEnd = await waitFor((p) => p.version === finalV, 'burst diagnostics');
  await new Promise((r) => setTimeout(r, 300)); // anything stale would arrive now
  const burst = published.slice(firstBurst);
  out.burstVersions = burst.map((p) => p.version);
  out.burstLast = burst[burst.length - 1].diagnostics;
  out.burstText = text;
  out.burstFinal = burstEnd.diagnostics;

  // Config reload: the test's config disables a rule; the client reports it.
  fs.writeFileSync(path.join(sc.root, '.sqlreview.yaml'), sc.newConfig);
  const before = published.length;
  conn.sendNotification(rpc.DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(path.join(sc.root, '.sqlreview.yaml')).href, type: 2 }] });
  out.afterConfig = (await waitFor((p) => published.indexOf(p) >= before, 'diagnostics after config change')).diagnostics;

  // Unknown notifications and requests never take the server down.
  conn.sendNotification('$/unknownThing', { x: 1 });
  conn.sendNotification('workspace/somethingNew', { x: 1 });
  try { await conn.sendRequest('sqlreview/nope', {}); } catch (e) { out.unknownRequestError = e.code; }
  const hov2 = await conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
  out.aliveAfterUnknown = true;
  out.registered = registered;

  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  const code = await new Promise((r) => child.on('exit', r));
  out.exitCode = code;
  // Exit only once the output is written: a pipe takes 64 KB at once, and
  // process.exit drops what libuv still queues.
  process.stdout.write(JSON.stringify(out), () => process.exit(0));
}

main().catch((e) => { process.stderr.write(String(e.stack || e) + '\n'); child.kill(); process.exit(1); });
