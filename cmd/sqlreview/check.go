package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/internal/buildinfo"
	"github.com/sqlreview/sqlreview/internal/keep"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// errHelpShown matches the error of a -h/--help on any command line
// (helpRequest): dispatch prints the command's help and exits 0.
var errHelpShown = errors.New("help shown")

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// parseInterspersed parses flags that may follow positional arguments
// (`sqlreview check migrations --format json`).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, helpRequest{fs}
			}
			return nil, flagError(fs, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagError turns the flag package's parse error into a usage error that
// names the flag as the docs write it (--name) and, for an unknown one,
// suggests the nearest flag of the command.
func flagError(fs *flag.FlagSet, err error) error {
	const notDefined = "flag provided but not defined: -"
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, notDefined); ok {
		var known []string
		fs.VisitAll(func(f *flag.Flag) { known = append(known, f.Name) })
		hint := ""
		if s := config.Suggest(name, known); s != "" {
			hint = "; did you mean --" + s + "?"
		}
		return usagef("%s: unknown flag --%s%s", fs.Name(), name, hint)
	}
	return usagef("%s: %s", fs.Name(), strings.Replace(msg, " for flag -", " for flag --", 1))
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// output is one report to write: a format and a file ("" = standard output).
type output struct {
	format, file string
}

// checkArgs is a parsed `sqlreview check` command line.
type checkArgs struct {
	configPath     string
	formats        listFlag
	outFile        string
	failOn         string
	pgVersion      pgVersionFlag
	showSuppressed bool
	category       string
	newFromRev     string
	changedFirst   string
	staged         bool
	baseline       string
	writeBaseline  string
	enable         listFlag
	disable        listFlag
	fix            bool
	unsafeFixes    bool
	databaseURL    string
	env, target    string
	policy         string
	paths          []string
	// impliedPaths: the paths were not given (--new-from-rev and --staged
	// check "."), so finding no SQL there is not a mistake.
	impliedPaths bool
}

// newCheckFlags returns the check flag set and the values it fills.
func newCheckFlags() (*flag.FlagSet, *checkArgs) {
	a := &checkArgs{}
	fs := newFlagSet("check", nil)
	fs.StringVar(&a.configPath, "config", "", "`FILE`: config file (default: nearest .sqlreview.yaml up from each file)")
	fs.Var(&a.formats, "format", "`FORMAT`: output format: "+strings.Join(report.Names(), ", ")+"; FORMAT=FILE writes that format to FILE (repeatable)")
	fs.StringVar(&a.outFile, "output", "", "`FILE`: write the report to this file instead of standard output")
	fs.StringVar(&a.failOn, "fail-on", "", "`LEVEL`: exit 1 on findings at or above: error, warning, info or never (default: config fail-on)")
	fs.Var(&a.pgVersion, "pg-version", "`VERSION`: target PostgreSQL major version: 9.6, 10 or 11-18 (default: config postgres.version)")
	fs.BoolVar(&a.showSuppressed, "show-suppressed", false, "also report suppressed findings: printed by the text format, and in SARIF as results with suppressions (left out by default: GitHub code scanning would open alerts for them)")
	fs.StringVar(&a.category, "sarif-category", "", "`ID`: SARIF automationDetails.id, to tell several runs on one commit apart")
	fs.StringVar(&a.newFromRev, "new-from-rev", "", "`REV`: check only .sql files added or modified since the merge base with REV (e.g. origin/main), and report migrations of the merge base edited, renamed or deleted since")
	fs.StringVar(&a.changedFirst, "changed-first", "", "`REV`: report every file, but where a platform keeps only some findings (annotations, a comment's size, code scanning) keep those in files changed since the merge base with REV first")
	fs.BoolVar(&a.staged, "staged", false, "check only .sql files staged in git (for pre-commit hooks)")
	fs.StringVar(&a.baseline, "baseline", "", "`FILE`: report only findings not recorded in this baseline file")
	fs.StringVar(&a.writeBaseline, "write-baseline", "", "`FILE`: record today's findings in this file (then use --baseline FILE)")
	fs.Var(&a.enable, "enable", "`RULES`: also run these rules (names, codes or aliases; repeatable, comma-separated)")
	fs.Var(&a.disable, "disable", "`RULES`: do not run these rules (repeatable, comma-separated)")
	fs.BoolVar(&a.fix, "fix", false, "apply the safe fixes to the files, then report the findings that remain")
	fs.BoolVar(&a.unsafeFixes, "unsafe-fixes", false, "apply unsafe fixes too (implies --fix)")
	fs.StringVar(&a.databaseURL, "database-url", "", "`URL`: check against this database's schema instead of replaying earlier migrations, and run the rules that query it (default: $SQLREVIEW_DATABASE_URL)")
	fs.StringVar(&a.env, "env", "", "`E`: check against the database of this environment of the config (its one target, or --target), instead of --database-url")
	fs.StringVar(&a.target, "target", "", "`T`: with --env: the target to check against")
	fs.StringVar(&a.policy, "policy", "", "`E`: review under this environment's policy (its environments[].rules added to the top-level rules) without connecting to its database; --env E implies --policy E")
	fs.Usage = func() {}
	return fs, a
}

// parseCheckArgs parses a check command line and validates everything that
// needs no file or repository: flags, values, format names and paths. The
// error is a helpRequest for --help or a usage error.
func parseCheckArgs(args []string) (*flag.FlagSet, *checkArgs, error) {
	fs, a := newCheckFlags()
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return fs, a, err
	}
	changedOnly := a.newFromRev != "" || a.staged
	if len(paths) == 0 && changedOnly {
		paths = []string{"."}
		a.impliedPaths = true
	}
	a.paths = paths
	if a.databaseURL == "" && a.env == "" {
		// Not the flag's default: --help would print the password.
		a.databaseURL = os.Getenv("SQLREVIEW_DATABASE_URL")
	}
	if a.env != "" && a.databaseURL != "" {
		return fs, a, usagef("check: give either --database-url or --env, not both")
	}
	if a.target != "" && a.env == "" {
		return fs, a, usagef("check: --target %s needs --env E: a target is named in an environment of the config", a.target)
	}
	if a.policy != "" && a.env != "" && a.policy != a.env {
		return fs, a, usagef("check: --env %s reviews under %s's policy; --policy %s contradicts it", a.env, a.env, a.policy)
	}
	if a.policy == "" {
		a.policy = a.env
	}
	if a.newFromRev != "" && a.staged {
		return fs, a, usagef("--new-from-rev and --staged: use one of them")
	}
	if a.unsafeFixes {
		a.fix = true
	}
	if a.fix {
		for _, p := range paths {
			if p == "-" {
				return fs, a, usagef("--fix needs files: standard input cannot be fixed in place")
			}
		}
	}
	if a.failOn != "" && !validFailOn(a.failOn) {
		return fs, a, usagef("--fail-on %q: use error, warning, info or never", a.failOn)
	}
	if outs := splitFormats(a.formats); len(outs) > 0 {
		if _, err := checkOutputs(outs, a.outFile); err != nil {
			return fs, a, err
		}
	}
	return fs, a, nil
}

func cmdCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	// Garbage collection at the default 100% growth: with findings
	// streamed and each file's trees released, the live heap is ~15-20 MB
	// on pg-regress, and 200% (the former setting) added ~15 MB of peak RSS
	// for a few percent of CPU. A memory limit (debug.SetMemoryLimit) was
	// measured and rejected: at 32 MiB it cut 8 MB more on pg-regress but
	// tripled the CPU of a 1.7 MB file whose trees outgrow it. GOGC and
	// GOMEMLIMIT, when set, decide as usual.
	if os.Getenv("MALLOC_ARENA_MAX") == "" {
		oneMallocArena()
	}
	start := time.Now()
	_, a, err := parseCheckArgs(args)
	if err != nil {
		return exitError, err
	}
	if len(a.paths) == 0 {
		if a.paths, err = configPaths(a.configPath); err != nil {
			return exitError, err
		}
	}
	outputs, err := resolveOutputs(a.formats, a.outFile, a.configPath)
	if err != nil {
		return exitError, err
	}
	if a.env != "" {
		if a.databaseURL, err = checkTargetURL(a); err != nil {
			return exitError, err
		}
	}
	opt := engine.Options{
		ConfigPath: a.configPath,
		Overrides:  engine.Overrides{PGVersion: int(a.pgVersion), Enable: a.enable, Disable: a.disable},
		Stdin:      stdin,
		// The URL carries a password: it is never printed.
		DatabaseURL: a.databaseURL,
		Environment: a.policy,
	}
	// Where a platform keeps only some findings, what the pull request
	// changed comes first, then the most severe.
	var keepFirst keep.Order
	if a.newFromRev != "" || a.staged {
		changed, err := changedOnly(&opt, a.newFromRev, a.staged)
		if err != nil {
			return exitError, err
		}
		keepFirst = keep.Then(keep.ChangedFirst(changed), keep.BySeverity)
	}
	if a.changedFirst != "" {
		changed, err := changedSince(a.changedFirst)
		if err != nil {
			return exitError, fmt.Errorf("--changed-first %s: %v", a.changedFirst, err)
		}
		keepFirst = keep.Then(keep.ChangedFirst(changed), keep.BySeverity)
	}
	if opt.RepoRoot == "" {
		opt.RepoRoot = repoRoot()
	}
	riskCfg := riskConfig(a.configPath, a.paths)
	opt.KeepTrees = riskCfg != nil
	var res *engine.Result
	var fixed *fixStats
	if canStreamReport(a, outputs, riskCfg != nil) {
		return checkStreamingJSON(a, opt, outputs[0], stdout, stderr)
	}
	if a.fix {
		res, fixed, err = checkAndFix(a, opt, stderr)
	} else {
		res, err = engine.Check(a.paths, opt)
	}
	if err != nil {
		return exitError, errors.New(strings.TrimPrefix(err.Error(), engine.ErrUsage.Error()+": "))
	}
	if len(res.Empty) > 0 && !a.impliedPaths {
		// As a check with no path at all: a gate that checked nothing
		// vouches for nothing, so a named directory without SQL is a
		// mistake (a wrong path, a renamed directory), exit 2.
		return exitError, usagef("%s: no .sql file here to check", strings.Join(res.Empty, ", "))
	}
	if a.writeBaseline != "" {
		if err := writeBaseline(a.writeBaseline, res); err != nil {
			return exitError, err
		}
	}
	if a.baseline != "" {
		if _, err := applyBaseline(a.baseline, res); err != nil {
			return exitError, err
		}
	}
	if riskCfg != nil {
		res.Risk = checkRisk(riskCfg, res)
	}
	failed := gate(res, a.failOn)
	opts := report.Options{
		ShowSuppressed: a.showSuppressed,
		Version:        buildinfo.Version(),
		Root:           repoRoot(),
		Category:       a.category,
		Failed:         failed,
		FailOn:         a.failOn,
		FullReport:     fullReports(outputs),
		Elapsed:        time.Since(start),
		KeepFirst:      keepFirst,
		NewOnly:        newOnly(a),
		RuleURL:        ruleURL,
	}
	for _, o := range outputs {
		if err := writeOutput(o, res, opts, stdout); err != nil {
			return exitError, err
		}
	}
	if fixed != nil {
		defer printFixSummary(stderr, fixed, res, a.unsafeFixes)
	}
	return finishCheck(res, failed, stderr), nil
}

