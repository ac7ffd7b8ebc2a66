package sarif

import (
	"os"
	"path/filepath"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/sqlreview/sqlreview/rules/engine"
)

// stdinName is the file name standard input is reported under: the engine
// resolves the config and exclusions for "-" as this file in the working
// directory, so the report names the same file.
const stdinName = "stdin.sql"

// uriMapper turns finding paths into artifact locations.
type uriMapper struct {
	cwd string
	// root is the absolute root; resolved is the same with symlinks
	// resolved (equal when resolution fails).
	root, resolved string
}

func newURIMapper(root string) (*uriMapper, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if root == "" {
		root = cwd
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	return &uriMapper{cwd: cwd, root: abs, resolved: resolve(abs)}, nil
}

// resolve follows the symlinks of an absolute path. Where the path does not
// exist (a dangling link, a file that is gone) the rest of it is kept as is
// below its longest existing parent, which is still resolved.
func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	dir := filepath.Dir(p)
	if dir == p {
		return p
	}
	return filepath.Join(resolve(dir), filepath.Base(p))
}

// rootURI is the absolute file URI of the root, with the trailing slash
// SARIF requires of a uriBaseId's uri.
func (m *uriMapper) rootURI() string {
	u := fileURI(m.resolved)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// location returns the artifact location of a finding path: relative to
// the root under %SRCROOT% when the file is inside it, else an absolute
// file URI.
func (m *uriMapper) location(path string) *gosarif.ArtifactLocation {
	if path == engine.StdinPath {
		path = filepath.Join(m.cwd, stdinName)
	}
	abs := path
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(m.cwd, abs)
	}
	// GitHub cannot show a result reported through a symlink, so the
	// resolved path is tried first; the path as given is the fallback when
	// only it lies inside the root (a link into the repository from
	// outside is still better shown than dropped).
	resolved := resolve(abs)
	for _, c := range [][2]string{{resolved, m.resolved}, {abs, m.root}} {
		if rel, err := filepath.Rel(c[1], c[0]); err == nil && filepath.IsLocal(rel) {
			return gosarif.NewSimpleArtifactLocation(escapePath(filepath.ToSlash(rel))).WithUriBaseId(SrcRoot)
		}
	}
	return gosarif.NewSimpleArtifactLocation(fileURI(resolved))
}

// fileURI is the file:// URI of an absolute path.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/x -> /C:/x
	}
	return "file://" + escapePath(p)
}

// escapePath percent-encodes a slash-separated path for a URI (RFC 3986):
// everything but unreserved characters and "/" is encoded, UTF-8 byte by
// byte. That is stricter than the RFC needs, but a ":" in a relative path's
// first segment would otherwise read as a scheme, and consumers that treat
// "+" as a space or "&" specially are spared. A Windows drive colon stays.
func escapePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '/':
			b.WriteByte(c)
		case c == ':' && i == 2 && p[0] == '/' && isLetter(p[1]):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
