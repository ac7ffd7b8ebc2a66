#!/usr/bin/env node
// The sqlreview command of the npm package: runs the prebuilt binary of
// the platform package npm installed for this machine (an optional
// dependency whose os and cpu match), with the same arguments, standard
// streams, exit code and signals.
"use strict";

const { spawn } = require("child_process");
const os = require("os");
const path = require("path");
// The platform packages this version ships, as the release's pack script
// listed them: @sqlreview/<process.platform>-<process.arch>.
const { version, optionalDependencies: shipped = {} } = require("../package.json");

// Exit code for a sqlreview that cannot run: sqlreview's own code for
// usage, config or I/O errors.
const CANNOT_RUN = 2;

const otherwise =
  `install it another way: go install github.com/sqlreview/sqlreview/cmd/sqlreview@v${version} (needs Go and a C compiler), ` +
  "or see https://github.com/sqlreview/sqlreview#install";

function fail(message) {
  process.stderr.write(`sqlreview: ${message}\n`);
  process.exit(CANNOT_RUN);
}

// binaryPath is the binary of this platform's package, or exits with one
// line saying what is missing and what to do.
function binaryPath() {
  const key = `${process.platform}-${process.arch}`;
  const pkg = `@sqlreview/${key}`;
  if (!(pkg in shipped)) {
    const prebuilt = Object.keys(shipped).map((p) => p.replace("@sqlreview/", "")).join(", ");
    fail(`no prebuilt binary for ${key}: sqlreview ${version} has no package ${pkg} (prebuilt for ${prebuilt}); ${otherwise}`);
  }
  const exe = process.platform === "win32" ? "sqlreview.exe" : "sqlreview";
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    fail(
      `the package ${pkg} (the binary for ${key}) is not installed: npm skipped the optional dependency; ` +
        `install again with optional dependencies (npm install --include=optional sqlreview), or ${otherwise}`,
    );
  }
  return path.join(dir, "bin", exe);
}

// Signals the launcher passes on; a terminal sends SIGINT to the whole
// process group, but `kill PID` reaches only this process.
const forwarded = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];

function run() {
  const bin = binaryPath();
  // The handlers go in before the spawn: a signal between the fork and
  // them would kill the launcher and leave the binary running.
  let child;
  const forward = (signal) => {
    if (child) {
      child.kill(signal);
    } else {
      process.exit(128 + os.constants.signals[signal]);
    }
  };
  for (const signal of forwarded) {
    process.on(signal, forward);
  }
  child = spawn(bin, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
  child.on("error", (err) => fail(`cannot run ${bin}: ${err.message}`));
  child.on("exit", (code, signal) => {
    if (signal) {
      // Die of the same signal, so the caller sees what the binary saw.
      for (const s of forwarded) {
        process.removeListener(s, forward);
      }
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code);
  });
}

run();
