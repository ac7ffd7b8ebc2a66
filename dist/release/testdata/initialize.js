// Starts the server an unpacked .vsix would start and asks it `initialize`,
// with only what the package itself holds: its compiled serverPath module
// picks the binary (PATH is emptied, so it must be the bundled one) and its
// bundled vscode-languageserver-protocol speaks LSP. Called by
// dist/release's TestVSCodeExtension:
//   node initialize.js EXTENSION_DIR WORKSPACE_DIR
// Prints one JSON object: which binary, what the server answered, how it exited.
'use strict';
const cp = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const [ext, root] = process.argv.slice(2);
const { resolveServer, serverArgs } = require(path.join(ext, 'out', 'serverPath.js'));
const rpc = require(path.join(ext, 'node_modules', 'vscode-languageserver-protocol', 'node'));

const server = resolveServer({
  configuredPath: '',
  extensionPath: ext,
  platform: process.platform,
  envPath: '',
  isFile: (p) => { try { return fs.statSync(p).isFile(); } catch { return false; } },
});
if (server.error) {
  console.log(JSON.stringify(server));
  process.exit(0);
}
// vscode-languageclient appends --stdio for the stdio transport.
const child = cp.spawn(server.command, [...serverArgs([]), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
child.stderr.on('data', (d) => { stderr += d; });
const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
conn.listen();

async function main() {
  const timer = setTimeout(() => { console.log(JSON.stringify({ error: 'timeout', stderr })); process.exit(1); }, 30000);
  const init = await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'root' }],
    capabilities: {},
  });
  conn.sendNotification(rpc.InitializedNotification.type, {});
  await conn.sendRequest(rpc.ShutdownRequest.type);
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  conn.sendNotification(rpc.ExitNotification.type);
  const exitCode = await exited;
  clearTimeout(timer);
  console.log(JSON.stringify({
    source: server.source,
    command: server.command,
    serverInfo: init.serverInfo,
    textDocumentSync: init.capabilities.textDocumentSync !== undefined,
    exitCode,
  }));
  process.exit(0);
}
main().catch((err) => { console.log(JSON.stringify({ error: String(err), stderr })); process.exit(1); });
