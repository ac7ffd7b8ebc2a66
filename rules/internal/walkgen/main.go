//go:build ignore

// Command walkgen writes rules/walk_gen.go (see package walkgen). It is one
// file built only when named, `go run ./internal/walkgen/main.go` from
// rules/ (go generate), so that `go install ./...`, which pre-commit runs,
// builds sqlreview alone.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/sqlreview/sqlreview/rules/internal/walkgen"
)

func main() {
	out := flag.String("o", "walk_gen.go", "output file")
	flag.Parse()
	src, err := walkgen.Generate()
	if err == nil {
		err = os.WriteFile(*out, src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "walkgen:", err)
		os.Exit(1)
	}
}
