package convert

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Bytebase's risk and approval setup, as its API exports them: risks
// ({risks: [{title, source, level, active, condition: {expression}}]}) and
// the workspace approval setting ({rules: [{template: {flow: {steps | roles}},
// condition: {expression}}]}, possibly under value.workspaceApprovalSettingValue).
// Conditions are CEL; the conjunctions of the atoms below translate, and
// anything else is kept as a "Not converted" line with its expression.

// riskRule is a converted Bytebase risk.
type riskRule struct {
	name, title, level, source string
	env, statement             []string
}

// approvalFlow is a converted Bytebase approval rule: the steps' roles for
// the risk levels its condition covers.
type approvalFlow struct {
	levels []string
	roles  []string
	title  string
}

var bytebaseLevels = map[int]string{100: "low", 200: "moderate", 300: "high"}

// bytebaseSQLTypes maps Bytebase's sql_type values to statement kinds.
var bytebaseSQLTypes = map[string]string{
	"CREATE_TABLE": "create-table", "DROP_TABLE": "drop-table", "ALTER_TABLE": "alter-table", "TRUNCATE": "truncate",
	"CREATE_INDEX": "create-index", "DROP_INDEX": "drop-index", "DROP_SCHEMA": "drop-schema", "RENAME": "rename",
	"INSERT": "insert", "UPDATE": "update", "DELETE": "delete", "MERGE": "merge", "ALTER_TYPE": "alter-type",
}

var (
	celAtom = regexp.MustCompile(`^\(?\s*([a-z_.]+)\s*(==|>=|>|in)\s*(.+?)\s*\)?$`)
	celList = regexp.MustCompile(`^\[(.*)\]$`)
)

// bytebaseGovernance finds risks and approval rules in doc; false when it
// holds neither.
func bytebaseGovernance(doc any, c *converted) bool {
	risks := findList(doc, "risks", 0)
	rules := findList(doc, "rules", 0)
	if rules != nil && !slices.ContainsFunc(rules, isApprovalRule) {
		rules = nil // a review config's rules
	}
	if risks == nil && rules == nil {
		return false
	}
	for i, r := range risks {
		c.convertRisk(i, r)
	}
	for i, r := range rules {
		c.convertApproval(i, r)
	}
	return true
}

func isApprovalRule(v any) bool {
	m, ok := v.(map[string]any)
	return ok && (m["template"] != nil || m["flow"] != nil)
}

// findList returns the list under key in doc or a mapping below it.
func findList(doc any, key string, depth int) []any {
	m, ok := doc.(map[string]any)
	if !ok || depth > 4 {
		return nil
	}
	if l, ok := m[key].([]any); ok {
		return l
	}
	for _, k := range []string{"value", "workspaceApprovalSettingValue", "workspace_approval_setting_value", "approval", "setting"} {
		if l := findList(m[k], key, depth+1); l != nil {
			return l
		}
	}
	return nil
}

func expression(m map[string]any) string {
	cond, _ := m["condition"].(map[string]any)
	e, _ := cond["expression"].(string)
	return strings.TrimSpace(e)
}

func (c *converted) convertRisk(i int, v any) {
	m, _ := v.(map[string]any)
	title := fmt.Sprint(valueOr(m["title"], fmt.Sprintf("risk #%d", i+1)))
	if active, ok := m["active"].(bool); ok && !active {
		c.skip("risk %q: inactive in Bytebase", title)
		return
	}
	level := bytebaseLevel(m["level"])
	if level == "" {
		c.skip("risk %q: level %v is not 100, 200 or 300 (or LOW, MODERATE, HIGH)", title, m["level"])
		return
	}
	r := riskRule{name: slug(title, i), title: title, level: level, source: fmt.Sprint(valueOr(m["source"], ""))}
	switch strings.ToUpper(r.source) {
	case "DDL":
		r.statement = []string{"ddl"}
	case "DML":
		r.statement = []string{"dml"}
	default:
		c.skip("risk %q: source %s (only DDL and DML changes go through sqlreview)", title, r.source)
		return
	}
	expr := expression(m)
	if expr != "" && expr != "true" {
		for _, atom := range strings.Split(expr, "&&") {
			if err := r.addAtom(strings.TrimSpace(atom)); err != nil {
				c.skip("risk %q: condition %s: %v", title, expr, err)
				return
			}
		}
	}
	for _, e := range r.env {
		if !slices.Contains(c.envs, e) {
			c.envs = append(c.envs, e)
		}
	}
	c.risks = append(c.risks, r)
}

