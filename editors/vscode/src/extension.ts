// Starts `sqlreview lsp` for SQL files. Everything else (findings, quick
// fixes, hover, completion, config reload) is the server's: the extension
// finds the binary (serverPath.ts), shows the server's state in the status
// bar (status.ts), keeps its log (stderr) in the "sqlreview" output channel,
// and restarts it on command or when its settings change.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, RevealOutputChannelOn, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { resolveServer, serverArgs } from './serverPath';
import { ServerState, stateOf, statusView } from './status';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let stopRequested = false;

function showState(state: ServerState, detail?: string): void {
  const view = statusView(state, detail);
  statusItem.text = view.text;
  statusItem.tooltip = view.tooltip;
  statusItem.backgroundColor = state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

// fail shows why the server is not running, in the log, the status item and
// a message with a button to the log.
async function fail(message: string): Promise<void> {
  output.appendLine(message);
  showState('error', message);
  const choice = await vscode.window.showErrorMessage(message, 'Show Log', 'Open Settings');
  if (choice === 'Show Log') {
    output.show(true);
  } else if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'sqlreview');
  }
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  showState('starting');
  const config = vscode.workspace.getConfiguration('sqlreview');
  const server = resolveServer({
    configuredPath: config.get<string>('path'),
    extensionPath: context.extensionPath,
    platform: process.platform,
    envPath: process.env.PATH,
    envPathExt: process.env.PATHEXT,
    isFile,
  });
  if ('error' in server) {
    await fail(server.error);
    return;
  }
  const args = serverArgs(config.get<string[]>('args'));
  output.appendLine(`Starting ${server.command} ${args.join(' ')} (${server.source})`);
  const serverOptions: ServerOptions = { command: server.command, args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'untitled', language: 'sql' },
    ],
    outputChannel: output, // the client writes the server's stderr here
    revealOutputChannelOn: RevealOutputChannelOn.Never, // the status item says when to look
    synchronize: {
      // The server also registers these watchers itself; declaring them here
      // covers clients that start before registration completes.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.sqlreview.{yaml,yml}'),
        vscode.workspace.createFileSystemWatcher('**/*.sql'),
      ],
    },
  };
  stopRequested = false;
  const c = new LanguageClient('sqlreview', 'sqlreview', serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    if (client === c) {
      showState(stateOf(e.newState, stopRequested));
    }
  });
  try {
    await c.start();
  } catch (err) {
    await fail(`sqlreview: cannot start "${server.command} ${args.join(' ')}" (${err}). Set "sqlreview.path" to the sqlreview binary.`);
  }
}

async function stop(): Promise<void> {
  stopRequested = true;
  const c = client;
  client = undefined;
  if (c?.isRunning()) {
    await c.stop();
  }
  showState('stopped');
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  output.appendLine('Restarting the server');
  await stop();
  await start(context);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('sqlreview');
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'sqlreview server';
  statusItem.command = 'sqlreview.showLog';
  statusItem.show();
  context.subscriptions.push(
    output,
    statusItem,
    vscode.commands.registerCommand('sqlreview.restartServer', () => restart(context)),
    vscode.commands.registerCommand('sqlreview.showLog', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('sqlreview.path') || e.affectsConfiguration('sqlreview.args')) {
        await restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}
