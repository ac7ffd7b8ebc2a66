// Package progressbar draws a rollout's progress on a terminal: the
// progress lines scroll above a one-line bar redrawn in place.
package progressbar

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/sqlreview/sqlreview/orchestrator/store"
)

// Bar is an rollout.Progress drawn on a terminal: the progress lines
// written to it scroll above a one-line bar that is redrawn in place. Use
// it only when the output is a terminal.
type Bar struct {
	w     io.Writer
	Width int // bar cells (default 30)

	mu                  sync.Mutex
	env                 string
	total, done, failed int
	started, finished   bool
	partial             []byte
}

// New draws on w.
func New(w io.Writer) *Bar { return &Bar{w: w, Width: 30} }

const clearLine = "\r\x1b[K"

// Start implements rollout.Progress.
func (b *Bar) Start(env string, total, done int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.env, b.total, b.done, b.started = env, total, done, true
	io.WriteString(b.w, b.bar())
}

// Step implements rollout.Progress; the bar is redrawn by the next Write.
func (b *Bar) Step(status string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done++
	if status == store.TargetFailed {
		b.failed++
	}
}

// Finish implements rollout.Progress: the bar is erased, leaving the lines.
func (b *Bar) Finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.finished = true
	out := ""
	if b.started {
		out = clearLine
	}
	if len(b.partial) > 0 {
		out += string(b.partial) + "\n"
		b.partial = nil
	}
	io.WriteString(b.w, out)
}

// Write prints whole lines above the bar and redraws it; a partial line
// waits for its end.
func (b *Bar) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.partial = append(b.partial, p...)
	i := strings.LastIndexByte(string(b.partial), '\n')
	if i < 0 {
		return len(p), nil
	}
	lines := string(b.partial[:i+1])
	b.partial = append([]byte(nil), b.partial[i+1:]...)
	out := lines
	if b.started && !b.finished {
		out = clearLine + lines + b.bar()
	}
	if _, err := io.WriteString(b.w, out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// bar renders the bar line (no newline).
func (b *Bar) bar() string {
	w := b.Width
	if w <= 0 {
		w = 30
	}
	filled := w
	if b.total > 0 {
		filled = w * min(b.done, b.total) / b.total
	}
	s := fmt.Sprintf("%s [%s%s] %d/%d", b.env, strings.Repeat("#", filled), strings.Repeat("-", w-filled), b.done, b.total)
	if b.failed > 0 {
		s += fmt.Sprintf(", %d failed", b.failed)
	}
	return s
}