// addAtom narrows r by one CEL comparison.
func (r *riskRule) addAtom(atom string) error {
	m := celAtom.FindStringSubmatch(atom)
	if m == nil {
		return fmt.Errorf("%s does not translate", atom)
	}
	field, op, values := m[1], m[2], celValues(m[3])
	if op != "==" && op != "in" || values == nil {
		return fmt.Errorf("%s does not translate (rows affected and other estimates need a live database)", atom)
	}
	switch strings.TrimPrefix(strings.TrimPrefix(field, "resource."), "statement.") {
	case "environment_id", "environment":
		r.env = append(r.env, values...)
	case "sql_type":
		var kinds []string
		for _, v := range values {
			kind, ok := bytebaseSQLTypes[v]
			if !ok {
				return fmt.Errorf("sql_type %s has no statement kind here", v)
			}
			kinds = append(kinds, kind)
		}
		r.statement = kinds // narrower than the source's ddl or dml
	default:
		return fmt.Errorf("%s does not translate", atom)
	}
	return nil
}

// celValues reads "x", 'x' or ["x", "y"]; nil when it is none of them.
func celValues(s string) []string {
	if m := celList.FindStringSubmatch(s); m != nil {
		var out []string
		for _, p := range strings.Split(m[1], ",") {
			v := celValues(strings.TrimSpace(p))
			if len(v) != 1 {
				return nil
			}
			out = append(out, v[0])
		}
		return out
	}
	if v, err := strconv.Unquote(s); err == nil {
		return []string{v}
	}
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return []string{s[1 : len(s)-1]}
	}
	return nil
}

func bytebaseLevel(v any) string {
	switch x := v.(type) {
	case int:
		return bytebaseLevels[x]
	case float64:
		return bytebaseLevels[int(x)]
	case string:
		if n, err := strconv.Atoi(x); err == nil {
			return bytebaseLevels[n]
		}
		l := strings.ToLower(x)
		if slices.Contains([]string{"low", "moderate", "high"}, l) {
			return l
		}
	}
	return ""
}

func (c *converted) convertApproval(i int, v any) {
	m, _ := v.(map[string]any)
	tmpl, _ := m["template"].(map[string]any)
	if tmpl == nil {
		tmpl = m
	}
	title := fmt.Sprint(valueOr(tmpl["title"], fmt.Sprintf("approval rule #%d", i+1)))
	expr := expression(m)
	levels, err := approvalLevels(expr)
	if err != nil {
		c.skip("approval flow %q: condition %s: %v", title, expr, err)
		return
	}
	flow, _ := tmpl["flow"].(map[string]any)
	var roles []string
	if rs, ok := flow["roles"].([]any); ok {
		for _, r := range rs {
			roles = append(roles, roleGroup(fmt.Sprint(r)))
		}
	}
	steps, _ := flow["steps"].([]any)
	for _, s := range steps {
		sm, _ := s.(map[string]any)
		nodes, _ := sm["nodes"].([]any)
		if len(nodes) != 1 {
			c.skip("approval flow %q: a step with %d approver nodes (one is expected)", title, len(nodes))
			return
		}
		nm, _ := nodes[0].(map[string]any)
		roles = append(roles, roleGroup(fmt.Sprint(valueOr(nm["groupValue"], valueOr(nm["role"], "")))))
	}
	if len(roles) == 0 {
		c.skip("approval flow %q: no steps", title)
		return
	}
	c.flows = append(c.flows, approvalFlow{levels: levels, roles: roles, title: title})
}

// approvalLevels reads the risk levels an approval rule's condition covers:
// level == N, level >= N, level in [..], joined with && to source == "X"
// (sqlreview's flows do not depend on the source).
func approvalLevels(expr string) ([]string, error) {
	var levels []string
	for _, atom := range strings.Split(expr, "&&") {
		m := celAtom.FindStringSubmatch(strings.TrimSpace(atom))
		if m == nil {
			return nil, fmt.Errorf("%s does not translate", strings.TrimSpace(atom))
		}
		field := m[1][strings.LastIndex(m[1], ".")+1:]
		switch {
		case field == "source":
		case field == "level" || field == "risk" || field == "risk_level":
			var err error
			if levels, err = levelsOf(m[2], m[3]); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("%s does not translate", strings.TrimSpace(atom))
		}
	}
	if levels == nil {
		return nil, fmt.Errorf("names no risk level")
	}
	return levels, nil
}

