package decodegen

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedFileIsCurrent: rules/source/decode_gen.go is what the
// generator writes for the pg_query_go version in go.mod.
func TestGeneratedFileIsCurrent(t *testing.T) {
	want, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../decode_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("rules/source/decode_gen.go is stale: run `go generate ./rules/source`")
	}
}
