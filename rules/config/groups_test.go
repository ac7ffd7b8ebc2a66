package config

import (
	"reflect"
	"strings"
	"testing"
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