// finishCheck prints the run's warnings and unreadable files and returns
// its exit code.
func finishCheck(res *engine.Result, failed bool, stderr io.Writer) int {
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "sqlreview: warning: %s\n", oneLine(w))
	}
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "sqlreview: %s\n", oneLine(e.Error()))
	}
	code := exitOK
	if failed {
		code = exitFindings
	}
	if len(res.Errors) > 0 {
		code = exitError
	}
	return code
}

// canStreamReport reports whether the run's one report can be written
// while the check runs: the JSON report, with nothing that needs every
// finding first (a baseline, fixes, the risk summary) and no standard
// input (the only input whose errors could come after a first finding).
func canStreamReport(a *checkArgs, outputs []output, withRisk bool) bool {
	if len(outputs) != 1 || outputs[0].format != "json" || withRisk || a.fix || a.baseline != "" || a.writeBaseline != "" {
		return false
	}
	for _, p := range a.paths {
		if p == "-" {
			return false
		}
	}
	return true
}

// checkStreamingJSON runs the check with its JSON report written as files
// are done (engine.Options.Emit): the run holds neither every finding nor
// every file's text, so its memory does not grow with the corpus.
func checkStreamingJSON(a *checkArgs, opt engine.Options, o output, stdout, stderr io.Writer) (int, error) {
	var res *engine.Result
	var checkErr error
	failed := false
	write := func(w io.Writer) error {
		g := report.NewGuard(w, o.format)
		js := report.NewJSONStream(g)
		opt.Emit = func(r *engine.Result, src *source.File, fs []engine.Finding) error {
			for i := range fs {
				if r.Blocks(&fs[i], a.failOn) {
					failed = true
				}
			}
			return js.Findings(src, fs)
		}
		if res, checkErr = engine.Check(a.paths, opt); checkErr != nil {
			return checkErr
		}
		if err := js.End(res); err != nil {
			return err
		}
		return g.Close()
	}
	var err error
	if o.file == "" {
		err = write(stdout)
	} else {
		err = writeFileAtomicFunc(o.file, write)
	}
	switch {
	case checkErr != nil:
		return exitError, errors.New(strings.TrimPrefix(checkErr.Error(), engine.ErrUsage.Error()+": "))
	case err != nil && o.file == "":
		return exitError, fmt.Errorf("writing %s report: %v", o.format, err)
	case err != nil:
		return exitError, fmt.Errorf("%s report %s: %v", o.format, o.file, unwrapPath(err))
	}
	return finishCheck(res, failed, stderr), nil
}

