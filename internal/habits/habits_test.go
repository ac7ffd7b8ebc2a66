package habits

import (
	"bytes"
	"context"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// repoRoot is the module's root, two levels up from this package.
const repoRoot = "../.."

// TestGofmt: every Go file of the module is formatted as gofmt formats it
// (go/format is gofmt's printer).
func TestGofmt(t *testing.T) {
	var unformatted []string
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			// What the go command ignores too, and npm's downloads.
			if name := d.Name(); path != repoRoot && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "node_modules" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if formatted, err := format.Source(src); err != nil || !bytes.Equal(formatted, src) {
			rel, _ := filepath.Rel(repoRoot, path)
			unformatted = append(unformatted, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(unformatted) > 0 {
		t.Errorf("not gofmt-formatted (run `gofmt -w` on them):\n%s", strings.Join(unformatted, "\n"))
	}
}

// TestGoVet: `go vet ./...` reports nothing.
func TestGoVet(t *testing.T) {
	t.Parallel()
	goCommand(t, "vet", "./...")
}

// TestGoModTidy: go.mod and go.sum are what `go mod tidy` makes them:
// direct dependencies are not marked indirect, nothing is missing or left over.
func TestGoModTidy(t *testing.T) {
	t.Parallel()
	goCommand(t, "mod", "tidy", "-diff")
	data, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if mixed := mixedRequireBlocks(string(data)); len(mixed) > 0 {
		t.Errorf("go.mod: require blocks that mix direct and indirect dependencies (tidy leaves them so; "+
			"keep the direct ones in the first block, the indirect ones in the second):\n%s", strings.Join(mixed, "\n"))
	}
}

// mixedRequireBlocks returns the requirements that sit in a require block
// whose other entries are of the other kind (direct among indirect, or the
// reverse): `go mod tidy` accepts the layout, but a reader takes the block
// for one kind.
func mixedRequireBlocks(gomod string) []string {
	var mixed []string
	var direct, indirect []string
	flush := func() {
		if len(direct) > 0 && len(indirect) > 0 {
			if len(direct) < len(indirect) {
				mixed = append(mixed, direct...)
			} else {
				mixed = append(mixed, indirect...)
			}
		}
		direct, indirect = nil, nil
	}
	inBlock := false
	for _, line := range strings.Split(gomod, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "require (":
			inBlock = true
		case inBlock && line == ")":
			inBlock = false
			flush()
		case inBlock && line != "" && !strings.HasPrefix(line, "//"):
			if strings.HasSuffix(line, "// indirect") {
				indirect = append(indirect, line)
			} else {
				direct = append(direct, line)
			}
		}
	}
	return mixed
}

// TestStaticcheck: the staticcheck pinned in go.mod's tool directive
// reports nothing. A check may be turned off only in a staticcheck.conf,
// with its reason.
func TestStaticcheck(t *testing.T) {
	t.Parallel()
	goCommand(t, "tool", "staticcheck", "./...")
}

// TestMixedRequireBlocks: the go.mod this repository had, with direct
// dependencies listed among the indirect ones, is reported.
func TestMixedRequireBlocks(t *testing.T) {
	old := "module m\n\nrequire (\n\tgithub.com/a/b v1.0.0\n)\n\nrequire (\n" +
		"\tgithub.com/c/d v1.0.0 // indirect\n\tgo.lsp.dev/uri v1.0.1\n\tgolang.org/x/sys v0.50.0 // indirect\n)\n"
	if got := strings.Join(mixedRequireBlocks(old), "|"); got != "go.lsp.dev/uri v1.0.1" {
		t.Errorf("mixed: %q, want the direct go.lsp.dev/uri", got)
	}
	tidy := "require (\n\tgithub.com/a/b v1.0.0\n\tgo.lsp.dev/uri v1.0.1\n)\n\nrequire github.com/c/d v1.0.0 // indirect\n"
	if got := mixedRequireBlocks(tidy); len(got) != 0 {
		t.Errorf("mixed: %q, want none", got)
	}
}

// goCommand runs the go command in the module's root and fails the test
// with its output when it exits non-zero. It is stopped a minute before the
// test binary's deadline, so a slow run fails with its output instead of
// the test binary's panic.
func goCommand(t *testing.T, args ...string) {
	t.Helper()
	ctx := context.Background()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-time.Minute))
		defer cancel()
	}
	start := time.Now()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = repoRoot
	out, err := cmd.CombinedOutput()
	t.Logf("go %s: %s", strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
	if ctx.Err() != nil {
		t.Errorf("go %s did not finish before the test's deadline:\n%s", strings.Join(args, " "), out)
	} else if err != nil {
		t.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
