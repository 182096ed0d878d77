// Package example embeds a real hs_err log for `hserr explain --example`.
//
// hs_err_example.log was written by OpenJDK 17.0.15 (Debian 12, x86-64)
// running src/Example.java with src/example.c built by
// `gcc -O2 -shared -fPIC`: Java passes a NULL pointer (an unchecked failed
// allocation) to a JNI function that writes a field of the struct it points
// to. Regenerate it with the commands in src/README.md.
package example

import _ "embed"

// Log is the example report.
//
//go:embed hs_err_example.log
var Log []byte

// Name is the file name shown for the example.
const Name = "hs_err_example.log (embedded example)"
