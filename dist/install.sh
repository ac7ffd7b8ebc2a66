#!/bin/sh
# install.sh: download a sqlreview release archive for this machine, verify
# it against the release's SHA-256 checksums and install the binary.
#
#   sh install.sh VERSION [DIR]
#
# VERSION is a release tag (v0.2.0; 0.2.0 works too). DIR is where the
# sqlreview binary goes (default: $HOME/.local/bin). Nothing is installed
# unless the archive matches sqlreview_<version>_checksums.txt and its
# binary runs here.
#
# Environment:
#   SQLREVIEW_DOWNLOAD_URL  where the releases are: each release's files are
#                           read from $SQLREVIEW_DOWNLOAD_URL/VERSION/FILE
#                           (default https://github.com/sqlreview/sqlreview/releases/download;
#                           a mirror, or file:///dir for a local copy)
#   SQLREVIEW_CACHE_DIR     keeps the verified archives: a later run for the
#                           same version and platform installs from it without
#                           a download (default ${XDG_CACHE_HOME:-$HOME/.cache}/sqlreview;
#                           CI caches this directory)
#   SQLREVIEW_OS, SQLREVIEW_ARCH  the platform to install for, in Go's names
#                           (linux, darwin, windows; amd64, arm64); default:
#                           this machine's. The binary is then not run.
#
# Exit status: 0 installed, 1 download, verification or install failed,
# 2 usage.
set -eu

default_download_url=https://github.com/sqlreview/sqlreview/releases/download

fail() {
	echo "sqlreview install: $*" >&2
	exit 1
}

usage() {
	echo "usage: install.sh VERSION [DIR]   (VERSION: a release tag such as v0.2.0; DIR: default \$HOME/.local/bin)" >&2
	exit 2
}

detect_os() {
	case "$(uname -s)" in
	Linux) echo linux ;;
	Darwin) echo darwin ;;
	MINGW* | MSYS* | CYGWIN* | Windows_NT) echo windows ;;
	*) fail "no release archive for the operating system $(uname -s); build from source: go install github.com/sqlreview/sqlreview/cmd/sqlreview@$tag (needs Go and a C compiler)" ;;
	esac
}

detect_arch() {
	case "$(uname -m)" in
	x86_64 | amd64) echo amd64 ;;
	aarch64 | arm64) echo arm64 ;;
	*) fail "no release archive for the architecture $(uname -m); build from source: go install github.com/sqlreview/sqlreview/cmd/sqlreview@$tag (needs Go and a C compiler)" ;;
	esac
}

# download URL FILE: curl or wget, failing with one line that names the URL.
download() {
	if command -v curl >/dev/null 2>&1; then
		curl -fsSL --retry 2 -o "$2" "$1" 2>"$tmp/download.err" || fail "cannot download $1: $(tail -n 1 "$tmp/download.err")"
	elif command -v wget >/dev/null 2>&1; then
		wget -q -O "$2" "$1" 2>"$tmp/download.err" || fail "cannot download $1: wget failed$(tail -n 1 "$tmp/download.err" | sed 's/^/: /')"
	else
		fail "neither curl nor wget is installed; install one of them"
	fi
}

sha256() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d ' ' -f 1
	elif command -v shasum >/dev/null 2>&1; then
		shasum -a 256 "$1" | cut -d ' ' -f 1
	else
		fail "neither sha256sum nor shasum is installed; cannot verify the download"
	fi
}

# cached_archive: a cached archive that still has the checksum it was
# verified with, or nothing.
cached_archive() {
	[ -n "$cache" ] && [ -f "$cache/$archive" ] && [ -f "$cache/$archive.sha256" ] || return 0
	if [ "$(sha256 "$cache/$archive")" = "$(cat "$cache/$archive.sha256")" ]; then
		echo "$cache/$archive"
	fi
}

