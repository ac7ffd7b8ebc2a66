package release

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"time"
)

// entry is one file of an archive.
type entry struct {
	name string // path below the archive's top-level directory
	mode int64
	data []byte
}

// archiveEntries are the contract's files: the binary, LICENSE, README.md and
// THIRD_PARTY_NOTICES.
func (o Options) archiveEntries(t Target, bin string, notices []byte) ([]entry, error) {
	exe, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	license, err := os.ReadFile(filepath.Join(o.RepoRoot, "LICENSE"))
	if err != nil {
		return nil, err
	}
	readme, err := os.ReadFile(filepath.Join(o.RepoRoot, "README.md"))
	if err != nil {
		return nil, err
	}
	return []entry{
		{t.Exe(), 0o755, exe},
		{"LICENSE", 0o644, license},
		{"README.md", 0o644, readme},
		{"THIRD_PARTY_NOTICES", 0o644, notices},
	}, nil
}

// archive writes t's .tar.gz (.zip on Windows) into OutDir.
func (o Options) archive(t Target, bin string, notices []byte, stamp time.Time) (string, error) {
	entries, err := o.archiveEntries(t, bin, notices)
	if err != nil {
		return "", err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	top := ArchiveDir(o.Version, t)
	var buf bytes.Buffer
	if t.OS == "windows" {
		err = writeZip(&buf, top, entries, stamp)
	} else {
		err = writeTarGz(&buf, top, entries, stamp)
	}
	if err != nil {
		return "", err
	}
	dst := filepath.Join(o.OutDir, ArchiveName(o.Version, t))
	return dst, os.WriteFile(dst, buf.Bytes(), 0o644)
}

func writeTarGz(w io.Writer, top string, entries []entry, stamp time.Time) error {
	gz := gzip.NewWriter(w) // no name, zero mod time: same input, same bytes
	tw := tar.NewWriter(gz)
	hdr := func(name string, mode int64, typ byte, size int64) *tar.Header {
		return &tar.Header{Name: name, Mode: mode, Typeflag: typ, Size: size, ModTime: stamp, Uname: "root", Gname: "root", Format: tar.FormatPAX}
	}
	if err := tw.WriteHeader(hdr(top+"/", 0o755, tar.TypeDir, 0)); err != nil {
		return err
	}
	for _, e := range entries {
		if err := tw.WriteHeader(hdr(path.Join(top, e.name), e.mode, tar.TypeReg, int64(len(e.data)))); err != nil {
			return err
		}
		if _, err := tw.Write(e.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, top string, entries []entry, stamp time.Time) error {
	zw := zip.NewWriter(w)
	dir := &zip.FileHeader{Name: top + "/", Modified: stamp}
	dir.SetMode(os.ModeDir | 0o755)
	if _, err := zw.CreateHeader(dir); err != nil {
		return err
	}
	for _, e := range entries {
		h := &zip.FileHeader{Name: path.Join(top, e.name), Method: zip.Deflate, Modified: stamp}
		h.SetMode(os.FileMode(e.mode))
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(e.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeChecksums writes `<sha256 hex>  <file name>` per file, the format
// `sha256sum -c` reads, in the order given.
func writeChecksums(dst string, files []string) error {
	var buf bytes.Buffer
	for _, f := range files {
		sum, err := fileSHA256(f)
		if err != nil {
			return err
		}
		fmt.Fprintf(&buf, "%s  %s\n", sum, filepath.Base(f))
	}
	return os.WriteFile(dst, buf.Bytes(), 0o644)
}

func fileSHA256(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