func levelsOf(op, value string) ([]string, error) {
	var nums []int
	for _, v := range strings.Split(strings.Trim(value, "[]"), ",") {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || bytebaseLevels[n] == "" {
			return nil, fmt.Errorf("level %s is not 100, 200 or 300", strings.TrimSpace(v))
		}
		nums = append(nums, n)
	}
	var out []string
	for _, n := range []int{100, 200, 300} {
		if (op == ">=" && n >= nums[0]) || (op == ">" && n > nums[0]) || ((op == "==" || op == "in") && slices.Contains(nums, n)) {
			out = append(out, bytebaseLevels[n])
		}
	}
	return out, nil
}

// knownRoles are the groups standing for Bytebase's built-in roles and
// approval node groups.
var knownRoles = map[string]string{
	"projectowner": "project-owner", "project_owner": "project-owner",
	"projectmember": "project-member", "project_member": "project-member",
	"projectreleaser": "project-releaser", "workspacedba": "dba", "workspace_dba": "dba",
	"workspaceadmin": "workspace-admin", "workspace_owner": "workspace-admin", "workspaceowner": "workspace-admin",
}

// roleGroup names the group standing for a Bytebase role ("roles/projectOwner",
// "WORKSPACE_DBA", a custom "roles/release-manager").
func roleGroup(role string) string {
	role = strings.TrimPrefix(role, "roles/")
	if g, ok := knownRoles[strings.ToLower(role)]; ok {
		return g
	}
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(role), "-"), "-")
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slug(title string, i int) string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if s == "" {
		return fmt.Sprintf("bytebase-risk-%d", i+1)
	}
	return s
}

// renderGovernance writes the converted risks as risk: rules, the
// environments they name, and the approval flows as a commented approval:
// block per environment: their groups need members, which Bytebase's
// export does not hold.
func (c *converted) renderGovernance(b *strings.Builder) {
	if len(c.risks) > 0 {
		b.WriteString("\nrisk:\n  builtin: true  # sqlreview's built-in risk rules stay; the converted ones add to them\n  rules:\n")
		seen := map[string]int{}
		for _, r := range c.risks {
			name := r.name
			if seen[name]++; seen[name] > 1 {
				name = fmt.Sprintf("%s-%d", name, seen[name])
			}
			fmt.Fprintf(b, "    - name: %s  # Bytebase risk %s, source %s\n      level: %s\n      when: {", yamlValue(name), comment(strconv.Quote(r.title)), comment(r.source), r.level)
			var conds []string
			if len(r.env) > 0 {
				conds = append(conds, "env: "+yamlValue(r.env))
			}
			conds = append(conds, "statement: "+yamlValue(r.statement))
			b.WriteString(strings.Join(conds, ", ") + "}\n")
		}
	}
	if len(c.flows) == 0 && len(c.envs) == 0 {
		return
	}
	block := c.approvalBlock()
	if len(c.envs) == 0 {
		b.WriteString("\n# environments:             # name your stages and add their targets\n#   - name: prod\n")
		for _, l := range block {
			fmt.Fprintf(b, "#%s\n", l)
		}
		return
	}
	b.WriteString("\nenvironments:  # the environments Bytebase's risks name; add their targets\n")
	for _, e := range c.envs {
		fmt.Fprintf(b, "  - name: %s\n", yamlValue(e))
		for _, l := range block {
			fmt.Fprintf(b, "  #%s\n", l)
		}
	}
}

// approvalBlock is the approval: mapping of the converted flows, as lines
// to comment out, with the groups to define first.
func (c *converted) approvalBlock() []string {
	if len(c.flows) == 0 {
		return nil
	}
	var groups []string
	lines := []string{"   approval:  # Bytebase's approval flows: define these groups (groups: {NAME: [people]}), then uncomment"}
	done := map[string]bool{}
	for _, level := range []string{"low", "moderate", "high"} {
		for _, f := range c.flows {
			if !slices.Contains(f.levels, level) || done[level] {
				continue
			}
			done[level] = true
			lines = append(lines, fmt.Sprintf("     %s:  # %s", level, comment(f.title)))
			for _, r := range f.roles {
				lines = append(lines, fmt.Sprintf("       - {name: %s, from: [\"group:%s\"]}", r, r))
				if !slices.Contains(groups, r) {
					groups = append(groups, r)
				}
			}
		}
	}
	return append(lines, "   # groups used: "+strings.Join(groups, ", "))
}
