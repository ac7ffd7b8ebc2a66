package source

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseDirective(t *testing.T) {
	cases := map[string]string{
		"-- sqlreview:ignore ban-drop-column, require-lock-timeout -- the app stopped reading it": `ignore [ban-drop-column@20-35 require-lock-timeout@37-57] reason="the app stopped reading it"`,
		"/* sqlreview:ignore-file prefer-bigint-over-int -- frozen */":                            `ignore-file [prefer-bigint-over-int@25-47] reason="frozen"`,
		"--sqlreview:ignore x":                  `ignore [x@19-20] no reason`,
		"-- sqlreview:txmode none":              `txmode [none@20-24] no reason`,
		"-- sqlreview:lock-timeout 5s trailing": `lock-timeout [5s@26-28] no reason`,
		"-- sqlreview:statement-timeout":        `statement-timeout [] no reason`,
		"-- sqlreview:ignore":                   `ignore [] no reason`,
		"-- sqlreview:ignored x":                "not a directive",
		"-- note: sqlreview:ignore x":           "not a directive",
		"SELECT 1":                              "not a directive",
	}
	for in, want := range cases {
		d, ok := ParseDirective(in)
		got := "not a directive"
		if ok {
			var args []string
			for _, a := range d.Args {
				if in[a.Start:a.End] != a.Text {
					t.Errorf("%q: arg %q at %d-%d reads %q", in, a.Text, a.Start, a.End, in[a.Start:a.End])
				}
				args = append(args, fmt.Sprintf("%s@%d-%d", a.Text, a.Start, a.End))
			}
			reason := "no reason"
			if d.HasReason {
				reason = fmt.Sprintf("reason=%q", d.Reason)
			}
			got = fmt.Sprintf("%s [%s] %s", d.Name, strings.Join(args, " "), reason)
		}
		if got != want {
			t.Errorf("%q:\n got %s\nwant %s", in, got, want)
		}
	}
}
