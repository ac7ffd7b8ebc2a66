package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sqlreview/sqlreview/orchestrator"
)

// cmdSchema runs `schema dump`: the live schema as SQL on stdout (psql
// loads it into an empty database; lint.catalog reads it).
func cmdSchema(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) == 0 || args[0] != "dump" {
		return exitError, usagef("schema: use `sqlreview schema dump --database-url URL`")
	}
	var a dbArgs
	fs := newFlagSet("schema dump", stderr)
	if err := parseDB("schema dump", args[1:], &a, fs, 0); err != nil {
		if errors.Is(err, errHelpShown) {
			return helpFor("schema dump", "schema dump [--database-url URL]", fs, stdout)
		}
		return exitError, err
	}
	red := orchestrator.NewRedactor(a.url)
	ctx := context.Background()
	r, err := openRunner(ctx, &a, stdout, stderr)
	if err != nil {
		return dbError(stderr, red, err, exitError)
	}
	defer r.Close()
	text, err := r.DumpSchema(ctx)
	if err != nil {
		return dbError(stderr, red, err, exitError)
	}
	_, err = io.WriteString(stdout, text)
	return exitOK, err
}

// cmdDrift compares the live schema with the snapshot of the last apply;
// exit 1 on drift.
func cmdDrift(args []string, stdout, stderr io.Writer) (int, error) {
	var a dbArgs
	fs := newFlagSet("drift", stderr)
	if err := parseDB("drift", args, &a, fs, 0); err != nil {
		if errors.Is(err, errHelpShown) {
			return helpFor("drift", "drift [--database-url URL] [--format text|json]", fs, stdout)
		}
		return exitError, err
	}
	red := orchestrator.NewRedactor(a.url)
	ctx := context.Background()
	r, err := openRunner(ctx, &a, stdout, stderr)
	if err != nil {
		return dbError(stderr, red, err, exitError)
	}
	defer r.Close()
	removed, added, err := r.Drift(ctx)
	if err != nil {
		return dbError(stderr, red, err, exitFindings)
	}
	drift := len(removed)+len(added) > 0
	code := exitOK
	if drift {
		code = exitFindings
	}
	if a.format == "json" {
		if removed == nil {
			removed = []string{}
		}
		if added == nil {
			added = []string{}
		}
		return code, writeJSON(stdout, map[string]any{"drift": drift, "removed": removed, "added": added})
	}
	if !drift {
		fmt.Fprintf(stdout, "%s: no drift since the last apply\n", r.Target)
		return code, nil
	}
	fmt.Fprintf(stdout, "%s: the schema changed outside sqlreview since the last apply:\n", r.Target)
	for _, l := range removed {
		writeMarked(stdout, "- ", l)
	}
	for _, l := range added {
		writeMarked(stdout, "+ ", l)
	}
	return code, nil
}

// writeMarked writes a statement with mark before its first line and
// indents the others to match, so a multi-line statement reads as one item.
func writeMarked(w io.Writer, mark, stmt string) {
	fmt.Fprintf(w, "%s%s\n", mark, strings.ReplaceAll(stmt, "\n", "\n  "))
}
