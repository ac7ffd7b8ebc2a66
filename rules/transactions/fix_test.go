package transactions_test

import (
	"testing"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
	"github.com/sqlreview/sqlreview/rules/transactions"
)

func TestUncommittedTransactionFix(t *testing.T) {
	r := transactions.BanUncommittedTransaction
	cfg := config.Default()
	cfg.Rules.Default = "none"
	cfg.Rules.Enable = []string{r.Name}
	l, err := engine.NewLinter(cfg, engine.Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, out string }{
		{"BEGIN;\nALTER TABLE t ADD COLUMN c text;\n", "BEGIN;\nALTER TABLE t ADD COLUMN c text;\nCOMMIT;\n"},
		{"BEGIN;\nALTER TABLE t ADD COLUMN c text;", "BEGIN;\nALTER TABLE t ADD COLUMN c text;\nCOMMIT;\n"},
		// Without a semicolon COMMIT would become part of the last statement.
		{"BEGIN;\nSELECT 1 -- done", "BEGIN;\nSELECT 1; -- done\nCOMMIT;\n"},
	} {
		fds := l.Lint(source.ParseText("tx.sql", tc.in), catalog.New(), "tx.sql")
		if len(fds) != 1 || fds[0].Rule != r || fds[0].Fix == nil {
			t.Fatalf("%q: want one %s finding with a fix, got %v", tc.in, r.Name, fds)
		}
		if fds[0].Fix.Safe {
			t.Errorf("%q: the fix commits work that is rolled back today; it must not be marked safe", tc.in)
		}
		got := tc.in
		edits := fds[0].Fix.Edits
		for i := len(edits) - 1; i >= 0; i-- { // edits are in file order
			got = got[:edits[i].Start] + edits[i].NewText + got[edits[i].End:]
		}
		if got != tc.out {
			t.Errorf("fix of %q gives %q, want %q", tc.in, got, tc.out)
		}
		if again := l.Lint(source.ParseText("tx.sql", got), catalog.New(), "tx.sql"); len(again) != 0 {
			t.Errorf("fixed %q still reports: %s", got, again[0].Message)
		}
	}
}
