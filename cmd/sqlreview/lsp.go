package main

import (
	"context"
	"io"

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
	return lsp.Serve(context.Background(), stdio{stdin, stdout}, lsp.Options{Log: stderr}), nil
}
