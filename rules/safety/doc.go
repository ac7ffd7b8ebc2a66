// Package safety holds the peer rules (Squawk, postgres-language-server,
// Atlas) that fit no other category package: statement robustness,
// identifier limits, data-dependent failures and schema qualification.
package safety
