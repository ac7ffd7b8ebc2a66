//go:build linux && cgo

package main

/*
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
static void one_malloc_arena(void) { mallopt(M_ARENA_MAX, 1); }
#else
static void one_malloc_arena(void) {}
#endif
*/
import "C"

// oneMallocArena makes glibc's malloc, which the C parser uses, keep one
// arena instead of one per thread: the parse workers' freed parser memory
// is then reused across threads instead of held once per thread (about
// 10 MB of peak RSS on pg-regress; no measurable CPU, the parser's
// allocations being per call and short).
func oneMallocArena() { C.one_malloc_arena() }
