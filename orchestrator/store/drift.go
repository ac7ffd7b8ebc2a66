package store

import (
	"context"
	"encoding/json"

	"github.com/sqlreview/sqlreview/orchestrator/event"
)

// LatestEvents returns the newest stored event of kind for each target,
// keyed by env + "\x00" + target.
func (s *Store) LatestEvents(ctx context.Context, kind string) (map[string]event.Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT detail FROM sqlreview_events WHERE kind = $1 ORDER BY id`, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]event.Event{}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		var e event.Event
		if json.Unmarshal([]byte(d), &e) == nil {
			out[e.Env+"\x00"+e.Target] = e
		}
	}
	return out, rows.Err()
}
