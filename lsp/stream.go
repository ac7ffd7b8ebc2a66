package lsp

import (
	"bytes"
	"context"
	"encoding/json"

	"go.lsp.dev/jsonrpc2"
)

// frames is what jsonrpc2's header stream offers besides Stream; the
// connection reads through it when present.
type frames interface {
	ReadFrame(ctx context.Context) ([]byte, int64, error)
	WriteFrame(ctx context.Context, data []byte) (int64, error)
}

// guardedStream answers frames that are not JSON-RPC messages with a parse
// or invalid-request error and skips them: jsonrpc2 ends the connection on
// a frame it cannot decode, and one bad message must not take the editor's
// linter down.
type guardedStream struct {
	jsonrpc2.Stream
	f frames
}

func newGuardedStream(s jsonrpc2.Stream) jsonrpc2.Stream {
	f, ok := s.(frames)
	if !ok {
		return s
	}
	return &guardedStream{Stream: s, f: f}
}

var (
	parseErrorFrame     = []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error: not JSON"}}`)
	invalidRequestFrame = []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: not a JSON-RPC message"}}`)
)

// ReadFrame returns the next frame that is a JSON-RPC message.
func (g *guardedStream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	for {
		frame, n, err := g.f.ReadFrame(ctx)
		if err != nil {
			return frame, n, err
		}
		switch reply := checkFrame(frame); reply {
		case nil:
			return frame, n, nil
		default:
			if _, err := g.f.WriteFrame(ctx, reply); err != nil {
				return nil, n, err
			}
		}
	}
}

// WriteFrame writes an encoded message.
func (g *guardedStream) WriteFrame(ctx context.Context, data []byte) (int64, error) {
	return g.f.WriteFrame(ctx, data)
}

// envelope is the part of a message the connection must be able to decode.
type envelope struct {
	Method *string          `json:"method"`
	ID     *json.RawMessage `json:"id"`
	Result json.RawMessage  `json:"result"`
	Error  json.RawMessage  `json:"error"`
}

// checkFrame returns nil for a well-formed message (or a batch of them),
// else the error response to send instead.
func checkFrame(frame []byte) []byte {
	trimmed := bytes.TrimSpace(frame)
	if len(trimmed) == 0 || !json.Valid(trimmed) {
		return parseErrorFrame
	}
	if trimmed[0] == '[' {
		var batch []json.RawMessage
		if json.Unmarshal(trimmed, &batch) != nil || len(batch) == 0 {
			return invalidRequestFrame
		}
		for _, m := range batch {
			if !validEnvelope(m) {
				return invalidRequestFrame
			}
		}
		return nil
	}
	if !validEnvelope(trimmed) {
		return invalidRequestFrame
	}
	return nil
}

func validEnvelope(m []byte) bool {
	var e envelope
	if len(m) == 0 || m[0] != '{' || json.Unmarshal(m, &e) != nil {
		return false
	}
	if e.Method != nil {
		return *e.Method != ""
	}
	return e.ID != nil && (e.Result != nil || e.Error != nil)
}