# fetch_verified: download the checksums and the archive; the archive's
# path if it matches, else fail.
fetch_verified() {
	base=${SQLREVIEW_DOWNLOAD_URL:-$default_download_url}
	base=${base%/}/$tag
	download "$base/$checksums" "$tmp/$checksums"
	want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$tmp/$checksums")
	[ -n "$want" ] || fail "release $tag has no archive for $os/$arch ($archive is not in $checksums); build from source: go install github.com/sqlreview/sqlreview/cmd/sqlreview@$tag (needs Go and a C compiler)"
	download "$base/$archive" "$tmp/$archive"
	got=$(sha256 "$tmp/$archive")
	[ "$got" = "$want" ] || fail "checksum mismatch for $archive: its SHA-256 is $got, $checksums says $want; nothing installed"
	keep_in_cache "$want"
	echo "$tmp/$archive"
}

# keep_in_cache SHA: best effort; a read-only cache only costs a download.
keep_in_cache() {
	[ -n "$cache" ] || return 0
	if mkdir -p "$cache" 2>/dev/null && cp "$tmp/$archive" "$cache/$archive.$$" 2>/dev/null; then
		mv -f "$cache/$archive.$$" "$cache/$archive"
		echo "$1" >"$cache/$archive.sha256"
	else
		echo "sqlreview install: cannot write the cache $cache; continuing without it" >&2
	fi
}

extract() {
	mkdir "$tmp/x"
	case "$archive" in
	*.zip)
		if command -v unzip >/dev/null 2>&1; then
			unzip -q "$1" -d "$tmp/x" || fail "cannot extract $archive"
		else
			tar -xf "$1" -C "$tmp/x" || fail "cannot extract $archive"
		fi
		;;
	*) tar -xzf "$1" -C "$tmp/x" || fail "cannot extract $archive" ;;
	esac
	[ -f "$tmp/x/$stem/$exe" ] || fail "$archive holds no $stem/$exe"
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
case "$1" in
-h | --help) usage ;;
v[0-9]* | [0-9]*) ;;
*) echo "sqlreview install: $1 is not a release version; give a tag such as v0.2.0" >&2; exit 2 ;;
esac
case "$1" in */* | *' '*) echo "sqlreview install: $1 is not a release version; give a tag such as v0.2.0" >&2; exit 2 ;; esac
tag=v${1#v}
version=${tag#v}
dir=${2:-${HOME:?HOME is not set; give the install directory}/.local/bin}
cache=${SQLREVIEW_CACHE_DIR-${XDG_CACHE_HOME:-${HOME:-}/.cache}/sqlreview}
[ -z "$cache" ] || cache=$cache/$tag

os=${SQLREVIEW_OS:-$(detect_os)}
arch=${SQLREVIEW_ARCH:-$(detect_arch)}
stem=sqlreview_${version}_${os}_${arch}
exe=sqlreview
ext=tar.gz
if [ "$os" = windows ]; then
	exe=sqlreview.exe
	ext=zip
fi
archive=$stem.$ext
checksums=sqlreview_${version}_checksums.txt

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t sqlreview)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

file=$(cached_archive)
if [ -n "$file" ]; then
	from="the cache $cache"
else
	file=$(fetch_verified)
	from=${SQLREVIEW_DOWNLOAD_URL:-$default_download_url}
fi
extract "$file"
bin=$tmp/x/$stem/$exe
chmod 755 "$bin"
if [ -z "${SQLREVIEW_OS:-}${SQLREVIEW_ARCH:-}" ]; then
	"$bin" version >"$tmp/version.out" 2>&1 || fail "the $os/$arch binary of $tag does not run here: $(head -n 1 "$tmp/version.out"); nothing installed"
fi

mkdir -p "$dir" || fail "cannot create $dir"
cp "$bin" "$dir/.$exe.$$" && chmod 755 "$dir/.$exe.$$" && mv -f "$dir/.$exe.$$" "$dir/$exe" || {
	rm -f "$dir/.$exe.$$"
	fail "cannot write $dir/$exe"
}
echo "sqlreview install: installed sqlreview $tag ($os/$arch, from $from) as $dir/$exe"
