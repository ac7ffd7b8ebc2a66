//go:build !linux || !cgo

package main

// oneMallocArena: see malloc_glibc.go; other C libraries need nothing.
func oneMallocArena() {}
