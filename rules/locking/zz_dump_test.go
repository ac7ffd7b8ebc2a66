package locking_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// TestZZDump prints findings for DUMP_FILE with rule DUMP_RULE (temporary).
func TestZZDump(t *testing.T) {
	path := os.Getenv("DUMP_FILE")
	if path == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(path)
	text := string(data)
	cfg := config.Default()
	cfg.Rules.Default = "none"
	cfg.Rules.Enable = []string{os.Getenv("DUMP_RULE")}
	ov := engine.Overrides{}
	lines := strings.Split(text, "\n")
	setupEnd := -1
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "-- fixture: existing above" {
			setupEnd = i
		}
		if v, ok := strings.CutPrefix(l, "-- fixture: pg-version="); ok {
			ov.PGVersion, _ = strconv.Atoi(v)
		}
	}
	l, err := engine.NewLinter(cfg, ov)
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.New()
	lintText := text
	if setupEnd >= 0 {
		cat.ApplyFile(source.ParseText("setup.sql", strings.Join(lines[:setupEnd], "\n")))
		blank := make([]string, setupEnd)
		lintText = strings.Join(append(blank, lines[setupEnd:]...), "\n")
	}
	f := source.ParseText(path, lintText)
	for _, fd := range l.Lint(f, cat, filepath.Base(path)) {
		fix := ""
		if fd.Fix != nil {
			fix = fmt.Sprintf(" FIX(safe=%v %+v)", fd.Fix.Safe, fd.Fix.Edits)
		}
		fmt.Printf("%d:%d-%d:%d %s: %s%s\n  [%s]\n", fd.Start.Line, fd.Start.Column, fd.End.Line, fd.End.Column, fd.Rule.Name, fd.Message, fix, lintText[fd.StartOffset:fd.EndOffset])
	}
}
