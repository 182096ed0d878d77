//go:build linux && !(386 || amd64 || arm64 || loong64 || riscv64 || s390x)

package doctor

// sysMemfdSecret is 0: the kernel does not wire memfd_secret on this
// architecture.
const sysMemfdSecret = 0
