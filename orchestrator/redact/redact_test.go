package redact

import (
	"fmt"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	url := "postgres://alice:s3cr%3Ft-pw@db.example:6543/app?sslmode=disable"
	r := New(url)
	msg := r.Redact("failed: " + url + " password s3cr?t-pw and postgres://bob:other@h/x and password=hunter22")
	for _, secret := range []string{"s3cr", "other", "hunter22"} {
		if strings.Contains(msg, secret) {
			t.Errorf("%q survives: %s", secret, msg)
		}
	}
	if !strings.Contains(msg, "alice@db.example:6543/app") {
		t.Errorf("target not shown: %s", msg)
	}
	if got := URL(url); got != "alice@db.example:6543/app" {
		t.Errorf("RedactURL = %q", got)
	}
}

// The redactor of a rollout holds every target's URL; each is replaced by
// its safe form and each password masked, longest first, whatever the
// order of Add.
func TestRedactorManyTargets(t *testing.T) {
	red := New("")
	for i := 0; i < 200; i++ {
		red.Add(fmt.Sprintf("postgres://app:pw%03dsecret@db%d.internal:5432/tenant%03d?sslmode=require", i, i%7, i))
		red.Add(fmt.Sprintf("pw%03dsecret", i))
	}
	msg := "connect to postgres://app:pw150secret@db3.internal:5432/tenant150?sslmode=require failed; pw007secret leaked"
	got := red.Redact(msg)
	if strings.Contains(got, "secret") || strings.Contains(got, "sslmode") {
		t.Fatalf("not redacted: %q", got)
	}
	if !strings.Contains(got, "app@db3.internal:5432/tenant150") || !strings.Contains(got, "********") {
		t.Fatalf("want the safe target and a mask: %q", got)
	}
}
