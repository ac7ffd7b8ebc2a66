// Which `sqlreview` binary the extension starts. Pure (no VS Code API, file
// system access is passed in) so it is tested with plain node
// (test/serverPath.test.js).
import * as path from 'path';

// ExtensionServerDir is where a platform-specific .vsix keeps the binary
// (dist/release writes it there).
export const extensionServerDir = 'server';

export type ServerSource = 'setting' | 'bundled' | 'PATH';

export interface ResolvedServer {
  command: string;
  source: ServerSource;
}

export interface ServerLookup {
  configuredPath: string | undefined; // the sqlreview.path setting; empty means "find it"
  extensionPath: string;
  platform: NodeJS.Platform;
  envPath: string | undefined; // $PATH
  envPathExt?: string; // %PATHEXT% on Windows
  isFile(p: string): boolean;
}

export function executableName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'sqlreview.exe' : 'sqlreview';
}

// bundledServerPath is the binary a platform-specific .vsix ships.
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform): string {
  return joinFor(platform, extensionPath, extensionServerDir, executableName(platform));
}

// resolveServer picks, in order: the sqlreview.path setting, the binary
// bundled in this package, `sqlreview` on PATH. It returns an error message
// naming what to do when there is none.
export function resolveServer(l: ServerLookup): ResolvedServer | { error: string } {
  const configured = (l.configuredPath ?? '').trim();
  if (configured !== '') {
    return { command: configured, source: 'setting' };
  }
  const bundled = bundledServerPath(l.extensionPath, l.platform);
  if (l.isFile(bundled)) {
    return { command: bundled, source: 'bundled' };
  }
  const onPath = searchPath('sqlreview', l);
  if (onPath) {
    return { command: onPath, source: 'PATH' };
  }
  return {
    error:
      'sqlreview: this extension package has no bundled server for this platform and `sqlreview` is not on PATH. ' +
      'Install sqlreview (see https://github.com/sqlreview/sqlreview#install) or set "sqlreview.path" to the binary.',
  };
}

// searchPath finds name in the PATH directories, as a shell would (with
// PATHEXT's extensions on Windows).
export function searchPath(name: string, l: Pick<ServerLookup, 'platform' | 'envPath' | 'envPathExt' | 'isFile'>): string | undefined {
  const win = l.platform === 'win32';
  const dirs = (l.envPath ?? '').split(win ? ';' : ':').filter((d) => d !== '');
  const exts = win ? (l.envPathExt || '.EXE;.CMD;.BAT;.COM').split(';').filter((e) => e !== '') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = joinFor(l.platform, dir, name + ext.toLowerCase());
      if (l.isFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

// serverArgs are the arguments after the binary: the lsp command, then the
// user's extra arguments (the sqlreview.args setting).
export function serverArgs(extra: readonly string[] | undefined): string[] {
  return ['lsp', ...(extra ?? []).filter((a) => typeof a === 'string' && a !== '')];
}

function joinFor(platform: NodeJS.Platform, ...parts: string[]): string {
  return platform === 'win32' ? path.win32.join(...parts) : path.posix.join(...parts);
}
