// Package channels holds the tests of sqlreview's install channels: the
// install script (dist/install.sh, which the GitHub Action and the CI
// examples run) and the npm packages (dist/npm). They work from release
// archives laid out as the release contract says (sqlreview_<version>_<os>_<arch>.tar.gz
// and sqlreview_<version>_checksums.txt); see releasearchives_test.go for
// where those come from.
package channels
