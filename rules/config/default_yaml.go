package config

// DefaultYAML returns the config file written by "sqlreview init": every
// key with its default value and a one-line comment. Parsing it yields
// Default() (a test holds the two together), so the file documents the
// defaults instead of changing them.
func DefaultYAML() string { return defaultYAML }

const defaultYAML = `# sqlreview configuration. Every key is optional; the values shown are the defaults.
# Paths and globs are relative to this file's directory; "**" spans directories.

postgres:
  version: 16                  # target PostgreSQL major version: 9.6, 10 or 11 to 18

files:
  include: ["**/*.sql"]        # files to lint
  exclude: []                  # files never linted, e.g. ["vendor/**"]
  max-size: 64MB               # larger files get one unreadable-file finding instead of being parsed

rules:
  default: recommended         # starting rule set: recommended | all | none | bytebase-basic | bytebase-advanced
  enable: []                   # rules to add, by name, code or alias
  disable: []                  # rules to remove, by name, code or alias
  severity: {}                 # per-rule severity, e.g. {ban-drop-column: warning}; error | warning | info | off
  settings: {}                 # per-rule options, e.g. {rule-name: {option: value}}

exclusions: []                 # rules silenced in some files, e.g. [{paths: ["migrations/legacy/**"], rules: [ban-drop-column]}]

fail-on: error                 # lowest severity that fails the run (exit 1): error | warning | info | never

migrations:
  dir: migrations              # directory of the versioned migration files
  out-of-order: deny           # a new file older than the newest applied one: deny | allow
  drift: refuse                # a target changed outside sqlreview since its last apply: refuse | warn (apply anyway, keep the old snapshot)
  history-schema: sqlreview    # schema in the target database holding the apply history and event log
  runner: ""                   # tool that applies the files, for the findings that depend on transactions: "" = detect from the layout |
                               # sqlreview | psql | prisma | golang-migrate | goose | flyway | rails | django | sqlx | diesel | dbmate | popx
                               # assume-in-transaction: true  (instead of runner: every file runs in one transaction; false: in autocommit)

environments: []               # rollout stages in promotion order, e.g. [{name: prod, approval: required, concurrency: 8, max-failures: 0, canary: 1, targets: [{name: main, url: "${PROD_URL}"}]}]
                               # per stage: approval none | required | flows per risk level, e.g. {high: [{from: [group:owners]}, {from: [group:dba]}], default: [{from: [group:dba]}]};
                               # concurrency (targets at once); max-failures; canary;
                               # targets-from: {command: "./list.sh"} or {file: dbs.json}, a JSON list of {name, url}
                               # rules: {default: bytebase-advanced, enable: [...], severity: {rule: error}} adds to or tightens the review for this stage only
                               # a target's database: routes files named db##version##kind##desc.sql to it (default: its URL's database name)

risk:
  builtin: true                # keep the built-in risk rules (high: drops and rewrites of existing tables, data changes without WHERE;
                               # moderate: DDL that blocks writes to existing tables, data changes, other drops); a rule named like one replaces it
  rules: []                    # more rules, e.g. [{name: prod-data-change, level: high, when: {env: [prod], statement: [update, delete]}}]

state:
  url: ""                      # release state store: "" = embedded SQLite .sqlreview/state.db; postgres://… = shared; ${VAR} expanded

rollout:
  lock-timeout: 3s             # lock_timeout for each migration; lock timeouts are retried
  statement-timeout: "0"       # statement_timeout for each migration; "0" means none
  retries: 5                   # retries after a lock timeout, with backoff
  lease: 30s                   # a claimed target's lease, renewed while it runs; a killed rollout's targets are taken over after it

notify:
  webhooks: []                 # URLs that receive rollout events as JSON POSTs (release created, stage started/finished, approval needed, failure)

output: []                     # extra reports, e.g. [{format: sarif, file: sqlreview.sarif}]

lint:
  catalog: ""                  # schema file that seeds the catalog before earlier migrations are replayed
`
