package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strconv"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// frames is what jsonrpc2's header stream offers besides Stream; the
// connection reads through it when present.
type frames interface {
	ReadFrame(ctx context.Context) ([]byte, int64, error)
	WriteFrame(ctx context.Context, data []byte) (int64, error)
}

// maxFrameSize bounds the body a Content-Length may declare: twice the
// largest file the server reads from disk, so any document fits.
const maxFrameSize = 2 * maxFileSize

// guardedStream reads LSP frames itself and writes through jsonrpc2's header
// stream. jsonrpc2 ends the connection on any frame it cannot read or
// decode; one bad frame must not take the editor's linter down. So a frame
// that is not a JSON-RPC message gets the error response the JSON-RPC spec
// gives (with a null id), and reading resyncs on the next Content-Length
// header.
type guardedStream struct {
	jsonrpc2.Stream
	f   frames
	in  *bufio.Reader
	src *inputReader // under in
	// resyncing is set after a frame was answered with an error: bytes up
	// to the next header are its remains (a body longer than its
	// Content-Length) and get no second error.
	resyncing bool
}

func newGuardedStream(rwc io.ReadWriteCloser) jsonrpc2.Stream {
	s := jsonrpc2.NewStream(rwc)
	f, ok := s.(frames)
	if !ok {
		return s
	}
	src := newInputReader(rwc)
	return &guardedStream{Stream: s, f: f, in: bufio.NewReaderSize(src, 64<<10), src: src}
}

// JSON-RPC 2.0 §5.1: -32700 when the server cannot read JSON, -32600 when
// the JSON is not a valid request; the id is null when it cannot be known.
var (
	parseErrorFrame     = []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error: not JSON"}}`)
	badHeaderFrame      = []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error: a frame needs a header 'Content-Length: N' (N > 0) and a blank line"}}`)
	invalidRequestFrame = []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: not a JSON-RPC message"}}`)
	invalidIDFrame      = []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: id must be an integer (64 bits) or a string"}}`)
	stalledBodyFrame    = []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error: the frame's body stopped before its Content-Length"}}`)
)

// ReadFrame returns the next frame that is a JSON-RPC message, answering
// and skipping the others.
func (g *guardedStream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		frame, reply, err := g.next()
		if err != nil {
			return nil, 0, err
		}
		if reply == nil {
			reply = checkFrame(frame)
			if len(reply) > 0 && bytes.Equal(reply, parseErrorFrame) {
				// A body that is no JSON may hold the next frame's header
				// (its Content-Length was longer than what was sent):
				// resync from inside it.
				g.unread(frame[1:])
			}
		}
		if reply == nil {
			g.resyncing = false
			return frame, int64(len(frame)), nil
		}
		g.resyncing = true
		if _, err := g.f.WriteFrame(ctx, reply); err != nil {
			return nil, 0, err
		}
	}
}

// next reads one frame: its body, or the error reply for a header that does
// not frame one (after which the body's length is unknown, and the reader
// skips to the next header).
func (g *guardedStream) next() (body, reply []byte, err error) {
	if g.resyncing {
		if err := g.skipToContentLength(); err != nil {
			return nil, nil, err
		}
	}
	length, ok, err := g.header()
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, badHeaderFrame, nil
	}
	body = make([]byte, length)
	// A client that sent less than its Content-Length says is not sending
	// the rest: once the bytes stop coming, the frame is answered and what
	// arrived is scanned for the next header.
	g.src.idle = bodyIdleTimeout
	n, err := io.ReadFull(g.in, body)
	g.src.idle = 0
	if err == errStalled {
		if n > 1 {
			g.unread(body[1:n])
		}
		return nil, stalledBodyFrame, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return body, nil, nil
}

// bodyIdleTimeout is how long a frame's body may pause before the server
// takes it as ended: far longer than any pause within a write of a client
// that sends the whole frame.
var bodyIdleTimeout = 2 * time.Second

// unread puts b back before the input not yet read.
func (g *guardedStream) unread(b []byte) {
	buffered, _ := g.in.Peek(g.in.Buffered())
	g.src.pending = append(append(append([]byte(nil), b...), buffered...), g.src.pending...)
	g.in.Reset(g.src)
}

// errStalled: no byte arrived for the reader's idle timeout.
var errStalled = errors.New("input stalled")

// inputReader reads the connection's input through a goroutine, so that a
// read can give up waiting (idle) while the goroutine keeps reading.
type inputReader struct {
	pending []byte
	chunks  chan []byte
	err     error // set before chunks is closed
	// idle, when positive, bounds a read's wait for input.
	idle time.Duration
}

func newInputReader(r io.Reader) *inputReader {
	in := &inputReader{chunks: make(chan []byte)}
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				in.chunks <- append([]byte(nil), buf[:n]...)
			}
			if err != nil {
				in.err = err
				close(in.chunks)
				return
			}
		}
	}()
	return in
}

