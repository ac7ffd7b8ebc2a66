package release

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// ExtensionServerDir is where a platform-specific .vsix keeps the server,
// relative to the extension's root; editors/vscode/src/serverPath.ts looks
// for the bundled binary there.
const ExtensionServerDir = "server"

func (o Options) extensionDir() string { return filepath.Join(o.RepoRoot, "editors", "vscode") }

func (o Options) extensionTool(name string) (string, error) {
	p := filepath.Join(o.extensionDir(), "node_modules", ".bin", name)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("packaging the VS Code extension needs its npm packages: run `npm ci` in editors/vscode (%s is missing)", p)
	}
	return p, nil
}

// packageVSCode writes sqlreview-vscode-<version>-<platform>.vsix with t's
// binary inside. The extension is staged in OutDir/build/vscode-<platform>
// (compiled JavaScript, the production npm packages, the release version in
// package.json, the server binary), so the source tree is never written to.
func (o Options) packageVSCode(ctx context.Context, t Target, bin string, notices []byte) (string, error) {
	vsce, err := o.extensionTool("vsce")
	if err != nil {
		return "", err
	}
	stage := filepath.Join(o.OutDir, "build", "vscode-"+t.NodePlatform())
	if err := os.RemoveAll(stage); err != nil {
		return "", err
	}
	if err := o.stageExtension(ctx, stage); err != nil {
		return "", err
	}
	if err := copyFile(bin, filepath.Join(stage, ExtensionServerDir, t.Exe()), 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(stage, "THIRD_PARTY_NOTICES"), notices, 0o644); err != nil {
		return "", err
	}
	dst := filepath.Join(o.OutDir, VSIXName(o.Version, t))
	cmd := exec.CommandContext(ctx, vsce, "package", "--target", t.NodePlatform(), "-o", dst)
	cmd.Dir = stage
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("vsce package --target %s: %v\n%s", t.NodePlatform(), err, out)
	}
	return dst, nil
}

// stageExtension fills stage with what the .vsix holds besides the server.
func (o Options) stageExtension(ctx context.Context, stage string) error {
	src := o.extensionDir()
	tsc, err := o.extensionTool("tsc")
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, tsc, "-p", src, "--outDir", filepath.Join(stage, "out"))
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("compiling editors/vscode: %v\n%s", err, out)
	}
	manifest, err := os.ReadFile(filepath.Join(src, "package.json"))
	if err != nil {
		return err
	}
	manifest, err = withManifestVersion(manifest, FileVersion(o.Version))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(stage, "package.json"), manifest, 0o644); err != nil {
		return err
	}
	for _, f := range []struct{ from, to string }{
		{filepath.Join(src, "README.md"), "README.md"},
		{filepath.Join(src, ".vscodeignore"), ".vscodeignore"},
		{filepath.Join(o.RepoRoot, "LICENSE"), "LICENSE"},
	} {
		if err := copyFile(f.from, filepath.Join(stage, f.to), 0o644); err != nil {
			return err
		}
	}
	return copyProductionModules(ctx, src, stage)
}

var manifestVersion = regexp.MustCompile(`(?m)^(  "version": )"[^"]*"`)

// withManifestVersion sets package.json's top-level "version" (the
// two-space-indented key), keeping the rest of the file byte for byte.
func withManifestVersion(manifest []byte, version string) ([]byte, error) {
	if !manifestVersion.Match(manifest) {
		return nil, fmt.Errorf(`editors/vscode/package.json: no top-level "version" line to set`)
	}
	return manifestVersion.ReplaceAll(manifest, []byte(`${1}"`+version+`"`)), nil
}

// copyProductionModules copies the packages `npm ls --omit=dev` lists (the
// language client and what it needs) into stage/node_modules.
func copyProductionModules(ctx context.Context, src, stage string) error {
	cmd := exec.CommandContext(ctx, "npm", "ls", "--omit=dev", "--all", "--parseable")
	cmd.Dir = src
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("npm ls --omit=dev in editors/vscode (run npm ci there): %v", err)
	}
	root, err := filepath.EvalSymlinks(src)
	if err != nil {
		return err
	}
	for _, dir := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		rel, err := filepath.Rel(root, dir)
		if err != nil || rel == "." || !strings.HasPrefix(rel, "node_modules"+string(filepath.Separator)) {
			continue
		}
		if err := copyTree(dir, filepath.Join(stage, rel)); err != nil {
			return err
		}
	}
	return nil
}

// copyTree copies the regular files below from (not nested node_modules,
// which npm ls lists as packages of their own).
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() && d.Name() == "node_modules" && p != from {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return copyFile(p, filepath.Join(to, rel), info.Mode().Perm())
	})
}

func copyFile(from, to string, mode os.FileMode) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(to, data, mode); err != nil {
		return err
	}
	return os.Chmod(to, mode) // WriteFile's mode is masked by the umask
}
