package release_test

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/sqlreview/sqlreview/dist/release"
)

// dockerfile is dist/docker/Dockerfile's instructions (continuation lines
// and comments dropped), keyed by instruction.
func dockerfile(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "dist", "docker", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		instr, arg, _ := strings.Cut(l, " ")
		out[instr] = strings.TrimSpace(arg)
	}
	return out
}

// TestDockerRootfs unpacks the root filesystem the Dockerfile ADDs, as
// Docker would (owners and modes from the tar), checks it against the
// Dockerfile (entrypoint, user, workdir), and runs `check` chrooted into it
// as the image's user, on the example mounted at the workdir.
func TestDockerRootfs(t *testing.T) {
	binary(t, release.LinuxAMD64)
	res := artifacts(t)
	df := dockerfile(t)
	want := map[string]string{
		"FROM":       "scratch",
		"ADD":        "rootfs-${TARGETARCH}.tar /",
		"USER":       fmt.Sprintf("%d:%d", release.ImageUID, release.ImageUID),
		"WORKDIR":    "/work",
		"ENTRYPOINT": `["/usr/local/bin/sqlreview"]`,
	}
	for k, v := range want {
		if df[k] != v {
			t.Errorf("Dockerfile %s %q, want %q", k, df[k], v)
		}
	}
	if got := filepath.Base(res.Rootfs[release.LinuxAMD64]); got != release.RootfsName("amd64") {
		t.Errorf("rootfs %s", got)
	}
	if ctx, _ := os.ReadFile(filepath.Join(res.DockerDir, "Dockerfile")); !bytes.Contains(ctx, []byte("ADD rootfs-${TARGETARCH}.tar /")) {
		t.Errorf("the docker context lacks the Dockerfile")
	}
	for _, tg := range builtFor {
		if tg.OS == "linux" {
			if _, err := os.Stat(filepath.Join(res.DockerDir, release.RootfsName(tg.Arch))); err != nil {
				t.Errorf("docker context lacks %s's root filesystem: %v", tg, err)
			}
		}
	}

	need(t, "root (to unpack owners and chroot)", os.Geteuid() == 0)
	root := t.TempDir()
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	unpack(t, res.Rootfs[release.LinuxAMD64], root)

	passwd, _ := os.ReadFile(filepath.Join(root, "etc", "passwd"))
	userLine := fmt.Sprintf("%s:x:%d:%d:%s:/home/%s:/sbin/nologin", release.ImageUser, release.ImageUID, release.ImageUID, release.ImageUser, release.ImageUser)
	if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(userLine) + `$`).Match(passwd) {
		t.Errorf("/etc/passwd lacks %q:\n%s", userLine, passwd)
	}
	if fi, err := os.Stat(filepath.Join(root, "home", release.ImageUser)); err != nil || fi.Sys().(*syscall.Stat_t).Uid != release.ImageUID {
		t.Errorf("the user's home is missing or not theirs: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(root, "tmp")); err != nil || fi.Mode()&os.ModeSticky == 0 || fi.Mode().Perm() != 0o777 {
		t.Errorf("/tmp is not 1777: %v %v", fi.Mode(), err)
	}
	if certs, err := os.ReadFile(filepath.Join(root, release.CACertsPath)); err != nil || !bytes.Contains(certs, []byte("-----BEGIN CERTIFICATE-----")) {
		t.Errorf("no CA bundle at /%s: %v", release.CACertsPath, err)
	}
	for _, f := range []string{"LICENSE", "THIRD_PARTY_NOTICES"} {
		if _, err := os.Stat(filepath.Join(root, "usr/share/doc/sqlreview", f)); err != nil {
			t.Errorf("image lacks %s: %v", f, err)
		}
	}

	// `docker run -v "$PWD:/work" IMAGE check testdata/examples/migrations`
	exampleWorkspace(t, filepath.Join(root, "work"))
	cmd := exec.Command("/usr/local/bin/sqlreview", "check", "testdata/examples/migrations")
	cmd.Dir = "/work"
	cmd.Env = []string{"HOME=/home/" + release.ImageUser}
	cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: root, Credential: &syscall.Credential{Uid: release.ImageUID, Gid: release.ImageUID}}
	checkExample(t, cmd)
}

// unpack extracts a root filesystem tar into dir with its owners and modes.
func unpack(t *testing.T, tarball, dir string) {
	t.Helper()
	f, err := os.Open(tarball)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, h.Name)
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(p, 0o755)
		case tar.TypeReg:
			var data []byte
			if data, err = io.ReadAll(tr); err == nil {
				err = os.WriteFile(p, data, 0o600)
			}
		default:
			t.Fatalf("%s: unexpected entry type %c", h.Name, h.Typeflag)
		}
		if err == nil {
			err = os.Lchown(p, h.Uid, h.Gid)
		}
		if err == nil {
			err = os.Chmod(p, os.FileMode(h.Mode).Perm()|modeBits(h.Mode))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// modeBits maps tar's setuid/setgid/sticky bits to Go's.
func modeBits(m int64) os.FileMode {
	var out os.FileMode
	if m&0o1000 != 0 {
		out |= os.ModeSticky
	}
	if m&0o2000 != 0 {
		out |= os.ModeSetgid
	}
	if m&0o4000 != 0 {
		out |= os.ModeSetuid
	}
	return out
}
