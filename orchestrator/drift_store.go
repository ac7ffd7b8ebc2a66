package orchestrator

import (
	"context"
	"encoding/json"
)

// EventDriftAccepted is the kind of the state store event `drift accept
// --env E` records for each target whose drift it accepted, so `status`
// shows it without connecting to the targets.
const EventDriftAccepted = "drift-accepted"

// LatestEvents returns the newest stored event of kind for each target,
// keyed by env + "\x00" + target.
func (s *Store) LatestEvents(ctx context.Context, kind string) (map[string]RolloutEvent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT detail FROM sqlreview_events WHERE kind = $1 ORDER BY id`, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]RolloutEvent{}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		var e RolloutEvent
		if json.Unmarshal([]byte(d), &e) == nil {
			out[e.Env+"\x00"+e.Target] = e
		}
	}
	return out, rows.Err()
}
