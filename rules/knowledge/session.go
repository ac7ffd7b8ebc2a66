package knowledge

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// SessionEffect is the session state a statement may leave behind after
// its transaction commits: what a runner that applies many files on one
// session must undo before the next file, so that each file sees the
// session a new connection would have.
type SessionEffect uint8

// Session state kinds. SessionCode is a statement that may run code the
// parse tree does not show (a DO block, a procedure, a trigger fired by
// DML, a function of unknown behaviour): it may have changed anything.
const (
	SessionSettings SessionEffect = 1 << iota // SET, RESET, SET SESSION CHARACTERISTICS
	SessionRole                               // SET ROLE, SET SESSION AUTHORIZATION
	SessionTemp                               // temporary tables, views, sequences, pg_temp functions
	SessionPrepared                           // PREPARE, DEALLOCATE
	SessionCursors                            // cursors WITH HOLD
	SessionListen                             // LISTEN, UNLISTEN
	SessionCode                               // anything: code the statement may run
	// SessionEventTriggers marks CREATE or ALTER EVENT TRIGGER: from
	// then on, any DDL may run code.
	SessionEventTriggers

	SessionAll = SessionSettings | SessionRole | SessionTemp | SessionPrepared | SessionCursors | SessionListen | SessionCode
)

// SessionEffects is the session state the statements may leave behind,
// decided conservatively from their parse trees: only statement kinds
// known to leave none, with expressions that call only known built-in
// functions where the statement evaluates them, count as leaving none.
// DML, queries, DO, CALL, COPY, EXECUTE, CREATE EXTENSION, maintenance
// commands and any kind not listed here may run user code (a trigger, a
// function in a view, an extension script) and count as SessionCode.
//
// Code that PostgreSQL calls implicitly from DDL with only built-in
// expressions — a domain's CHECK on a column change, a user-defined cast,
// operator or operator-class support function, an event trigger — is not
// seen here; a caller that must be safe against event triggers checks for
// them in the database (see SessionEventTriggers).
func SessionEffects(stmts []*pg_query.Node) SessionEffect {
	var e SessionEffect
	for _, n := range stmts {
		e |= sessionEffect(n)
	}
	return e
}

