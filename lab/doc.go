// Package lab is hserr's crash lab: its tests build small Java and C
// programs (java/, ffm/, jna/, c/), crash real HotSpot JVMs with them in known
// ways, and check that hserr parses and explains each hs_err log as what
// really happened. Logs are made at test time, never committed.
//
// Set HSERR_LAB_KEEP=DIR to keep every scenario's log in DIR.
package lab
