// Package procfs parses the /proc files hserr doctor reads: mountinfo,
// environ, cmdline, limits and status. The parsers take bytes, never open
// files themselves, and never panic on malformed input: a line they cannot
// understand is skipped.
package procfs
