// Tests the compiled status module (see serverPath.test.js for how to run).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const out = process.env.SQLREVIEW_EXTENSION_OUT || path.join(__dirname, '..', 'out');
const { stateOf, statusView, clientState } = require(path.join(out, 'status.js'));

test('client states map to what the status item shows', () => {
  assert.equal(stateOf(clientState.Starting, false), 'starting');
  assert.equal(stateOf(clientState.Running, false), 'running');
  assert.equal(stateOf(clientState.Stopped, true), 'stopped');
  // Stopped without the extension asking: the server died.
  assert.equal(stateOf(clientState.Stopped, false), 'error');
});

test('the client enum values are vscode-languageclient State values', () => {
  // The client module needs VS Code's runtime to load; read its enum instead.
  const fs = require('fs');
  const src = fs.readFileSync(require.resolve('vscode-languageclient/lib/common/client.js'), 'utf8');
  const State = {};
  for (const m of src.matchAll(/State\[State\["(\w+)"\] = (\d+)\]/g)) State[m[1]] = Number(m[2]);
  assert.deepEqual(clientState, { Stopped: State.Stopped, Running: State.Running, Starting: State.Starting });
});

test('status text and tooltip per state', () => {
  assert.deepEqual(statusView('running'), { text: '$(check) sqlreview', tooltip: 'sqlreview: server running. Click to show the server log.' });
  assert.deepEqual(statusView('starting'), { text: '$(sync~spin) sqlreview', tooltip: 'sqlreview: starting the server. Click to show the server log.' });
  assert.deepEqual(statusView('stopped'), { text: '$(circle-slash) sqlreview', tooltip: 'sqlreview: server stopped. Click to show the server log.' });
  assert.deepEqual(statusView('error', 'exit code 2'), { text: '$(error) sqlreview', tooltip: 'sqlreview: server failed (exit code 2). Click to show the server log.' });
});
