//go:build ignore

// Command decodegen writes rules/source/decode_gen.go (see package
// decodegen). It is one file built only when named, `go run
// ./internal/decodegen/main.go` from rules/source (go generate), like
// rules/internal/walkgen.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/sqlreview/sqlreview/rules/source/internal/decodegen"
)

func main() {
	out := flag.String("o", "decode_gen.go", "output file")
	flag.Parse()
	src, err := decodegen.Generate()
	if err == nil {
		err = os.WriteFile(*out, src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "decodegen:", err)
		os.Exit(1)
	}
}
