package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/sqlreview/sqlreview/orchestrator"
)

// cmdBaseline adopts an existing database: versions up to --version count
// as applied.
func cmdBaseline(args []string, stdout, stderr io.Writer) (int, error) {
	return versionCommand("baseline", args, stdout, stderr, func(ctx context.Context, r *orchestrator.Runner, v string) error {
		if err := r.Baseline(ctx, v); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: baselined at version %s; migrations up to it count as applied\n", r.Target, v)
		return nil
	})
}

// cmdRepair accepts the current content of an applied file whose checksum
// changed; the event log records both checksums.
func cmdRepair(args []string, stdout, stderr io.Writer) (int, error) {
	return versionCommand("repair", args, stdout, stderr, func(ctx context.Context, r *orchestrator.Runner, v string) error {
		oldSum, newSum, err := r.Repair(ctx, v)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: version %s now expects checksum %s (was %s)\n", r.Target, v, newSum, oldSum)
		return nil
	})
}

func versionCommand(name string, args []string, stdout, stderr io.Writer, fn func(context.Context, *orchestrator.Runner, string) error) (int, error) {
	var a dbArgs
	fs := newFlagSet(name, stderr)
	ver := fs.String("version", "", "the migration version")
	if err := parseDB(name, args, &a, fs, 1); err != nil {
		if errors.Is(err, errHelpShown) {
			return helpFor(name, name+" [--database-url URL] [DIR] --version V", fs, stdout)
		}
		return exitError, err
	}
	if *ver == "" {
		return exitError, usagef("%s: --version is required, e.g. --version 20250115090000", name)
	}
	red := orchestrator.NewRedactor(a.url)
	ctx := context.Background()
	r, err := openRunner(ctx, &a, stdout, stderr)
	if err != nil {
		return dbError(stderr, red, err, exitError)
	}
	defer r.Close()
	return dbError(stderr, red, fn(ctx, r, *ver), exitFindings)
}
