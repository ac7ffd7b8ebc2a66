// The server state the status bar item shows. Pure, tested with plain node
// (test/status.test.js).

export type ServerState = 'starting' | 'running' | 'stopped' | 'error';

// The language client's states (vscode-languageclient's State enum values).
export const clientState = { Stopped: 1, Running: 2, Starting: 3 } as const;

// stateOf maps a client state change to what the user sees: a client that
// stops without the extension asking (the server exited or crashed past the
// client's restarts) is an error, not a plain stop.
export function stateOf(newClientState: number, stopRequested: boolean): ServerState {
  switch (newClientState) {
    case clientState.Running:
      return 'running';
    case clientState.Starting:
      return 'starting';
    default:
      return stopRequested ? 'stopped' : 'error';
  }
}

export interface StatusView {
  text: string;
  tooltip: string;
}

// statusView is the status bar item's text (with a codicon) and tooltip;
// clicking it opens the server log.
export function statusView(state: ServerState, detail?: string): StatusView {
  const icon = { starting: '$(sync~spin)', running: '$(check)', stopped: '$(circle-slash)', error: '$(error)' }[state];
  const says = {
    starting: 'sqlreview: starting the server',
    running: 'sqlreview: server running',
    stopped: 'sqlreview: server stopped',
    error: 'sqlreview: server failed',
  }[state];
  const tip = detail ? `${says} (${detail})` : says;
  return { text: `${icon} sqlreview`, tooltip: `${tip}. Click to show the server log.` };
}
