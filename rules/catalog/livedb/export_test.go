package livedb

import (
	"context"

	"github.com/sqlreview/sqlreview/rules/catalog"
)

// ReadFull is Read without the shortcut for schemas that hold nothing.
func ReadFull(ctx context.Context, q Querier, exclude ...string) (*catalog.Catalog, error) {
	if exclude == nil {
		exclude = []string{}
	}
	c, _, err := read(ctx, q, true, exclude)
	return c, err
}
