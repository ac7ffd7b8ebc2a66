package config

import (
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestPeopleExpandsGroupsOnce(t *testing.T) {
	c := &Config{Groups: map[string][]string{"dba": {"alice", "bob"}, "owners": {"carol", "alice"}}}
	got, err := c.People([]string{"group:owners", "dave", "group:dba", "alice"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"carol", "alice", "dave", "bob"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("People = %q, want %q", got, want)
	}
	_, err = c.People([]string{"group:dbas"})
	if err == nil || !strings.Contains(err.Error(), `"group:dbas" names no group`) {
		t.Fatalf("unknown group: err = %v", err)
	}
}

func TestGroupsValidation(t *testing.T) {
	validate := func(yaml string) error {
		c, err := Parse(".sqlreview.yaml", []byte(yaml))
		if err != nil {
			return err
		}
		return c.Validate(nil, nil)
	}
	err := validate("groups:\n  dba: []\n")
	if err == nil || !strings.Contains(err.Error(), "groups.dba: the group has no members") {
		t.Fatalf("empty group: err = %v", err)
	}
	err = validate("groups:\n  dba: [alice, 'group:owners']\n")
	if err == nil || !strings.Contains(err.Error(), "groups cannot contain groups") {
		t.Fatalf("nested group: err = %v", err)
	}
}

func TestApprovalRoundTripsThroughYAML(t *testing.T) {
	for _, src := range []string{
		"environments:\n  - name: prod\n    approval: required\n",
		"environments:\n  - name: prod\n    approval:\n      high: [{from: [alice], count: 1}]\n",
	} {
		c, err := Parse(".sqlreview.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		out, err := yaml.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(".sqlreview.yaml", out)
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if !reflect.DeepEqual(back.Environments[0].Approval, c.Environments[0].Approval) || !back.Environments[0].Approval.Gated() {
			t.Errorf("%q written back as\n%s\nreads %+v, want %+v", src, out, back.Environments[0].Approval, c.Environments[0].Approval)
		}
	}
}
