// Asks `sqlreview lsp` for navigation through vscode-languageserver-protocol,
// the client library VS Code extensions use. Called by
// lsp/clients_nav_test.go:  node vscode_nav.js '<json scenario>'
// The scenario names a file and positions; the script prints one JSON
// object: definition, references, document symbols, folding ranges and
// completion labels as the client library decoded them.
'use strict';
const cp = require('child_process');
const fs = require('fs');
const { pathToFileURL } = require('url');
const rpc = require('vscode-languageserver-protocol/node');

const sc = JSON.parse(process.argv[2]);
const child = cp.spawn(sc.server, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
conn.onNotification(rpc.PublishDiagnosticsNotification.type, () => {});
conn.onRequest(rpc.RegistrationRequest.type, () => null);
conn.listen();

async function main() {
  const uri = pathToFileURL(sc.file).href;
  const init = await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(sc.root).href,
    workspaceFolders: [{ uri: pathToFileURL(sc.root).href, name: 'root' }],
    capabilities: { textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
  });
  await conn.sendNotification(rpc.InitializedNotification.type, {});
  await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'sql', version: 1, text: fs.readFileSync(sc.file, 'utf8') },
  });
  const doc = { uri };
  const out = { capabilities: init.capabilities };
  out.definition = await conn.sendRequest(rpc.DefinitionRequest.type, { textDocument: doc, position: sc.definitionAt });
  out.references = await conn.sendRequest(rpc.ReferencesRequest.type, { textDocument: doc, position: sc.referencesAt, context: { includeDeclaration: true } });
  out.symbols = await conn.sendRequest(rpc.DocumentSymbolRequest.type, { textDocument: doc });
  out.folding = await conn.sendRequest(rpc.FoldingRangeRequest.type, { textDocument: doc });
  const comp = await conn.sendRequest(rpc.CompletionRequest.type, { textDocument: doc, position: sc.completionAt });
  out.completion = (Array.isArray(comp) ? comp : comp.items).map((i) => i.label);
  await conn.sendRequest(rpc.ShutdownRequest.type);
  await conn.sendNotification(rpc.ExitNotification.type);
  // Resolve only once the output is written: a pipe takes 64 KB at once, and
  // process.exit drops what libuv still queues.
  await new Promise((resolve) => process.stdout.write(JSON.stringify(out), resolve));
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
