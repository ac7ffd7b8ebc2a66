package lsp

import (
	"context"
	"encoding/json"
	"time"

	"github.com/sqlreview/sqlreview/internal/buildinfo"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// FixAllKind is the code action kind of "apply every safe fix".
const FixAllKind protocol.CodeActionKind = "source.fixAll.sqlreview"

// initOptions are the initializationOptions the server reads.
type initOptions struct {
	// DebounceMs overrides the lint delay after an edit (tests use 0-20).
	DebounceMs *int `json:"debounceMs"`
}

func ptr[T any](v T) *T { return &v }

// Initialize negotiates the position encoding (UTF-8 when the client offers
// it: no conversion at all) and announces the features.
func (s *Server) Initialize(ctx context.Context, p *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := p.Capabilities.General; g != nil {
		for _, e := range g.PositionEncodings {
			if e == protocol.PositionEncodingKindUTF8 {
				s.utf8 = true
			}
		}
	}
	if w := p.Capabilities.Workspace; w != nil && w.DidChangeWatchedFiles != nil && w.DidChangeWatchedFiles.DynamicRegistration != nil {
		s.watchReg = *w.DidChangeWatchedFiles.DynamicRegistration
	}
	s.pulls, s.refreshes = clientPulls(p.Capabilities)
	td := p.Capabilities.TextDocument
	s.flatSymbols = td == nil || td.DocumentSymbol == nil || td.DocumentSymbol.HierarchicalDocumentSymbolSupport == nil ||
		!*td.DocumentSymbol.HierarchicalDocumentSymbolSupport
	if folders, ok := p.WorkspaceFolders.Get(); ok {
		for _, f := range folders {
			if path := filePath(string(f.URI)); path != "" {
				s.folders = append(s.folders, path)
			}
		}
	}
	//lint:ignore SA1019 clients without workspace folders (Neovim 0.7, older eglot) send only rootUri
	rootURI := p.RootURI
	if len(s.folders) == 0 && rootURI != nil {
		if path := filePath(string(*rootURI)); path != "" {
			s.folders = append(s.folders, path)
		}
	}
	if len(p.InitializationOptions) > 0 {
		var o initOptions
		if err := json.Unmarshal(p.InitializationOptions, &o); err == nil && o.DebounceMs != nil && *o.DebounceMs >= 0 {
			s.debounce = time.Duration(*o.DebounceMs) * time.Millisecond
			s.adaptive = false
		}
	}
	enc := protocol.PositionEncodingKindUTF16
	if s.utf8 {
		enc = protocol.PositionEncodingKindUTF8
	}
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			PositionEncoding: enc,
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: ptr(true),
				Change:    ptr(protocol.TextDocumentSyncKindIncremental),
				Save:      &protocol.SaveOptions{IncludeText: ptr(false)},
			},
			HoverProvider:          protocol.Boolean(true),
			DefinitionProvider:     protocol.Boolean(true),
			ReferencesProvider:     protocol.Boolean(true),
			DocumentSymbolProvider: protocol.Boolean(true),
			FoldingRangeProvider:   protocol.Boolean(true),
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix, FixAllKind},
			},
			CompletionProvider: &protocol.CompletionOptions{TriggerCharacters: []string{" ", ","}},
			DiagnosticProvider: &protocol.DiagnosticOptions{Identifier: ptr("sqlreview"), InterFileDependencies: true},
			Workspace: &protocol.WorkspaceOptions{WorkspaceFolders: &protocol.WorkspaceFoldersServerCapabilities{
				Supported: ptr(true), ChangeNotifications: protocol.Boolean(true),
			}},
		},
		ServerInfo: protocol.ServerInfo{Name: "sqlreview", Version: protocol.NewOptional(buildinfo.Version())},
	}, nil
}

// clientPulls reads whether the client pulls diagnostics
// (textDocument/diagnostic) and whether it re-pulls when asked
// (workspace/diagnostic/refresh). A client that pulls is never pushed to:
// VS Code keeps pushed and pulled diagnostics apart and would show every
// finding twice.
func clientPulls(c protocol.ClientCapabilities) (pulls, refreshes bool) {
	pulls = c.TextDocument != nil && c.TextDocument.Diagnostic != nil
	refreshes = c.Workspace != nil && c.Workspace.Diagnostics != nil && c.Workspace.Diagnostics.RefreshSupport != nil && *c.Workspace.Diagnostics.RefreshSupport
	return pulls, refreshes
}

// Initialized registers file watchers for configs and migrations, so edits
// outside the editor reload the config and the catalog.
func (s *Server) Initialized(ctx context.Context, p *protocol.InitializedParams) error {
	s.mu.Lock()
	reg, client := s.watchReg, s.client
	s.mu.Unlock()
	if !reg {
		s.watchDisk()
		return nil
	}
	opts, err := protocol.Marshal(&protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{
		{GlobPattern: protocol.Pattern("**/.sqlreview.{yaml,yml}")},
		{GlobPattern: protocol.Pattern("**/*.sql")},
	}})
	if err != nil {
		return err
	}
	// A request to the client: its reply arrives on the read loop this
	// notification runs on, so wait for it elsewhere.
	go func() {
		ctx := context.WithoutCancel(ctx)
		if err := client.RegisterCapability(ctx, &protocol.RegistrationParams{Registrations: []protocol.Registration{{
			ID: "sqlreview-watch", Method: protocol.MethodWorkspaceDidChangeWatchedFiles, RegisterOptions: opts,
		}}}); err != nil {
			s.log.Printf("registering file watchers: %v; watching files here instead", err)
			s.watchDisk()
		}
	}()
	return nil
}

// Shutdown stops linting; exit follows.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopWatching()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shutdown = true
	for _, d := range s.docs {
		if d.timer != nil {
			d.timer.Stop()
		}
	}
	return nil
}

// Exit ends Serve.
func (s *Server) Exit(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.exited:
	default:
		close(s.exited)
	}
	return nil
}

// filePath returns the file system path of a file: URI, "" for any other
// scheme (untitled:, git:, …), which the server lints without path-based
// config or catalog.
func filePath(raw string) string {
	u, err := uri.Parse(raw)
	if err != nil || u.Scheme() != "file" {
		return ""
	}
	return u.FsPath()
}
