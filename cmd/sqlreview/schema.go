package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/orchestrator"
)

// cmdSchema runs `schema dump`: the live schema as SQL on stdout (psql
// loads it into an empty database; lint.catalog reads it).
func cmdSchema(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) == 0 || args[0] != "dump" {
		return exitError, usagef("schema: use `sqlreview schema dump --database-url URL` or `sqlreview schema dump --env E [--target T]`")
	}
	var a dbArgs
	fs := newFlagSet("schema dump", stderr)
	if err := parseDB("schema dump", args[1:], &a, fs, 0); err != nil {
		if errors.Is(err, errHelpShown) {
			return helpFor("schema dump", "schema dump (--database-url URL | --env E [--target T]) [--format text|json]", fs, stdout)
		}
		return exitError, err
	}
	return runTargets(context.Background(), "schema dump", &a, stdout, stderr, func(ctx context.Context, r *orchestrator.Runner, out io.Writer) (any, int, error) {
		text, err := r.DumpSchema(ctx)
		if err != nil {
			return nil, exitError, err
		}
		if a.format == "json" {
			return map[string]string{"target": r.Target, "schema": text}, exitOK, nil
		}
		_, err = io.WriteString(out, text)
		return nil, exitOK, err
	})
}

// cmdDrift compares the live schema with the snapshot of the last apply;
// exit 1 on drift.
func cmdDrift(args []string, stdout, stderr io.Writer) (int, error) {
	var a dbArgs
	fs := newFlagSet("drift", stderr)
	if err := parseDB("drift", args, &a, fs, 0); err != nil {
		if errors.Is(err, errHelpShown) {
			return helpFor("drift", "drift (--database-url URL | --env E [--target T]) [--format text|json]", fs, stdout)
		}
		return exitError, err
	}
	return runTargets(context.Background(), "drift", &a, stdout, stderr, func(ctx context.Context, r *orchestrator.Runner, out io.Writer) (any, int, error) {
		return driftTarget(ctx, r, a.format, out)
	})
}

// driftTarget compares one database with the snapshot of its last apply.
func driftTarget(ctx context.Context, r *orchestrator.Runner, format string, stdout io.Writer) (any, int, error) {
	removed, added, err := r.Drift(ctx)
	if err != nil {
		return nil, exitFindings, err
	}
	drift := len(removed)+len(added) > 0
	code := exitOK
	if drift {
		code = exitFindings
	}
	if format == "json" {
		if removed == nil {
			removed = []string{}
		}
		if added == nil {
			added = []string{}
		}
		return map[string]any{"drift": drift, "removed": removed, "added": added}, code, nil
	}
	if !drift {
		fmt.Fprintf(stdout, "%s: no drift since the last apply\n", r.Target)
		return nil, code, nil
	}
	fmt.Fprintf(stdout, "%s: the schema changed outside sqlreview since the last apply:\n", r.Target)
	writeDrift(stdout, removed, added)
	return nil, code, nil
}

// writeDrift prints the statements drift found: "-" as recorded, "+" as
// the database has them now. A statement changed in place (removed and
// added with the same first line, such as a table's CREATE TABLE) prints
// as "~ first line" followed by the lines that changed, so one new column
// reads as one line.
func writeDrift(w io.Writer, removed, added []string) {
	byHead := map[string][]int{}
	for j, a := range added {
		h := statementHead(a)
		byHead[h] = append(byHead[h], j)
	}
	paired := map[int]bool{}
	for _, r := range removed {
		h := statementHead(r)
		js := byHead[h]
		if len(js) == 0 || !strings.Contains(r, "\n") {
			writeMarked(w, "- ", r)
			continue
		}
		j := js[0]
		byHead[h], paired[j] = js[1:], true
		fmt.Fprintf(w, "~ %s\n", report.Escape(h))
		gone, came := changedLines(r, added[j])
		for _, l := range gone {
			fmt.Fprintf(w, "  - %s\n", report.Escape(l))
		}
		for _, l := range came {
			fmt.Fprintf(w, "  + %s\n", report.Escape(l))
		}
	}
	for j, a := range added {
		if !paired[j] {
			writeMarked(w, "+ ", a)
		}
	}
}

func statementHead(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// changedLines returns the lines after the first only in a and only in b,
// each trimmed of indentation and of the comma that separates list items
// (a column added at the end adds one to the line before it).
func changedLines(a, b string) (onlyA, onlyB []string) {
	norm := func(s string) []string {
		lines := strings.Split(s, "\n")[1:]
		for i, l := range lines {
			lines[i] = strings.TrimSuffix(strings.TrimSpace(l), ",")
		}
		return lines
	}
	count := map[string]int{}
	for _, l := range norm(a) {
		count[l]++
	}
	for _, l := range norm(b) {
		if count[l] > 0 {
			count[l]--
		} else {
			onlyB = append(onlyB, l)
		}
	}
	for _, l := range norm(a) {
		if count[l] > 0 {
			count[l]--
			onlyA = append(onlyA, l)
		}
	}
	return onlyA, onlyB
}

// writeMarked writes a statement with mark before its first line and
// indents the others to match, so a multi-line statement reads as one item.
func writeMarked(w io.Writer, mark, stmt string) {
	lines := strings.Split(stmt, "\n")
	for i, l := range lines {
		lines[i] = report.Escape(l)
	}
	fmt.Fprintf(w, "%s%s\n", mark, strings.Join(lines, "\n  "))
}