func (r *inputReader) Read(p []byte) (int, error) {
	if len(r.pending) == 0 {
		var stalled <-chan time.Time
		if r.idle > 0 {
			t := time.NewTimer(r.idle)
			defer t.Stop()
			stalled = t.C
		}
		select {
		case c, ok := <-r.chunks:
			if !ok {
				return 0, r.err
			}
			r.pending = c
		case <-stalled:
			return 0, errStalled
		}
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

// header reads a header block: "Name: value" lines, one of them
// Content-Length, then a blank line. ok is false when the block is
// malformed; a line that is no header field is left unread (but for its
// first byte), since the next header may start inside it.
func (g *guardedStream) header() (length int, ok bool, err error) {
	seen, haveLength := false, false
	for {
		line, err := g.peekLine()
		if err != nil {
			if err == bufio.ErrBufferFull {
				_, err = g.in.Discard(1)
				return 0, false, err
			}
			if err == io.EOF && (seen || len(line) > 0) {
				err = io.ErrUnexpectedEOF
			}
			return 0, false, err
		}
		blank := len(bytes.TrimRight(line, "\r\n")) == 0
		if blank && !seen {
			// Blank lines between frames are harmless.
			_, _ = g.in.Discard(len(line))
			continue
		}
		if !blank && !headerField.Match(line) {
			_, err := g.in.Discard(1)
			return 0, false, err
		}
		_, _ = g.in.Discard(len(line))
		if blank {
			return length, ok && haveLength, nil
		}
		seen = true
		if name, value, _ := bytes.Cut(line, []byte(":")); bytes.EqualFold(name, []byte("content-length")) {
			length, ok = parseLength(string(value))
			haveLength = true
		}
	}
}

var headerField = regexp.MustCompile(`^[!#$%&'*+.^_|~0-9A-Za-z-]+:[^\r\n]*\r?\n$`)

// peekLine returns the next line, through its newline, without reading it.
// It waits only for bytes the line needs; a line longer than the buffer is
// bufio.ErrBufferFull.
func (g *guardedStream) peekLine() ([]byte, error) {
	n := 1
	for {
		b, err := g.in.Peek(n)
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			return b[:i+1], nil
		}
		if err != nil {
			return b, err
		}
		if g.in.Buffered() > len(b) {
			n = g.in.Buffered() // look at what has arrived first
		} else {
			n = len(b) + 1 // then wait for one more byte
		}
	}
}

// skipToContentLength discards input up to the next "Content-Length:"
// (case-insensitive, anywhere: the remains of a bad frame run into the next
// header when they do not end with a newline).
func (g *guardedStream) skipToContentLength() error {
	const field = "content-length:"
	for {
		b, err := g.in.Peek(len(field))
		if len(b) == len(field) && bytes.EqualFold(b, []byte(field)) {
			return nil
		}
		if err != nil && len(b) < len(field) {
			return err
		}
		if _, err := g.in.Discard(1); err != nil {
			return err
		}
	}
}

// parseLength reads a Content-Length value: a positive decimal no larger
// than maxFrameSize.
func parseLength(v string) (int, bool) {
	v = string(bytes.TrimSpace([]byte(v)))
	if v == "" || v[0] < '0' || v[0] > '9' {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 || n > maxFrameSize {
		return 0, false
	}
	return n, true
}

// WriteFrame writes an encoded message.
func (g *guardedStream) WriteFrame(ctx context.Context, data []byte) (int64, error) {
	return g.f.WriteFrame(ctx, data)
}

// envelope is the part of a message the connection must be able to decode.
type envelope struct {
	Method *string         `json:"method"`
	ID     json.RawMessage `json:"id"` // "null" when null, nil when absent
	Result json.RawMessage `json:"result"`
	Error  json.RawMessage `json:"error"`
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
			if reply := checkEnvelope(m); reply != nil {
				return reply
			}
		}
		return nil
	}
	return checkEnvelope(trimmed)
}

// checkEnvelope returns nil for a request, notification or response the
// connection can decode, else the error response to send.
func checkEnvelope(m []byte) []byte {
	var e envelope
	if len(m) == 0 || m[0] != '{' || json.Unmarshal(m, &e) != nil {
		return invalidRequestFrame
	}
	if e.Method != nil {
		if *e.Method == "" {
			return invalidRequestFrame
		}
		// LSP ids are integers or strings; jsonrpc2 reads integers as int64
		// and ends the connection on anything else.
		if e.ID != nil && !validRequestID(e.ID) {
			return invalidIDFrame
		}
		return nil
	}
	if e.ID == nil || (e.Result == nil && e.Error == nil) {
		return invalidRequestFrame
	}
	// A response to an unknown or unreadable id is dropped by the
	// connection; an id it cannot decode at all must not reach it.
	if !validRequestID(e.ID) && string(e.ID) != "null" {
		return invalidIDFrame
	}
	return nil
}

var integerID = regexp.MustCompile(`^-?[0-9]+$`)

func validRequestID(id json.RawMessage) bool {
	id = bytes.TrimSpace(id)
	if len(id) > 0 && id[0] == '"' {
		var s string
		return json.Unmarshal(id, &s) == nil
	}
	if !integerID.Match(id) {
		return false
	}
	_, err := strconv.ParseInt(string(id), 10, 64)
	return err == nil
}
