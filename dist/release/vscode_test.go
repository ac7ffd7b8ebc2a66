package release_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/dist/release"
)

// vsix is tg's packaged extension.
func vsix(t *testing.T, tg release.Target) string {
	t.Helper()
	binary(t, tg)
	need(t, noVSCode, noVSCode == "")
	return artifacts(t).VSIX[tg]
}

// unzipTo extracts a .vsix keeping file modes, as VS Code does on install.
func unzipTo(t *testing.T, name, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if f.FileInfo().IsDir() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, f.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

// TestVSCodeExtension unpacks the linux-x64 package: its manifest targets
// linux-x64 and contributes the restart command and the server settings; the
// binary inside is the amd64 build; and the package's own code picks that
// binary and gets an `initialize` answer from `sqlreview lsp`.
func TestVSCodeExtension(t *testing.T) {
	pkg := vsix(t, release.LinuxAMD64)
	if filepath.Base(pkg) != "sqlreview-vscode-0.0.0-test-linux-x64.vsix" {
		t.Errorf("package name %s", filepath.Base(pkg))
	}
	dir := t.TempDir()
	unzipTo(t, pkg, dir)
	ext := filepath.Join(dir, "extension")

	vsixManifest, _ := os.ReadFile(filepath.Join(dir, "extension.vsixmanifest"))
	if !bytes.Contains(vsixManifest, []byte(`TargetPlatform="linux-x64"`)) {
		t.Errorf("extension.vsixmanifest does not target linux-x64:\n%s", vsixManifest)
	}
	var m struct {
		Version     string
		Main        string
		Contributes struct {
			Commands      []struct{ Command, Title, Category string }
			Configuration struct {
				Properties map[string]struct {
					Type    string
					Default any
				}
			}
		}
	}
	data, _ := os.ReadFile(filepath.Join(ext, "package.json"))
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Version != "0.0.0-test" || m.Main != "./out/extension.js" {
		t.Errorf("manifest version %q main %q", m.Version, m.Main)
	}
	var commands []string
	for _, c := range m.Contributes.Commands {
		commands = append(commands, c.Category+": "+c.Title+" ("+c.Command+")")
	}
	if got := strings.Join(commands, "; "); got != "sqlreview: Restart server (sqlreview.restartServer); sqlreview: Show server log (sqlreview.showLog)" {
		t.Errorf("commands: %s", got)
	}
	props := m.Contributes.Configuration.Properties
	if p := props["sqlreview.path"]; p.Type != "string" || p.Default != "" {
		t.Errorf("sqlreview.path: %+v", p)
	}
	if p := props["sqlreview.args"]; p.Type != "array" {
		t.Errorf("sqlreview.args: %+v", p)
	}

	bundled := filepath.Join(ext, release.ExtensionServerDir, "sqlreview")
	got, _ := os.ReadFile(bundled)
	want, _ := os.ReadFile(artifacts(t).Binaries[release.LinuxAMD64])
	if fi, err := os.Stat(bundled); err != nil || fi.Mode().Perm()&0o111 == 0 || !bytes.Equal(got, want) {
		t.Fatalf("the bundled server is not the amd64 build or not executable: %v", err)
	}
	for _, f := range []string{"LICENSE.txt", "THIRD_PARTY_NOTICES", "out/serverPath.js", "node_modules/vscode-languageclient/package.json"} {
		if _, err := os.Stat(filepath.Join(ext, f)); err != nil {
			t.Errorf("package lacks %s", f)
		}
	}

	node, err := exec.LookPath("node")
	need(t, "node", err == nil)
	ws := t.TempDir()
	exampleWorkspace(t, ws)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	script, _ := filepath.Abs(filepath.Join("testdata", "initialize.js"))
	out, err := exec.CommandContext(ctx, node, script, ext, ws).Output()
	if err != nil {
		t.Fatalf("initialize.js: %v\n%s", err, out)
	}
	var r struct {
		Source, Command, Error string
		ServerInfo             struct{ Name, Version string }
		TextDocumentSync       bool
		ExitCode               int
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if r.Error != "" || r.Source != "bundled" || r.Command != bundled || r.ServerInfo.Name != "sqlreview" ||
		r.ServerInfo.Version != testVersion || !r.TextDocumentSync || r.ExitCode != 0 {
		t.Errorf("initialize through the package: %s", out)
	}
}

// TestVSCodePackagesPerTarget: one package per built target, for that
// target's platform, with that target's binary.
func TestVSCodePackagesPerTarget(t *testing.T) {
	vsix(t, release.LinuxAMD64)
	res := artifacts(t)
	for _, tg := range builtFor {
		pkg := res.VSIX[tg]
		if filepath.Base(pkg) != "sqlreview-vscode-0.0.0-test-"+tg.NodePlatform()+".vsix" {
			t.Errorf("%s: package %s", tg, pkg)
			continue
		}
		zr, err := zip.OpenReader(pkg)
		if err != nil {
			t.Fatal(err)
		}
		var servers []string
		var platform bool
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, "extension/"+release.ExtensionServerDir+"/") {
				servers = append(servers, f.Name)
			}
			if f.Name == "extension.vsixmanifest" {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				platform = bytes.Contains(b, []byte(`TargetPlatform="`+tg.NodePlatform()+`"`))
			}
		}
		zr.Close()
		if want := "extension/server/" + tg.Exe(); len(servers) != 1 || servers[0] != want || !platform {
			t.Errorf("%s: servers %v (want %s), manifest targets %s: %v", pkg, servers, want, tg.NodePlatform(), platform)
		}
	}
}

// TestExtensionModules compiles the extension and runs its node tests of
// the pure modules (binary resolution, status item) against the output.
func TestExtensionModules(t *testing.T) {
	ext := filepath.Join(repoRoot, "editors", "vscode")
	tsc := filepath.Join(ext, "node_modules", ".bin", "tsc")
	_, err := os.Stat(tsc)
	need(t, "editors/vscode npm packages (npm ci in editors/vscode)", err == nil)
	out := t.TempDir()
	if b, err := exec.Command(tsc, "-p", ext, "--outDir", out).CombinedOutput(); err != nil {
		t.Fatalf("tsc: %v\n%s", err, b)
	}
	cmd := exec.Command("node", "--test", "test/")
	cmd.Dir = ext
	cmd.Env = append(os.Environ(), "SQLREVIEW_EXTENSION_OUT="+out)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, b)
	}
	if !bytes.Contains(b, []byte("# fail 0")) || !bytes.Contains(b, []byte("# pass 10")) {
		t.Errorf("node --test:\n%s", b)
	}
}
