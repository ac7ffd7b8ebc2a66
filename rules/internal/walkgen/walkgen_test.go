package walkgen

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedFileIsCurrent: rules/walk_gen.go is what the generator
// writes for the pg_query_go version in go.mod.
func TestGeneratedFileIsCurrent(t *testing.T) {
	want, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../walk_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("rules/walk_gen.go is stale: run `go generate ./rules`")
	}
}
