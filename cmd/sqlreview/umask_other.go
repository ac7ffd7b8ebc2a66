//go:build !unix

package main

import "os"

// currentUmask is zero where there is no umask.
func currentUmask() os.FileMode { return 0 }
