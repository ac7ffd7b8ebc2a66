// Drives `sqlreview lsp` as VS Code does since vscode-languageclient 8: the
// client pulls diagnostics (textDocument.diagnostic) and keeps pushed and
// pulled diagnostics in separate collections, showing both. Called by
// lsp/clients_test.go (TestVSCodeOneCopy):
//   node vscode_pull.js '<json scenario>'
// It prints what the editor would show after open, an edit, a config change
// on disk, and close.
'use strict';
const cp = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const rpc = require('vscode-languageserver-protocol/node');

const sc = JSON.parse(process.argv[2]);
const child = cp.spawn(sc.server, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));

const pushed = new Map(); // uri → last pushed diagnostics (the push collection)
let pushes = 0;
conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => { pushes++; pushed.set(p.uri, p.diagnostics); });
let refreshes = 0;
let onRefresh = () => {};
conn.onRequest(rpc.DiagnosticRefreshRequest.type, () => { refreshes++; onRefresh(); return null; });
conn.onRequest(rpc.RegistrationRequest.type, () => null);
conn.listen();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const out = {};
  const uri = pathToFileURL(sc.file).href;
  await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(sc.root).href,
    workspaceFolders: [{ uri: pathToFileURL(sc.root).href, name: 'root' }],
    initializationOptions: { debounceMs: 0 },
    capabilities: {
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, diagnostics: { refreshSupport: true } },
      textDocument: { publishDiagnostics: { versionSupport: true }, diagnostic: { dynamicRegistration: false } },
    },
  });
  conn.sendNotification(rpc.InitializedNotification.type, {});
  // What the editor shows for uri: both collections, as VS Code does.
  const shown = async () => {
    const pulled = await conn.sendRequest(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri } });
    return (pushed.get(uri) || []).concat(pulled.items);
  };

  let text = fs.readFileSync(sc.file, 'utf8');
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version: 1, text } });
  await sleep(500); // a push, if the server made one, would be here by now
  out.open = await shown();

  text += 'UPDATE t SET a = 1;\n';
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
  await sleep(500);
  out.afterEdit = await shown();
  out.editText = text;

  // A config changed on disk: the server asks the client to pull again.
  const refreshed = new Promise((r) => { onRefresh = r; });
  fs.writeFileSync(path.join(sc.root, '.sqlreview.yaml'), sc.newConfig);
  conn.sendNotification(rpc.DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(path.join(sc.root, '.sqlreview.yaml')).href, type: 2 }] });
  await Promise.race([refreshed, sleep(5000)]);
  await sleep(300);
  out.afterConfig = await shown();

  conn.sendNotification(rpc.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  await sleep(300);
  out.pushes = pushes;
  out.refreshes = refreshes;
  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  out.exitCode = await new Promise((r) => child.on('exit', r));
  // Exit only once the output is written: a pipe takes 64 KB at once, and
  // process.exit drops what libuv still queues.
  process.stdout.write(JSON.stringify(out), () => process.exit(0));
}

main().catch((e) => { process.stderr.write(String(e.stack || e) + '\n'); child.kill(); process.exit(1); });
