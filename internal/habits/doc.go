// Package habits holds no code: its test makes `go test ./...` (and so CI,
// which runs exactly that) fail on the habits every change keeps: gofmt,
// go vet, a tidy go.mod and the pinned staticcheck (a tool of go.mod).
package habits
