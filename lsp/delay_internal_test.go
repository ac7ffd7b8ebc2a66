package lsp

import (
	"testing"
	"time"
)

// TestLintDelayByCost: with no debounce configured, a document whose check
// costs less than a keystroke interval is checked at once and a costlier one
// waits the default debounce; a configured debounce applies as is.
func TestLintDelayByCost(t *testing.T) {
	adaptive := NewServer(Options{})
	fixed := NewServer(Options{Debounce: 300 * time.Millisecond})
	for _, tc := range []struct {
		s    *Server
		cost time.Duration
		want time.Duration
	}{
		{adaptive, 0, 0},
		{adaptive, 2 * time.Millisecond, 0},
		{adaptive, keystrokeInterval, 0},
		{adaptive, keystrokeInterval + time.Millisecond, DefaultDebounce},
		{adaptive, time.Second, DefaultDebounce},
		{fixed, 2 * time.Millisecond, 300 * time.Millisecond},
		{fixed, time.Second, 300 * time.Millisecond},
	} {
		if got := tc.s.lintDelayLocked(&document{cost: tc.cost}); got != tc.want {
			t.Errorf("adaptive=%v cost %v: delay %v, want %v", tc.s.adaptive, tc.cost, got, tc.want)
		}
	}
}