// configPaths is what `check` without a path checks: the directory of the
// config (--config, else the nearest .sqlreview.yaml up from here), whose
// walk keeps the files its files.include selects. Relative to the current
// directory when below it, as a path given by hand would be.
func configPaths(configPath string) ([]string, error) {
	if configPath == "" {
		cwd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if configPath, err = config.Find(cwd); err != nil {
			return nil, err
		}
		if configPath == "" {
			return nil, usagef("check: no paths given and no .sqlreview.yaml here or above to take files.include from; try `sqlreview check migrations/` or `-` for standard input")
		}
	}
	dir, err := filepath.Abs(filepath.Dir(configPath))
	if err != nil {
		return nil, err
	}
	if cwd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(cwd, dir); err == nil {
			dir = rel
		}
	}
	return []string{dir}, nil
}

// resolveOutputs turns --format/--output (or the config's output list) into
// the reports to write. At most one may go to standard output.
func resolveOutputs(formats []string, outFile, configPath string) ([]output, error) {
	outs := splitFormats(formats)
	if len(outs) == 0 {
		cfg, err := outputConfig(configPath)
		if err != nil {
			return nil, err
		}
		cwd, _ := os.Getwd()
		for i, o := range cfg.Output {
			file := o.File
			if file != "" {
				// A report file named by the config (relative to the
				// current directory) stays inside the config's
				// repository; --format NAME=FILE is the user's choice.
				if _, err := cfg.Confine(fmt.Sprintf("output[%d].file", i), file, cwd); err != nil {
					return nil, err
				}
			}
			outs = append(outs, output{format: o.Format, file: file})
		}
	}
	if len(outs) == 0 {
		outs = []output{{format: "text"}}
	}
	return checkOutputs(outs, outFile)
}

// fullReports names the outputs of this run that list every finding, for
// the formats a platform caps to say where the rest is.
func fullReports(outs []output) []string {
	var names []string
	for _, o := range outs {
		switch {
		case !report.Complete(o.format):
		case o.file == "":
			names = append(names, "the "+o.format+" report on standard output")
		default:
			names = append(names, o.file)
		}
	}
	return names
}

// splitFormats turns --format values (NAME, NAME=FILE, comma-separated) into
// outputs.
func splitFormats(formats []string) []output {
	var outs []output
	for _, f := range formats {
		for _, part := range strings.Split(f, ",") {
			name, file, _ := strings.Cut(part, "=")
			outs = append(outs, output{format: strings.TrimSpace(name), file: strings.TrimSpace(file)})
		}
	}
	return outs
}

// checkOutputs checks the format names, sends outputs without a file to
// outFile, and allows at most one on standard output.
func checkOutputs(outs []output, outFile string) ([]output, error) {
	toStdout := 0
	for i := range outs {
		if _, ok := report.Lookup(outs[i].format); !ok {
			return nil, usagef("--format %q: use one of %s", outs[i].format, strings.Join(report.Names(), ", "))
		}
		if outs[i].file == "" {
			outs[i].file = outFile
		}
		if outs[i].file == "" {
			toStdout++
		}
	}
	if toStdout > 1 {
		return nil, usagef("--format: only one format can go to standard output; write the others to files with FORMAT=FILE")
	}
	return outs, nil
}

// outputConfig returns the config that governs this run's outputs:
// --config, or the nearest .sqlreview.yaml up from the current directory
// (Default() when there is none).
func outputConfig(configPath string) (*config.Config, error) {
	if configPath == "" {
		cwd, err := os.Getwd()
		if err != nil {
			return config.Default(), nil
		}
		if configPath, err = config.Find(cwd); err != nil {
			return nil, err
		}
		if configPath == "" {
			return config.Default(), nil
		}
	}
	return config.Load(configPath)
}

