// Tests the compiled serverPath module with node's test runner:
//   npm test   (tsc, then node --test test/)
// dist/release's TestExtensionModules compiles to a temporary directory and
// points SQLREVIEW_EXTENSION_OUT at it.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const out = process.env.SQLREVIEW_EXTENSION_OUT || path.join(__dirname, '..', 'out');
const { resolveServer, bundledServerPath, searchPath, serverArgs } = require(path.join(out, 'serverPath.js'));

const files = (...present) => (p) => present.includes(p);

test('the setting wins over the bundled binary and PATH', () => {
  const got = resolveServer({
    configuredPath: ' /opt/sqlreview/bin/sqlreview ',
    extensionPath: '/ext',
    platform: 'linux',
    envPath: '/usr/bin',
    isFile: files('/ext/server/sqlreview', '/usr/bin/sqlreview'),
  });
  assert.deepEqual(got, { command: '/opt/sqlreview/bin/sqlreview', source: 'setting' });
});

test('an empty setting uses the bundled binary first', () => {
  const got = resolveServer({
    configuredPath: '',
    extensionPath: '/ext',
    platform: 'linux',
    envPath: '/usr/bin',
    isFile: files('/ext/server/sqlreview', '/usr/bin/sqlreview'),
  });
  assert.deepEqual(got, { command: '/ext/server/sqlreview', source: 'bundled' });
});

test('without a bundled binary, sqlreview on PATH (first directory that has it)', () => {
  const got = resolveServer({
    configuredPath: undefined,
    extensionPath: '/ext',
    platform: 'linux',
    envPath: '/home/u/bin::/usr/local/bin:/usr/bin',
    isFile: files('/usr/local/bin/sqlreview', '/usr/bin/sqlreview'),
  });
  assert.deepEqual(got, { command: '/usr/local/bin/sqlreview', source: 'PATH' });
});

test('Windows: bundled sqlreview.exe, PATH with PATHEXT and ; separators', () => {
  assert.equal(bundledServerPath('C:\\ext', 'win32'), 'C:\\ext\\server\\sqlreview.exe');
  const got = resolveServer({
    configuredPath: '',
    extensionPath: 'C:\\ext',
    platform: 'win32',
    envPath: 'C:\\Windows;C:\\tools',
    envPathExt: '.COM;.EXE',
    isFile: files('C:\\tools\\sqlreview.exe'),
  });
  assert.deepEqual(got, { command: 'C:\\tools\\sqlreview.exe', source: 'PATH' });
});

test('nothing found: one message saying what to do', () => {
  const got = resolveServer({ configuredPath: '', extensionPath: '/ext', platform: 'linux', envPath: '/usr/bin', isFile: files() });
  assert.equal(
    got.error,
    'sqlreview: this extension package has no bundled server for this platform and `sqlreview` is not on PATH. ' +
      'Install sqlreview (see https://github.com/sqlreview/sqlreview#install) or set "sqlreview.path" to the binary.',
  );
});

test('searchPath ignores an unset PATH', () => {
  assert.equal(searchPath('sqlreview', { platform: 'linux', envPath: undefined, isFile: () => true }), undefined);
});

test('server arguments: lsp, then the extra ones (empty strings dropped)', () => {
  assert.deepEqual(serverArgs(undefined), ['lsp']);
  assert.deepEqual(serverArgs(['--log-level', '', 'debug']), ['lsp', '--log-level', 'debug']);
});
