package progressbar

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/sqlreview/sqlreview/orchestrator/store"
)

// fakeTerm is a minimal terminal: it keeps the screen's lines and honors
// \r, \n and ESC[K (erase to the end of the line), and fails on any
// other control sequence.
type fakeTerm struct {
	t      *testing.T
	mu     sync.Mutex
	lines  []string // finished lines
	cur    []rune
	col    int
	writes int
}

func (f *fakeTerm) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	rs := []rune(string(p))
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case '\r':
			f.col = 0
		case '\n':
			f.lines = append(f.lines, string(f.cur))
			f.cur, f.col = nil, 0
		case 0x1b:
			if i+2 < len(rs) && rs[i+1] == '[' && rs[i+2] == 'K' {
				f.cur = f.cur[:f.col]
				i += 2
				continue
			}
			f.t.Errorf("unexpected escape sequence in %q", p)
		default:
			if f.col < len(f.cur) {
				f.cur[f.col] = r
			} else {
				f.cur = append(f.cur, r)
			}
			f.col++
		}
	}
	return len(p), nil
}

// screen is the finished lines and the line under the cursor.
func (f *fakeTerm) screen() ([]string, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.lines...), string(f.cur)
}

func TestProgressBarOnFakeTerminal(t *testing.T) {
	term := &fakeTerm{t: t}
	b := New(term)
	b.Width = 10
	b.Start("prod", 5, 1)
	if lines, cur := term.screen(); len(lines) != 0 || cur != "prod [##--------] 1/5" {
		t.Fatalf("after Start: %q %q", lines, cur)
	}
	b.Step(store.TargetSucceeded)
	fmt.Fprintf(b, "prod/a: succeeded (3 applied, 10ms)\n")
	if lines, cur := term.screen(); len(lines) != 1 || lines[0] != "prod/a: succeeded (3 applied, 10ms)" || cur != "prod [####------] 2/5" {
		t.Fatalf("after a line: %q %q", lines, cur)
	}
	// A line in pieces is printed once whole, the bar staying below.
	b.Step(store.TargetFailed)
	fmt.Fprint(b, "prod/b: failed")
	fmt.Fprint(b, " (0 applied, 5ms): boom\nprod/c: ")
	if lines, cur := term.screen(); len(lines) != 2 || lines[1] != "prod/b: failed (0 applied, 5ms): boom" || cur != "prod [######----] 3/5, 1 failed" {
		t.Fatalf("after a split line: %q %q", lines, cur)
	}
	// Concurrent workers: every line whole, the bar last.
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.Step(store.TargetSucceeded)
			fmt.Fprintf(b, "prod/w%d: succeeded\n", i)
		}()
	}
	wg.Wait()
	lines, cur := term.screen()
	if cur != "prod [##########] 5/5, 1 failed" || len(lines) != 4 || lines[2] != "prod/c: prod/w0: succeeded" && lines[2] != "prod/c: prod/w1: succeeded" {
		t.Fatalf("after the workers: %q %q", lines, cur)
	}
	// Finish erases the bar and leaves only the lines.
	b.Finish()
	b.Finish()
	lines, cur = term.screen()
	if cur != "" || len(lines) != 4 {
		t.Fatalf("after Finish: %q %q", lines, cur)
	}
	for _, l := range lines {
		if strings.Contains(l, "[#") {
			t.Errorf("bar left on screen: %q", l)
		}
	}
	// After Finish, lines pass through without a bar.
	fmt.Fprintln(b, "prod: done")
	if lines, cur := term.screen(); lines[len(lines)-1] != "prod: done" || cur != "" {
		t.Fatalf("after Finish, a line: %q %q", lines, cur)
	}
}
