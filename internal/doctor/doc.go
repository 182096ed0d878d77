// Package doctor implements `hserr doctor`: checks, in the style of
// Elasticsearch's bootstrap checks, of everything on a Linux host that makes
// a JVM's native code fail — executable memory policy, libffi's temp-file
// search, the directories Java libraries unpack .so files into, memfd_secret,
// and what HotSpot itself needs to write hsperfdata, hs_err files and cores.
//
// Every probe is real (mmap, memfd_create, O_TMPFILE files mapped PROT_EXEC)
// and leaves nothing behind. Probes can run as another user (--user) and
// against a running process's environment and mount namespace (--pid).
package doctor
