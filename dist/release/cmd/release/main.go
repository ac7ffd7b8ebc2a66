//go:build ignore

// Command release builds sqlreview's release artifacts into OUTDIR:
//
//	go run ./dist/release/cmd/release/main.go [-no-vscode] VERSION OUTDIR [os/arch ...]
//
// VERSION is the release tag (v0.2.0). Targets default to linux/amd64 and
// linux/arm64 (Debian's gcc-aarch64-linux-gnu cross compiler); windows/amd64
// (mingw-w64) is built when named; on a macOS runner pass darwin/arm64. See package
// dist/release for what is written and why this is a Go program.
//
// It is one file built only when named (go:build ignore), so that
// `go install ./...` (which the pre-commit hook runs) builds sqlreview alone.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/sqlreview/sqlreview/dist/release"
)

func main() {
	noVSCode := flag.Bool("no-vscode", false, "do not package the VS Code extension (it needs npm ci in editors/vscode)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./dist/release/cmd/release/main.go [-no-vscode] VERSION OUTDIR [os/arch ...]\n\nexample: go run ./dist/release/cmd/release/main.go v0.2.0 dist/out linux/amd64 linux/arm64")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() < 2 {
		flag.Usage()
		os.Exit(2)
	}
	opts := release.Options{Version: flag.Arg(0), OutDir: flag.Arg(1), VSCode: !*noVSCode, Log: os.Stderr}
	if flag.NArg() > 2 {
		targets, err := release.ParseTargets(strings.Join(flag.Args()[2:], ","))
		if err != nil {
			fmt.Fprintln(os.Stderr, "release:", err)
			os.Exit(2)
		}
		opts.Targets = targets
	}
	res, err := release.Build(context.Background(), opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
	fmt.Println(res.Checksums)
}
