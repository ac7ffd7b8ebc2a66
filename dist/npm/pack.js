#!/usr/bin/env node
// pack.js: builds the npm packages of a release from its archives.
//
//   node dist/npm/pack.js ARCHIVE_DIR OUT_DIR
//
// ARCHIVE_DIR holds the release archives and sqlreview_<version>_checksums.txt
// (the release script's output). For each archive present for a platform of
// platforms.json, the archive is verified against the checksums and its
// binary becomes the package @sqlreview/<platform>; then the sqlreview
// package, whose launcher runs that binary, lists exactly those packages as
// optionalDependencies. `npm pack` writes the tarballs into OUT_DIR; publish
// the platform packages before sqlreview.
"use strict";

const { execFileSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");
const platforms = require("./platforms.json");

const repository = { type: "git", url: "git+https://github.com/sqlreview/sqlreview.git" };

function fail(message) {
  process.stderr.write(`pack.js: ${message}\n`);
  process.exit(1);
}

// releaseVersion is the version of the one checksums file in dir.
function releaseVersion(dir) {
  const found = fs.readdirSync(dir).filter((f) => /^sqlreview_.+_checksums\.txt$/.test(f));
  if (found.length !== 1) {
    fail(`want one sqlreview_<version>_checksums.txt in ${dir}, found ${found.length ? found.join(", ") : "none"}`);
  }
  return found[0].slice("sqlreview_".length, -"_checksums.txt".length);
}

// checksums maps file names to their SHA-256 (sha256sum's format).
function checksums(file) {
  const sums = new Map();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m) sums.set(m[2], m[1]);
  }
  return sums;
}

function sha256(file) {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function extract(archive, into) {
  fs.mkdirSync(into, { recursive: true });
  if (archive.endsWith(".zip")) {
    try {
      execFileSync("unzip", ["-q", archive, "-d", into], { stdio: "inherit" });
    } catch {
      execFileSync("tar", ["-xf", archive, "-C", into], { stdio: "inherit" });
    }
  } else {
    execFileSync("tar", ["-xzf", archive, "-C", into], { stdio: "inherit" });
  }
}

function writeJSON(file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

function npmPack(dir, outDir) {
  const out = execFileSync("npm", ["pack", "--silent", "--pack-destination", outDir], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return out.trim().split("\n").pop();
}

// platformPackage stages @sqlreview/<key> from its verified archive.
function platformPackage(key, platform, version, archiveDir, sums, stage) {
  const ext = platform.goos === "windows" ? "zip" : "tar.gz";
  const stem = `sqlreview_${version}_${platform.goos}_${platform.goarch}`;
  const archive = path.join(archiveDir, `${stem}.${ext}`);
  if (!fs.existsSync(archive)) return null;
  const want = sums.get(path.basename(archive));
  if (!want) fail(`${path.basename(archive)} is not in the checksums file`);
  const got = sha256(archive);
  if (got !== want) fail(`checksum mismatch for ${path.basename(archive)}: its SHA-256 is ${got}, the checksums file says ${want}`);

  const extracted = path.join(stage, "x", key);
  extract(archive, extracted);
  const exe = platform.goos === "windows" ? "sqlreview.exe" : "sqlreview";
  const pkgDir = path.join(stage, key);
  fs.mkdirSync(path.join(pkgDir, "bin"), { recursive: true });
  fs.copyFileSync(path.join(extracted, stem, exe), path.join(pkgDir, "bin", exe));
  fs.chmodSync(path.join(pkgDir, "bin", exe), 0o755);
  for (const doc of ["LICENSE", "THIRD_PARTY_NOTICES"]) {
    fs.copyFileSync(path.join(extracted, stem, doc), path.join(pkgDir, doc));
  }
  fs.writeFileSync(
    path.join(pkgDir, "README.md"),
    `# ${platform.package}\n\nThe sqlreview ${version} binary for ${key}. Install \`sqlreview\`, which runs it.\n`,
  );
  const [npmOS, npmCPU] = key.split("-");
  writeJSON(path.join(pkgDir, "package.json"), {
    name: platform.package,
    version,
    description: `The sqlreview binary for ${key}`,
    homepage: "https://github.com/sqlreview/sqlreview",
    repository,
    license: "SEE LICENSE IN LICENSE",
    os: [npmOS],
    cpu: [npmCPU],
    files: [`bin/${exe}`, "LICENSE", "THIRD_PARTY_NOTICES"],
    preferUnplugged: true,
  });
  return { pkgDir, docs: path.join(extracted, stem) };
}

function main() {
  const [archiveDir, outDir] = process.argv.slice(2);
  if (!archiveDir || !outDir) {
    process.stderr.write("usage: node pack.js ARCHIVE_DIR OUT_DIR\n");
    process.exit(2);
  }
  const version = releaseVersion(archiveDir);
  const sums = checksums(path.join(archiveDir, `sqlreview_${version}_checksums.txt`));
  fs.mkdirSync(outDir, { recursive: true });
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "sqlreview-npm-"));
  try {
    const shipped = {};
    let docs;
    for (const [key, platform] of Object.entries(platforms)) {
      const staged = platformPackage(key, platform, version, archiveDir, sums, stage);
      if (!staged) continue;
      console.log(npmPack(staged.pkgDir, path.resolve(outDir)));
      shipped[platform.package] = version;
      docs = staged.docs;
    }
    if (!docs) fail(`no archive in ${archiveDir} for any of ${Object.keys(platforms).join(", ")}`);

    const main = path.join(stage, "sqlreview");
    fs.cpSync(path.join(__dirname, "sqlreview"), main, { recursive: true });
    fs.chmodSync(path.join(main, "bin", "sqlreview.js"), 0o755);
    for (const doc of ["LICENSE", "README.md"]) {
      fs.copyFileSync(path.join(docs, doc), path.join(main, doc));
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(main, "package.json"), "utf8"));
    manifest.version = version;
    manifest.optionalDependencies = shipped;
    writeJSON(path.join(main, "package.json"), manifest);
    console.log(npmPack(main, path.resolve(outDir)));
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

main();