// repoRoot is the directory CI formats report paths against: the git work
// tree holding the current directory, or the current directory.
func repoRoot() string {
	cwd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := cwd; ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return cwd
		}
		dir = parent
	}
}

func writeOutput(o output, res *engine.Result, opts report.Options, stdout io.Writer) error {
	fn, _ := report.Lookup(o.format)
	// Streamed: a report of every rule over a big tree is tens of
	// megabytes, and building it whole first cost as much as writing it.
	// The guard keeps user content from starting a CI logging command,
	// on stdout and in files (which CI jobs print).
	write := func(w io.Writer) error {
		g := report.NewGuard(w, o.format)
		bw := bufio.NewWriterSize(g, 64<<10)
		if err := fn(bw, res, opts); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		return g.Close()
	}
	if o.file == "" {
		opts.Color = o.format == "text" && isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
		if err := write(stdout); err != nil {
			return fmt.Errorf("writing %s report: %v", o.format, err)
		}
		return nil
	}
	if err := writeFileAtomicFunc(o.file, write); err != nil {
		return fmt.Errorf("%s report %s: %v", o.format, o.file, unwrapPath(err))
	}
	return nil
}

func validFailOn(s string) bool {
	switch s {
	case "error", "warning", "info", "never":
		return true
	}
	return false
}

// gate reports whether any unsuppressed finding is at or above the fail-on
// threshold: the flag, or else the config governing the finding's file.
func gate(res *engine.Result, flagFailOn string) bool {
	for i := range res.Findings {
		if res.Blocks(&res.Findings[i], flagFailOn) {
			return true
		}
	}
	return false
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// writeFileAtomic writes via a temporary file so a failed run never leaves
// a truncated report behind.
func writeFileAtomic(path string, data []byte) error {
	return writeFileAtomicFunc(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeFileAtomicFunc writes path through a temporary file in the same
// directory renamed over it at the end, so readers never see a partial
// file and a failed write leaves the old one.
func writeFileAtomicFunc(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sqlreview-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file private; a report is as readable as any
	// file the user creates (the umask still applies).
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	} else {
		mode &^= currentUmask()
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkTargetURL returns the URL of the one database --env (and --target)
// name in the config: a check reviews pending files against one schema and
// one history, so an environment of several targets needs --target.
func checkTargetURL(a *checkArgs) (string, error) {
	da := &dbArgs{configPath: a.configPath, env: a.env, target: a.target}
	if da.configPath == "" && a.paths[0] != "-" {
		da.dir = a.paths[0]
		if st, err := os.Stat(da.dir); err == nil && !st.IsDir() {
			da.dir = filepath.Dir(da.dir)
		}
	}
	_, ts, err := selectTargets("check", da)
	if err != nil {
		return "", err
	}
	if len(ts) > 1 {
		names := make([]string, len(ts))
		for i, t := range ts {
			names[i] = t.Name
		}
		return "", usagef("check: environment %s has %d targets (%s); a check reviews against one database: pick one with --target", a.env, len(ts), strings.Join(names, ", "))
	}
	return ts[0].URL, nil
}

// newOnly describes what a run limited to new findings reports, for the
// reports that say so (markdown); "" when it reports every finding.
func newOnly(a *checkArgs) string {
	var parts []string
	switch {
	case a.newFromRev != "":
		parts = append(parts, "files changed since the merge base with "+shortRev(a.newFromRev))
	case a.staged:
		parts = append(parts, "files staged in git")
	}
	if a.baseline != "" {
		parts = append(parts, "findings not in the baseline "+filepath.ToSlash(a.baseline))
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, ", ")
	return "Only " + s
}

// shortRev abbreviates a full commit hash to 12 digits, as git shows them.
func shortRev(rev string) string {
	if len(rev) == 40 && strings.Trim(rev, "0123456789abcdef") == "" {
		return rev[:12]
	}
	return rev
}

// pgVersionFlag is --pg-version: a major version number, or 9.6 (stored as
// 9, as the config stores it).
type pgVersionFlag int

func (v *pgVersionFlag) String() string {
	if *v == 0 {
		return ""
	}
	return config.PostgresVersionName(int(*v))
}

func (v *pgVersionFlag) Set(s string) error {
	if s == "9.6" {
		*v = 9
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("expected a PostgreSQL major version: %s", config.PostgresVersionRange)
	}
	*v = pgVersionFlag(n)
	return nil
}
