// Starts `sqlreview lsp` for SQL files. Everything else (findings, quick
// fixes, hover, completion, config reload) is the server's: the extension
// only finds the binary and restarts the server when its path changes.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

async function start(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration('sqlreview').get<string>('path') || 'sqlreview';
  const serverOptions: ServerOptions = { command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'untitled', language: 'sql' },
    ],
    synchronize: {
      // The server also registers these watchers itself; declaring them here
      // covers clients that start before registration completes.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.sqlreview.{yaml,yml}'),
        vscode.workspace.createFileSystemWatcher('**/*.sql'),
      ],
    },
  };
  client = new LanguageClient('sqlreview', 'sqlreview', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(`sqlreview: cannot start "${command} lsp" (${err}). Set "sqlreview.path" to the sqlreview binary.`);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('sqlreview.path')) {
        await client?.stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
