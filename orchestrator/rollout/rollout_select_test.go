package rollout

import (
	"reflect"
	"testing"

	"github.com/sqlreview/sqlreview/orchestrator/notify"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
)

func TestSelectTargets(t *testing.T) {
	ts := func(names ...string) []targets.Target {
		var out []targets.Target
		for i, n := range names {
			out = append(out, targets.Target{Name: n, Ord: i})
		}
		return out
	}
	all := ts("a", "b", "c", "d", "e")
	// Shard membership is the FNV hash of the name: with 2 shards,
	// a, c and e are in shard 1 and b, d in shard 2.
	var shard1, shard2 []string
	for _, tg := range all {
		if targets.InShard(tg.Name, 1, 2) {
			shard1 = append(shard1, tg.Name)
		} else {
			shard2 = append(shard2, tg.Name)
		}
	}
	if !reflect.DeepEqual(shard1, []string{"a", "c", "e"}) || !reflect.DeepEqual(shard2, []string{"b", "d"}) {
		t.Fatalf("shards of 2 = %v / %v, want [a c e] / [b d]", shard1, shard2)
	}
	cases := []struct {
		name                 string
		stage                []targets.Target
		canary, shard, of    int
		mine, canaries       []string
		canaryMine, restMine []string
	}{
		{"all, no canary", all, 0, 0, 0, []string{"a", "b", "c", "d", "e"}, nil, nil, []string{"a", "b", "c", "d", "e"}},
		{"one shard is all", all, 0, 1, 1, []string{"a", "b", "c", "d", "e"}, nil, nil, []string{"a", "b", "c", "d", "e"}},
		{"two canaries", all, 2, 0, 0, []string{"a", "b", "c", "d", "e"}, []string{"a", "b"}, []string{"a", "b"}, []string{"c", "d", "e"}},
		{"canaries beyond the stage are capped", all, 9, 0, 0, []string{"a", "b", "c", "d", "e"}, []string{"a", "b", "c", "d", "e"}, []string{"a", "b", "c", "d", "e"}, nil},
		{"negative canary is none", all, -1, 0, 0, []string{"a", "b", "c", "d", "e"}, nil, nil, []string{"a", "b", "c", "d", "e"}},
		{"shard 1 of 2", all, 2, 1, 2, []string{"a", "c", "e"}, []string{"a", "b"}, []string{"a"}, []string{"c", "e"}},
		{"shard 2 of 2 waits for the other shard's canary", all, 2, 2, 2, []string{"b", "d"}, []string{"a", "b"}, []string{"b"}, []string{"d"}},
		{"shard 2 of 2 with a canary in shard 1 only", all, 1, 2, 2, []string{"b", "d"}, []string{"a"}, nil, []string{"b", "d"}},
		{"no targets", nil, 3, 1, 2, nil, nil, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := selectTargets(c.stage, c.canary, c.shard, c.of)
			names := func(ts []targets.Target) []string {
				var out []string
				for _, t := range ts {
					out = append(out, t.Name)
				}
				return out
			}
			got := [][]string{names(s.mine), names(s.canaries), s.canaryMine, s.restMine}
			want := [][]string{c.mine, c.canaries, c.canaryMine, c.restMine}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("selectTargets = mine %v, canaries %v, canaryMine %v, restMine %v; want %v", got[0], got[1], got[2], got[3], want)
			}
		})
	}
}

func TestWithDefaultsKeepsCallerOptions(t *testing.T) {
	n := &notify.Notifier{Red: redact.New("postgres://u:callersecret@h/db")}
	o := Options{Notify: n}
	d := o.withDefaults()
	if o.Out != nil || o.Owner != "" || o.Lease != 0 {
		t.Fatalf("withDefaults changed the caller's options: %+v", o)
	}
	if d.Out == nil || d.Warn == nil || d.Getenv == nil || d.Owner == "" || d.Lease != 30e9 {
		t.Fatalf("defaults not filled: out %v warn %v owner %q lease %v", d.Out, d.Warn, d.Owner, d.Lease)
	}
	red := redact.New("postgres://u:targetsecret@h/db")
	rn := d.rolloutNotifier(red)
	if rn == n || n.Red.Redact("targetsecret") != "targetsecret" {
		t.Fatalf("the caller's notifier was changed")
	}
	if got := rn.Red.Redact("callersecret targetsecret"); got == "callersecret targetsecret" || rn.Red != red {
		t.Fatalf("rollout notifier redacts %q", got)
	}
}

func TestStageStatus(t *testing.T) {
	cases := []struct {
		counts   map[string]int
		targets  int
		awaiting bool
		want     string
	}{
		{map[string]int{"succeeded": 2, "skipped": 1}, 3, false, "succeeded"},
		{map[string]int{"succeeded": 2, "failed": 1}, 3, false, "failed"},
		{map[string]int{"succeeded": 1, "pending": 2}, 3, false, "running"},
		{map[string]int{"running": 1, "pending": 2}, 3, true, "running"},
		{map[string]int{"pending": 3}, 3, true, "awaiting approval"},
		{map[string]int{"pending": 3}, 3, false, "pending"},
		{map[string]int{}, 0, false, "pending"},
	}
	for _, c := range cases {
		if got := stageStatus(c.counts, c.targets, c.awaiting); got != c.want {
			t.Errorf("stageStatus(%v, %d, %v) = %q, want %q", c.counts, c.targets, c.awaiting, got, c.want)
		}
	}
}
