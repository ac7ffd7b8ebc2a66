package main

import (
	"context"
	"io"
	"os"
	"runtime/debug"

	"github.com/sqlreview/sqlreview/lsp"
)

// stdio joins standard input and output into the stream the server speaks.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }

// cmdLSP runs the language server on standard input and output; the log goes
// to standard error, which editors show in their server log.
func cmdLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("lsp", nil)
	// Editors pass --stdio by convention (vscode-languageclient does).
	fs.Bool("stdio", true, "speak LSP on standard input/output (the only transport)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitError, err
	}
	if len(pos) > 0 {
		return exitError, usagef("lsp takes no arguments; editors start it as `sqlreview lsp`")
	}
	collectLessOften()
	return lsp.Serve(context.Background(), stdio{stdin, stdout}, lsp.Options{Log: stderr}), nil
}

// lspGCPercent is the language server's GOGC. The server keeps the parse
// trees of open documents, its statement cache and the catalogs live, and
// each check of a large file allocates several times that again: at the
// default 100 the collector marked that live heap several times per check,
// a third of the CPU a 5,000-statement file's check took. A heap that may
// grow by 300% between collections costs memory an editor can spare for the
// latency it buys (BenchmarkDidChange reports both).
const lspGCPercent = 300

// collectLessOften applies lspGCPercent unless GOGC says otherwise.
func collectLessOften() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(lspGCPercent)
	}
}
