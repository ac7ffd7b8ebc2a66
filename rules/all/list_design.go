package all

import (
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/design"
	"github.com/sqlreview/sqlreview/rules/naming"
)

// designRules are the naming, table, column, index and system policy rules
// (mostly Bytebase SQL Review's), one per line.
var designRules = []*rules.Rule{
	naming.Table,
	naming.Column,
	naming.PrimaryKey,
	naming.UniqueKey,
	naming.ForeignKey,
	naming.Index,
	naming.FullyQualified,
	design.TableComment,
	design.ColumnComment,
	design.DisallowPartition,
	design.DropNamingConvention,
	design.NoForeignKey,
	design.ColumnNoNull,
	design.ColumnRequired,
	design.TypeDisallowList,
	design.MaxCharLength,
	design.RequireDefault,
	design.DefaultDisallowVolatile,
	design.DisallowChangeType,
	design.IndexKeyNumberLimit,
	design.IndexNoDuplicateColumn,
	design.PrimaryKeyTypeAllowlist,
	design.IndexTotalNumberLimit,
	design.CharsetAllowlist,
	design.CollationAllowlist,
	design.CommentLength,
	design.BackwardCompatibility,
}