func sessionEffect(n *pg_query.Node) SessionEffect {
	switch x := n.GetNode().(type) {
	case *pg_query.Node_VariableSetStmt:
		return variableSetEffect(x.VariableSetStmt)
	case *pg_query.Node_VariableShowStmt, *pg_query.Node_TransactionStmt, *pg_query.Node_LockStmt,
		*pg_query.Node_ConstraintsSetStmt, *pg_query.Node_NotifyStmt:
		return 0 // transaction-scoped or no state at all
	case *pg_query.Node_PrepareStmt, *pg_query.Node_DeallocateStmt:
		return SessionPrepared
	case *pg_query.Node_ListenStmt, *pg_query.Node_UnlistenStmt:
		return SessionListen
	case *pg_query.Node_CreateEventTrigStmt, *pg_query.Node_AlterEventTrigStmt:
		return SessionEventTriggers | SessionAll
	case *pg_query.Node_CreateStmt:
		if isTemp(x.CreateStmt.GetRelation()) {
			return SessionTemp
		}
		return 0 // defaults and checks are not evaluated: the table is new
	case *pg_query.Node_ViewStmt:
		if isTemp(x.ViewStmt.GetView()) {
			return SessionTemp
		}
		return 0 // the query is stored, not run
	case *pg_query.Node_CreateSeqStmt:
		if isTemp(x.CreateSeqStmt.GetSequence()) {
			return SessionTemp
		}
		return 0
	case *pg_query.Node_CreateFunctionStmt:
		if name := x.CreateFunctionStmt.GetFuncname(); len(name) > 1 && strings.EqualFold(name[0].GetString_().GetSval(), "pg_temp") {
			return SessionTemp
		}
		return 0 // the body is stored (and validated), not run
	case *pg_query.Node_CreateSchemaStmt:
		return SessionEffects(x.CreateSchemaStmt.GetSchemaElts())
	case *pg_query.Node_AlterTableStmt, *pg_query.Node_IndexStmt, *pg_query.Node_AlterDomainStmt:
		// These evaluate their expressions over existing rows (a volatile
		// default, USING, a CHECK being validated, an index expression).
		return callsOnlyKnownBuiltins(n)
	case *pg_query.Node_DropStmt, *pg_query.Node_RenameStmt, *pg_query.Node_CommentStmt, *pg_query.Node_AlterSeqStmt,
		*pg_query.Node_CreateEnumStmt, *pg_query.Node_AlterEnumStmt, *pg_query.Node_CompositeTypeStmt,
		*pg_query.Node_CreateDomainStmt, *pg_query.Node_CreateRangeStmt, *pg_query.Node_GrantStmt,
		*pg_query.Node_GrantRoleStmt, *pg_query.Node_AlterOwnerStmt, *pg_query.Node_AlterObjectSchemaStmt,
		*pg_query.Node_CreateTrigStmt, *pg_query.Node_RuleStmt, *pg_query.Node_CreatePolicyStmt,
		*pg_query.Node_AlterPolicyStmt, *pg_query.Node_AlterFunctionStmt, *pg_query.Node_CreateCastStmt,
		*pg_query.Node_DefineStmt, *pg_query.Node_CreateOpClassStmt, *pg_query.Node_CreateOpFamilyStmt,
		*pg_query.Node_AlterOpFamilyStmt, *pg_query.Node_CreateRoleStmt, *pg_query.Node_AlterRoleStmt,
		*pg_query.Node_DropRoleStmt, *pg_query.Node_AlterDefaultPrivilegesStmt, *pg_query.Node_CreateStatsStmt,
		*pg_query.Node_AlterStatsStmt, *pg_query.Node_AlterTypeStmt, *pg_query.Node_AlterCollationStmt,
		*pg_query.Node_CreatePublicationStmt, *pg_query.Node_AlterPublicationStmt, *pg_query.Node_SecLabelStmt,
		*pg_query.Node_AlterDatabaseSetStmt, *pg_query.Node_AlterRoleSetStmt, *pg_query.Node_ReassignOwnedStmt,
		*pg_query.Node_DropOwnedStmt, *pg_query.Node_AlterTsdictionaryStmt, *pg_query.Node_AlterTsconfigurationStmt,
		*pg_query.Node_CreateConversionStmt, *pg_query.Node_AlterTableMoveAllStmt:
		return 0 // catalog changes only: nothing is evaluated, nothing stays in the session
	}
	return SessionAll // may run code, or not known to leave nothing
}

// variableSetEffect: SET LOCAL and SET TRANSACTION end with the
// transaction; anything else stays in the session.
func variableSetEffect(s *pg_query.VariableSetStmt) SessionEffect {
	if s.GetIsLocal() {
		return 0
	}
	name := strings.ToLower(s.GetName())
	switch {
	case s.GetKind() == pg_query.VariableSetKind_VAR_SET_MULTI && name == "transaction":
		return 0
	case name == "role" || name == "session_authorization":
		return SessionRole
	}
	return SessionSettings
}

// callsOnlyKnownBuiltins is 0 when every function the statement calls is a
// built-in of the volatility table that changes no session state, and
// SessionAll when it calls any other function or holds a sub-query.
func callsOnlyKnownBuiltins(n *pg_query.Node) SessionEffect {
	clean := true
	var visit func(m protoreflect.Message)
	visit = func(m protoreflect.Message) {
		if !clean {
			return
		}
		switch x := m.Interface().(type) {
		case *pg_query.FuncCall:
			name := normalizeFuncName(funcName(x.GetFuncname()))
			if _, known := functionVolatility[name]; !known || changesSessionState[name] {
				clean = false
				return
			}
		case *pg_query.SubLink:
			clean = false
			return
		}
		eachChild(m, func(c protoreflect.Message) bool {
			visit(c)
			return clean
		})
	}
	visit(n.ProtoReflect())
	if clean {
		return 0
	}
	return SessionAll
}

// changesSessionState are built-ins of the volatility table whose call
// leaves state in the session: a setting, the random seed, a sequence's
// currval and lastval.
var changesSessionState = map[string]bool{
	"set_config": true, "setseed": true, "nextval": true, "setval": true,
}
